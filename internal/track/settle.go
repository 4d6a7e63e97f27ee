package track

import (
	"context"
	"slices"
	"time"

	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/fulfilment"
	"github.com/waybill/waybill/internal/order"
	"github.com/waybill/waybill/internal/ship"
)

// finish settles the deliveries and returns: a fulfilment is delivered
// when every parcel of it is; an order when every fulfilment of it is
// (then its completion is due after the confirmation period); each
// delivered parcel is on its orders' timelines either way.
func (fx *effects) finish(ctx context.Context) error {
	if err := fx.cod(ctx); err != nil { // cod.go, returned.go: cash collected, refusals, returned stock
		return err
	}
	if err := order.AddNotes(ctx, fx.tx, fx.who, fx.notes); err != nil {
		return err
	}
	fx.notes = nil
	if len(fx.delivered) == 0 && len(fx.returned) == 0 {
		return nil
	}
	if err := fx.prepareSettle(ctx); err != nil {
		return err
	}
	// A fulfilment is delivered with its last parcel; all of them move in
	// one call, and each order's open fulfilments shrink as the loop
	// reaches the parcel that delivered one, so every settle sees what it
	// would have seen had the fulfilments moved one by one.
	fulfilments := map[string]bool{}
	var done []string
	for _, p := range fx.delivered {
		if !fulfilments[p.FulfilmentID] {
			fulfilments[p.FulfilmentID] = true
			if fx.undelivered[p.FulfilmentID] == 0 {
				done = append(done, p.FulfilmentID)
			}
		}
	}
	if len(done) > 0 {
		if err := fulfilment.Move(ctx, fx.tx, done, fulfilment.Shipped, fulfilment.Delivered,
			"fulfilment.delivered", fx.who.ID, map[string]any{"carrier": fx.delivered[0].Carrier}); err != nil {
			return err
		}
	}
	clear(fulfilments)
	var settle []order.Settlement
	for _, p := range fx.delivered {
		if !fulfilments[p.FulfilmentID] {
			fulfilments[p.FulfilmentID] = true
			if fx.undelivered[p.FulfilmentID] == 0 {
				for _, oid := range fx.orders[p.FulfilmentID] {
					delete(fx.open[oid], p.FulfilmentID)
				}
			}
		}
		for _, oid := range fx.orders[p.FulfilmentID] {
			o := fx.locked[oid]
			if o == nil {
				return errs.E(errs.NotFound, "no order %q", oid)
			}
			settle = append(settle, order.Settlement{Order: o, Delivered: true, Last: len(fx.open[oid]) == 0 && !o.Short, Detail: settled(p)})
		}
	}
	for _, p := range fx.returned {
		for _, oid := range fx.orders[p.FulfilmentID] {
			o := fx.locked[oid]
			if o == nil {
				return errs.E(errs.NotFound, "no order %q", oid)
			}
			settle = append(settle, order.Settlement{Order: o, Last: fx.allBack[oid], Detail: settled(p)})
		}
	}
	delivered, err := order.Settle(ctx, fx.tx, fx.who, settle)
	if err != nil {
		return err
	}
	// An order delivered before whose last parcel arrives now (a reship)
	// is due its completion again: the one queued then found it owed.
	for _, st := range settle {
		if st.Delivered && st.Last && st.Order.Status == order.Delivered && !slices.Contains(delivered, st.Order.ID) {
			delivered = append(delivered, st.Order.ID)
		}
	}
	if len(delivered) == 0 {
		return nil
	}
	r, err := fx.rulesOnce(ctx)
	if err != nil {
		return err
	}
	return enqueueCompletions(ctx, fx.tx, delivered, fx.tx.Now.Add(r.CompleteAfter))
}

