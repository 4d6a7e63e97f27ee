package track

import (
	"context"
	"slices"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/review"
	"github.com/waybill/waybill/internal/risk"
	"github.com/waybill/waybill/internal/ship"
)

// cod acts on what a transaction's moves mean for cash on delivery and
// for stock, before deliveries and returns are settled: a delivered COD
// parcel records the cash collected (codDue), a refusal is recorded
// against the customer for the risk rules (recordRefusals), and a
// returned parcel's units come back into stock (receiveBack).
func (fx *effects) cod(ctx context.Context) error {
	ctx = actor.With(ctx, fx.who)
	for _, p := range fx.delivered {
		if err := fx.codDue(ctx, p); err != nil {
			return err
		}
	}
	if err := fx.recordRefusals(ctx); err != nil {
		return err
	}
	for _, p := range fx.returned {
		if err := fx.receiveBack(ctx, p); err != nil {
			return err
		}
	}
	return nil
}

// codDue records on a delivered parcel the cash its driver collected when
// the carrier's event did not say (a carrier that does is believed). The
// rule: each COD order the parcel carries is due its total, shared over
// the order's parcels by the units each carries, rounded so the shares
// add up to the total (parcels taken by id, each due the rounded-down
// share of the units so far less what the parcels before it are due); a
// single-parcel order is due its whole total on its one parcel. A parcel of prepaid orders only
// collects nothing and records nothing.
func (fx *effects) codDue(ctx context.Context, p *Parcel) error {
	if p.CODCollected != nil {
		return nil
	}
	rows, err := fx.tx.QueryContext(ctx, `SELECT o.id, o.total_minor, o.currency,
		(SELECT COALESCE(sum(i.quantity), 0) FROM parcel_items i WHERE i.parcel_id = $1 AND i.order_id = o.id),
		(SELECT COALESCE(sum(i.quantity), 0) FROM parcel_items i JOIN parcels q ON q.id = i.parcel_id
			WHERE i.order_id = o.id AND q.status <> 'cancelled'),
		(SELECT COALESCE(sum(i.quantity), 0) FROM parcel_items i JOIN parcels q ON q.id = i.parcel_id
			WHERE i.order_id = o.id AND q.status <> 'cancelled' AND i.parcel_id < $1)
		FROM orders o WHERE o.payment_method = 'cod' AND o.id IN (SELECT order_id FROM parcel_items WHERE parcel_id = $1)
		ORDER BY o.id`, p.ParcelID)
	if err != nil {
		return err
	}
	defer rows.Close()
	var due int64
	var currency string
	for rows.Next() {
		var oid, cur string
		var total, here, all, before int64
		if err := rows.Scan(&oid, &total, &cur, &here, &all, &before); err != nil {
			return err
		}
		if currency == "" {
			currency = cur
		}
		if cur != currency || all == 0 {
			continue // one parcel is paid in one currency; a merge never mixes them
		}
		due += total*(before+here)/all - total*before/all
	}
	if err := rows.Err(); err != nil || currency == "" {
		return err
	}
	p.CODCollected, p.CODCurrency = &due, currency
	_, err = fx.tx.ExecContext(ctx, `UPDATE parcel_tracking SET cod_collected_minor = $2, cod_currency = $3 WHERE parcel_id = $1`,
		p.ParcelID, due, currency)
	return err
}

// recordRefusals records a COD refusal for each COD order of this
// transaction's parcels whose carrier reported the customer refused it
// (a delivery attempt or exception with reason refused that moved the
// parcel): the cod_limit risk rule's max_refusals counts them by the
// customer's e-mail (risk.CustomerKey). An order counts once however often
// it is reported.
func (fx *effects) recordRefusals(ctx context.Context) error {
	fulfilments := make([]string, 0, len(fx.orders))
	for fid := range fx.orders {
		fulfilments = append(fulfilments, fid)
	}
	if len(fulfilments) == 0 {
		return nil
	}
	slices.Sort(fulfilments)
	args := []any{ship.ReasonRefused, ship.TrackDeliveryAttempted, ship.TrackException}
	for _, f := range fulfilments {
		args = append(args, f)
	}
	rows, err := fx.tx.QueryContext(ctx, `SELECT DISTINCT o.id, o.customer_email FROM tracking_events e
		JOIN parcel_tracking t ON t.parcel_id = e.parcel_id
		JOIN parcel_items i ON i.parcel_id = t.parcel_id
		JOIN orders o ON o.id = i.order_id
		WHERE e.reason = $1 AND e.status IN ($2, $3) AND e.applied AND o.payment_method = 'cod'
		AND t.fulfilment_id IN (`+fx.tx.Placeholders(4, len(fulfilments))+`) ORDER BY o.id`, args...)
	if err != nil {
		return err
	}
	type refusal struct{ order, customer string }
	var found []refusal
	for rows.Next() {
		var r refusal
		if err := rows.Scan(&r.order, &r.customer); err != nil {
			rows.Close()
			return err
		}
		found = append(found, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, r := range found {
		if key := risk.NormalizeEmail(r.customer); key != "" {
			if err := review.RecordCODRefusal(ctx, fx.tx, key, r.order); err != nil {
				return err
			}
		}
	}
	return nil
}
