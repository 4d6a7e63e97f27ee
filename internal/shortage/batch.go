// Package shortage holds the shortage policies: what a product (or one
// channel's view of it) does with units no warehouse can cover when an
// order comes in (hold, backorder, presale, split, cancel the short units),
// their store and API, and the engine's per-batch lookup (Intake). Serving
// the orders that wait when stock arrives is the release stage's.
package shortage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/order"
)

// Policy is what a product (or a channel's view of it) does with units no
// warehouse can cover.
type Policy struct {
	Kind       string `json:"policy" enum:"hold,backorder,presale,split,cancel_short"`
	MaxWaiting int64  `json:"max_waiting,omitempty" minimum:"0" maximum:"100000000" doc:"backorder: units that may wait below zero; presale: the quota"`
	LeadDays   int    `json:"lead_days,omitempty" minimum:"0" maximum:"365" doc:"backorder: days until replenishment is expected"`
	ReleaseOn  string `json:"release_on,omitempty" doc:"presale: the release date, YYYY-MM-DD"`
}

// Intake decides short lines for the order engine (order.Shortages).
type Intake struct{}

// Batch implements order.Shortages.
func (Intake) Batch(tx *db.Tx) order.ShortageBatch { return &batch{tx: tx} }

// batch is one engine batch's lazily loaded view of policies and waiting
// units: most batches have no short line and never query either.
type batch struct {
	tx       *db.Tx
	policies map[[2]string]*Policy // (product id, channel); "" channel is the default
	waiting  map[string]int64      // product id → units waiting under backorder or presale
}

// policyFor returns the policy for a product sold on channel: the channel's
// own, else the product's, else hold.
func (b *batch) policyFor(ctx context.Context, productID, channel string) (Policy, error) {
	if b.policies == nil {
		b.policies, b.waiting = map[[2]string]*Policy{}, map[string]int64{}
	}
	if _, loaded := b.waiting[productID]; !loaded {
		if err := b.load(ctx, productID); err != nil {
			return Policy{}, err
		}
	}
	for _, ch := range []string{channel, ""} {
		if p := b.policies[[2]string{productID, ch}]; p != nil {
			return *p, nil
		}
	}
	return Policy{Kind: order.PolicyHold}, nil
}

func (b *batch) load(ctx context.Context, productID string) error {
	rows, err := b.tx.QueryContext(ctx, `SELECT channel, policy, max_waiting, lead_days, release_on
		FROM shortage_policies WHERE product_id = $1`, productID)
	if err != nil {
		return fmt.Errorf("read shortage policies: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var ch string
		var p Policy
		if err := rows.Scan(&ch, &p.Kind, &p.MaxWaiting, &p.LeadDays, &p.ReleaseOn); err != nil {
			return err
		}
		b.policies[[2]string{productID, ch}] = &p
	}
	if err := rows.Err(); err != nil {
		return err
	}
	n, err := order.WaitingUnits(ctx, b.tx, productID)
	if err != nil {
		return err // not cached: the next order asks again
	}
	b.waiting[productID] = n
	return nil
}

// Apply implements order.ShortageBatch: it decides what happens to a
// line's short units under its product's policy. Backorders and presales
// beyond their limit, and a presale after its release date, fall back to
// hold: a person decides.
func (b *batch) Apply(ctx context.Context, o *order.Order, i int, short int64) error {
	l := &o.Lines[i]
	p, err := b.policyFor(ctx, l.ProductID, o.Channel)
	if err != nil {
		return err
	}
	today := b.tx.Now.Format(time.DateOnly)
	l.ShortPolicy = order.PolicyHold
	switch p.Kind {
	case order.PolicyBackorder, order.PolicyPresale:
		if p.Kind == order.PolicyPresale && p.ReleaseOn <= today || b.waiting[l.ProductID]+short > p.MaxWaiting {
			return nil
		}
		b.waiting[l.ProductID] += short
		l.ShortPolicy = p.Kind
		shipsOn := p.ReleaseOn
		if p.Kind == order.PolicyBackorder {
			shipsOn = b.tx.Now.AddDate(0, 0, p.LeadDays).Format(time.DateOnly)
		}
		o.ShipsOn = max(o.ShipsOn, shipsOn)
	case order.PolicySplit:
		l.ShortPolicy = order.PolicySplit
	case order.PolicyCancelShort:
		l.ShortPolicy = order.PolicyCancelShort
		l.CancelledQuantity, l.ShortQuantity = short, 0
		o.RefundDueMinor += l.CancelledMinor()
	}
	return nil
}

// PolicyFor returns, in tx, the policy for a product sold on channel: the
// channel's own, else the product's, else hold. Later stages ask it when
// units go short after intake (a short pick).
func PolicyFor(ctx context.Context, tx *db.Tx, productID, channel string) (Policy, error) {
	var p Policy
	err := tx.QueryRowContext(ctx, `SELECT policy, max_waiting, lead_days, release_on FROM shortage_policies
		WHERE product_id = $1 AND channel IN ($2, '') ORDER BY channel DESC LIMIT 1`, productID, channel).
		Scan(&p.Kind, &p.MaxWaiting, &p.LeadDays, &p.ReleaseOn)
	if errors.Is(err, sql.ErrNoRows) {
		return Policy{Kind: order.PolicyHold}, nil
	}
	if err != nil {
		return Policy{}, fmt.Errorf("read shortage policy: %w", err)
	}
	return p, nil
}