// settled is what a delivered or returned parcel's entry on its orders'
// timelines says.
func settled(p *Parcel) map[string]any {
	d := map[string]any{"parcel_id": p.ParcelID, "carrier": p.Carrier, "tracking_number": p.TrackingNumber,
		"occurred_at": p.StatusAt.Format(time.RFC3339)}
	if p.CODCollected != nil {
		d["cod_collected_minor"], d["cod_currency"] = *p.CODCollected, p.CODCurrency
	}
	return d
}

// prepareSettle reads what finish settles with, in a few queries for all
// the delivered and returned parcels, and locks their orders (in id order
// on PostgreSQL).
func (fx *effects) prepareSettle(ctx context.Context) error {
	var fids, deliveredFids []string
	for _, p := range fx.delivered {
		fids, deliveredFids = append(fids, p.FulfilmentID), append(deliveredFids, p.FulfilmentID)
	}
	for _, p := range fx.returned {
		fids = append(fids, p.FulfilmentID)
	}
	oids, err := fx.loadOrders(ctx, fids)
	if err != nil {
		return err
	}
	if fx.locked, err = order.LockStandings(ctx, fx.tx, oids); err != nil {
		return err
	}
	fx.undelivered, fx.open = map[string]int{}, map[string]map[string]bool{}
	err = db.InChunks(deliveredFids, func(part []any) error {
		rows, err := fx.tx.QueryPrepared(ctx, `SELECT fulfilment_id, count(*) FROM parcel_tracking WHERE status <> $1
			AND fulfilment_id IN (`+fx.tx.Placeholders(2, len(part))+`) GROUP BY fulfilment_id`, append([]any{ship.TrackDelivered}, part...)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var fid string
			var n int
			if err := rows.Scan(&fid, &n); err != nil {
				return err
			}
			fx.undelivered[fid] = n
		}
		return rows.Err()
	})
	if err != nil {
		return err
	}
	// One read of the settled orders' fulfilments: those still on the
	// way, and for returns whether any parcel of the order is not back.
	var settled []string
	for _, fid := range fids {
		settled = append(settled, fx.orders[fid]...)
	}
	slices.Sort(settled)
	standings, err := fulfilment.StandingsOfOrders(ctx, fx.tx, slices.Compact(settled))
	if err != nil {
		return err
	}
	carries := map[string][]string{} // order -> its fulfilments
	notBack := map[string]bool{}     // fulfilments with something not back at the sender
	for oid, fs := range standings {
		for _, f := range fs {
			carries[oid] = append(carries[oid], f.ID)
			// One not shipped yet (still in the warehouse) is not back.
			notBack[f.ID] = f.Status != fulfilment.Shipped && f.Status != fulfilment.Cancelled
			if f.Status != fulfilment.Delivered && f.Status != fulfilment.Cancelled {
				if fx.open[oid] == nil {
					fx.open[oid] = map[string]bool{}
				}
				fx.open[oid][f.ID] = true
			}
		}
	}
	if err := fx.dropReplaced(ctx); err != nil { // replaced.go: what a reship sent again
		return err
	}
	if len(fx.returned) == 0 {
		return nil
	}
	var back []string
	for _, p := range fx.returned {
		for _, oid := range fx.orders[p.FulfilmentID] {
			back = append(back, carries[oid]...)
		}
	}
	slices.Sort(back)
	err = db.InChunks(slices.Compact(back), func(part []any) error {
		rows, err := fx.tx.QueryPrepared(ctx, `SELECT DISTINCT fulfilment_id FROM parcel_tracking WHERE status <> $1
			AND fulfilment_id IN (`+fx.tx.Placeholders(2, len(part))+`)`, append([]any{ship.TrackReturnedToSender}, part...)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var fid string
			if err := rows.Scan(&fid); err != nil {
				return err
			}
			notBack[fid] = true
		}
		return rows.Err()
	})
	fx.allBack = map[string]bool{}
	for _, p := range fx.returned {
		for _, oid := range fx.orders[p.FulfilmentID] {
			fx.allBack[oid] = !slices.ContainsFunc(carries[oid], func(fid string) bool { return notBack[fid] })
		}
	}
	return err
}
