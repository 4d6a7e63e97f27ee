package order

import (
	"context"
	"fmt"
	"time"

	"github.com/waybill/waybill/internal/db"
)

// The shortage policies (migration 00011 describes each).
const (
	PolicyHold        = "hold"
	PolicyBackorder   = "backorder"
	PolicyPresale     = "presale"
	PolicySplit       = "split"
	PolicyCancelShort = "cancel_short"
)

// ShortagePolicy is what a product (or a channel's view of it) does with
// units no warehouse can cover.
type ShortagePolicy struct {
	Policy     string `json:"policy" enum:"hold,backorder,presale,split,cancel_short"`
	MaxWaiting int64  `json:"max_waiting,omitempty" minimum:"0" maximum:"100000000" doc:"backorder: units that may wait below zero; presale: the quota"`
	LeadDays   int    `json:"lead_days,omitempty" minimum:"0" maximum:"365" doc:"backorder: days until replenishment is expected"`
	ReleaseOn  string `json:"release_on,omitempty" doc:"presale: the release date, YYYY-MM-DD"`
}

// shortages is the batch's lazily loaded view of policies and waiting
// units: most batches have no short line and never query either.
type shortages struct {
	policies map[[2]string]*ShortagePolicy // (product id, channel); "" channel is the default
	waiting  map[string]int64              // product id → units waiting under backorder or presale
}

// policyFor returns the policy for a product sold on channel: the channel's
// own, else the product's, else hold.
func (b *batch) policyFor(ctx context.Context, productID, channel string) (ShortagePolicy, error) {
	if b.short.policies == nil {
		b.short.policies, b.short.waiting = map[[2]string]*ShortagePolicy{}, map[string]int64{}
	}
	if _, loaded := b.short.waiting[productID]; !loaded {
		if err := b.loadShortage(ctx, productID); err != nil {
			return ShortagePolicy{}, err
		}
	}
	for _, ch := range []string{channel, ""} {
		if p := b.short.policies[[2]string{productID, ch}]; p != nil {
			return *p, nil
		}
	}
	return ShortagePolicy{Policy: PolicyHold}, nil
}

func (b *batch) loadShortage(ctx context.Context, productID string) error {
	rows, err := b.tx.QueryContext(ctx, `SELECT channel, policy, max_waiting, lead_days, release_on
		FROM shortage_policies WHERE product_id = $1`, productID)
	if err != nil {
		return fmt.Errorf("read shortage policies: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var ch string
		var p ShortagePolicy
		if err := rows.Scan(&ch, &p.Policy, &p.MaxWaiting, &p.LeadDays, &p.ReleaseOn); err != nil {
			return err
		}
		b.short.policies[[2]string{productID, ch}] = &p
	}
	if err := rows.Err(); err != nil {
		return err
	}
	n, err := waitingUnits(ctx, b.tx, productID)
	if err != nil {
		return err // not cached: the next order asks again
	}
	b.short.waiting[productID] = n
	return nil
}

// waitingUnits counts a product's units accepted as backorder or presale
// and not yet covered, on orders still alive.
func waitingUnits(ctx context.Context, tx *db.Tx, productID string) (int64, error) {
	var n int64
	err := tx.QueryRowContext(ctx, `SELECT COALESCE(SUM(l.short_quantity), 0) FROM order_lines l JOIN orders o ON o.id = l.order_id
		WHERE l.product_id = $1 AND l.short_quantity > 0 AND l.short_policy IN ('backorder', 'presale') AND o.status <> 'cancelled'`,
		productID).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("count waiting units: %w", err)
	}
	return n, nil
}

// applyShortage decides what happens to a line's short units under its
// product's policy. Backorders and presales beyond their limit, and a
// presale after its release date, fall back to hold: a person decides.
func (b *batch) applyShortage(ctx context.Context, o *Order, i int, short int64) error {
	l := &o.Lines[i]
	p, err := b.policyFor(ctx, l.ProductID, o.Channel)
	if err != nil {
		return err
	}
	today := b.tx.Now.Format(time.DateOnly)
	l.ShortPolicy = PolicyHold
	switch p.Policy {
	case PolicyBackorder, PolicyPresale:
		if p.Policy == PolicyPresale && p.ReleaseOn <= today || b.short.waiting[l.ProductID]+short > p.MaxWaiting {
			return nil
		}
		b.short.waiting[l.ProductID] += short
		l.ShortPolicy = p.Policy
		shipsOn := p.ReleaseOn
		if p.Policy == PolicyBackorder {
			shipsOn = b.tx.Now.AddDate(0, 0, p.LeadDays).Format(time.DateOnly)
		}
		o.ShipsOn = max(o.ShipsOn, shipsOn)
	case PolicySplit:
		l.ShortPolicy = PolicySplit
	case PolicyCancelShort:
		l.ShortPolicy = PolicyCancelShort
		l.CancelledQuantity, l.ShortQuantity = short, 0
		o.RefundDueMinor += l.cancelledMinor()
	}
	return nil
}

// cancelledMinor is what the line's cancelled units cost the customer: their
// share of the line total, after discounts, rounded down.
func (l Line) cancelledMinor() int64 { return l.TotalMinor * l.CancelledQuantity / l.Quantity }
