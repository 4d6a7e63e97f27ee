package track

import (
	"context"
	"slices"
	"time"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/fulfilment"
	"github.com/waybill/waybill/internal/order"
	"github.com/waybill/waybill/internal/ship"
)

// effects acts on the moves of one transaction: each move's timeline entry
// on its orders (which the outbound webhooks send on), its notice and its
// case; deliveries and returns are settled per fulfilment and order once
// every move is known.
type effects struct {
	s         *Store
	tx        *db.Tx
	who       actor.Actor
	orders    map[string][]string // fulfilment id -> the orders it carries
	delivered []*Parcel
	returned  []*Parcel
	rules     *Rules
	// standing is where the moves' orders stood before any of them, read
	// at once for their timeline entries, which wait in notes until finish
	// writes them in one statement.
	standing map[string]*order.Order
	notes    []order.OrderNote
	// What finish settles with, read once for all its parcels: the
	// orders locked, each order's fulfilments not yet delivered (nor
	// cancelled), and each fulfilment's parcels not yet delivered.
	locked      map[string]*order.Order
	open        map[string]map[string]bool
	undelivered map[string]int
	allBack     map[string]bool // order -> every parcel of it returned to sender
}

func newEffects(s *Store, tx *db.Tx, carrier string) *effects {
	return &effects{s: s, tx: tx, who: Carrier(carrier), orders: map[string][]string{}, standing: map[string]*order.Order{}}
}

// prepare reads in a few queries what apply needs for these moves: the
// orders their fulfilments carry and where those orders stand.
func (fx *effects) prepare(ctx context.Context, moved []*arrival) error {
	fids := make([]string, 0, len(moved))
	for _, a := range moved {
		if _, ok := timelineType[a.Status]; ok {
			fids = append(fids, a.parcel.FulfilmentID)
		}
	}
	oids, err := fx.loadOrders(ctx, fids)
	if err != nil {
		return err
	}
	st, err := order.ReadStandings(ctx, fx.tx, oids)
	if err != nil {
		return err
	}
	for id, o := range st {
		fx.standing[id] = o
	}
	return nil
}

// detail is what a move's timeline entry says about the parcel.
func detail(p *Parcel, e ship.TrackingEvent) map[string]any {
	d := map[string]any{"parcel_id": p.ParcelID, "carrier": p.Carrier, "tracking_number": p.TrackingNumber, "status": e.Status,
		"event_id": e.EventID, "occurred_at": e.OccurredAt.UTC().Format(time.RFC3339)}
	if e.Reason != "" {
		d["reason"] = e.Reason
	}
	if e.Location != "" {
		d["location"] = e.Location
	}
	if e.Description != "" {
		d["description"] = e.Description
	}
	return d
}

// caseFor is the case a move opens, if any: by the reason where it says
// what is wrong.
func caseFor(e ship.TrackingEvent) string {
	switch e.Status {
	case ship.TrackLost:
		return CaseLost
	case ship.TrackDeliveryAttempted, ship.TrackException:
		switch e.Reason {
		case ship.ReasonRefused:
			return CaseRefused
		case ship.ReasonAddress:
			return CaseAddress
		case ship.ReasonDamaged:
			return CaseDamaged
		}
		if e.Status == ship.TrackDeliveryAttempted {
			return CaseAttempted
		}
		return CaseException
	}
	return ""
}

// noticeFor is the tracking notice a move sends the customer, if any.
func noticeFor(e ship.TrackingEvent) order.Message {
	switch e.Status {
	case ship.TrackDeliveryAttempted:
		return order.AttemptedMessage
	case ship.TrackAvailableForPickup:
		return order.PickupMessage
	case ship.TrackException:
		if e.Reason == ship.ReasonDelayed || e.Reason == ship.ReasonWeather || e.Reason == ship.ReasonCustoms {
			return order.DelayedMessage
		}
	}
	return ""
}

// timelineType is the order event a move adds (the outbound webhooks'
// event type); delivered and returned are added when settled.
var timelineType = map[string]string{
	ship.TrackOutForDelivery:     "order.out_for_delivery",
	ship.TrackDeliveryAttempted:  "order.delivery_attempted",
	ship.TrackAvailableForPickup: "order.available_for_pickup",
	ship.TrackException:          "order.exception",
	ship.TrackLost:               "order.exception",
}

// apply acts on one move of p by e.
func (fx *effects) apply(ctx context.Context, p *Parcel, e ship.TrackingEvent) error {
	switch e.Status {
	case ship.TrackDelivered:
		fx.delivered = append(fx.delivered, p)
		return nil
	case ship.TrackReturnedToSender:
		fx.returned = append(fx.returned, p)
		return nil
	}
	typ, ok := timelineType[e.Status]
	if !ok {
		return nil // picked up, in transit: the parcel's history has them
	}
	orders, err := fx.ordersOf(ctx, p.FulfilmentID)
	if err != nil {
		return err
	}
	d := detail(p, e)
	for _, oid := range orders {
		if err := fx.note(ctx, oid, typ, d); err != nil {
			return err
		}
		if m := noticeFor(e); m != "" {
			if err := order.NotifyParcel(ctx, fx.tx, oid, m, p.TrackingNumber, p.Carrier+":"+e.EventID); err != nil {
				return err
			}
		}
		if kind := caseFor(e); kind != "" {
			r, err := fx.rulesOnce(ctx)
			if err != nil {
				return err
			}
			if _, err := openCase(ctx, fx.tx, kind, p.ParcelID, oid, e.Description, r.CaseSLA); err != nil {
				return err
			}
		}
	}
	return nil
}

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
	for _, p := range fx.delivered {
		if !fulfilments[p.FulfilmentID] {
			fulfilments[p.FulfilmentID] = true
			if fx.undelivered[p.FulfilmentID] == 0 {
				for _, oid := range fx.orders[p.FulfilmentID] {
					delete(fx.open[oid], p.FulfilmentID)
				}
			}
		}
		if err := fx.settle(ctx, p, true); err != nil {
			return err
		}
	}
	for _, p := range fx.returned {
		if err := fx.settle(ctx, p, false); err != nil {
			return err
		}
	}
	return nil
}

// settle records a delivered (or returned) parcel on each of its orders,
// moving an order on when nothing of it is left on the way.
func (fx *effects) settle(ctx context.Context, p *Parcel, delivered bool) error {
	orders, err := fx.ordersOf(ctx, p.FulfilmentID)
	if err != nil {
		return err
	}
	d := map[string]any{"parcel_id": p.ParcelID, "carrier": p.Carrier, "tracking_number": p.TrackingNumber,
		"occurred_at": p.StatusAt.Format(time.RFC3339)}
	if p.CODCollected != nil {
		d["cod_collected_minor"], d["cod_currency"] = *p.CODCollected, p.CODCurrency
	}
	for _, oid := range orders {
		o := fx.locked[oid]
		if o == nil {
			return errs.E(errs.NotFound, "no order %q", oid)
		}
		if !delivered {
			all, err := fx.nothingDelivered(ctx, oid)
			if err != nil {
				return err
			}
			if err := order.ReturnedToSender(ctx, fx.tx, o, all, fx.who, d); err != nil {
				return err
			}
			continue
		}
		done, err := order.DeliveredPart(ctx, fx.tx, o, len(fx.open[oid]) == 0 && !o.Short, fx.who, d)
		if err != nil {
			return err
		}
		if done {
			r, err := fx.rulesOnce(ctx)
			if err != nil {
				return err
			}
			if err := enqueueCompletion(ctx, fx.tx, oid, fx.tx.Now.Add(r.CompleteAfter)); err != nil {
				return err
			}
		}
	}
	return nil
}

// nothingDelivered reports whether every parcel of the order's
// fulfilments came back to the sender or is otherwise final without
// delivery: the order went back whole.
func (fx *effects) nothingDelivered(ctx context.Context, orderID string) (bool, error) {
	if all, ok := fx.allBack[orderID]; ok {
		return all, nil // read with the others by prepareSettle
	}
	var left int
	err := fx.tx.QueryRowContext(ctx, `SELECT count(*) FROM parcel_tracking t WHERE t.status <> $2
		AND t.fulfilment_id IN (SELECT fulfilment_id FROM fulfilment_lines WHERE order_id = $1)`,
		orderID, ship.TrackReturnedToSender).Scan(&left)
	return left == 0, err
}

// note adds a timeline entry (and so an outbound event) to an order
// without changing it; finish writes the entries of the transaction in
// one statement, before anything it settles.
func (fx *effects) note(ctx context.Context, orderID, typ string, d map[string]any) error {
	o := fx.standing[orderID]
	if o == nil {
		st, err := order.ReadStandings(ctx, fx.tx, []string{orderID})
		if err != nil {
			return err
		}
		if o = st[orderID]; o == nil {
			return errs.E(errs.NotFound, "no order %q", orderID)
		}
		fx.standing[orderID] = o
	}
	fx.notes = append(fx.notes, order.OrderNote{OrderID: orderID, Note: order.Note{Type: typ, Status: o.Status,
		PaymentStatus: o.PaymentStatus, Detail: d}})
	return nil
}

// ordersOf is the orders a fulfilment carries (merged fulfilments carry
// several), read once per transaction.
func (fx *effects) ordersOf(ctx context.Context, fid string) ([]string, error) {
	if ids, ok := fx.orders[fid]; ok {
		return ids, nil
	}
	ids, err := fx.tx.Strings(ctx, `SELECT DISTINCT order_id FROM fulfilment_lines WHERE fulfilment_id = $1 ORDER BY order_id`, fid)
	if err != nil {
		return nil, err
	}
	fx.orders[fid] = ids
	return ids, nil
}

// loadOrders reads the orders these fulfilments carry into ordersOf's
// cache in one query per chunk, and returns them all.
func (fx *effects) loadOrders(ctx context.Context, fids []string) ([]string, error) {
	var want []string
	for _, fid := range fids {
		if _, ok := fx.orders[fid]; !ok {
			fx.orders[fid] = nil
			want = append(want, fid)
		}
	}
	err := db.InChunks(want, func(part []any) error {
		rows, err := fx.tx.QueryContext(ctx, `SELECT DISTINCT fulfilment_id, order_id FROM fulfilment_lines
			WHERE fulfilment_id IN (`+fx.tx.Placeholders(1, len(part))+`)`, part...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var fid, oid string
			if err := rows.Scan(&fid, &oid); err != nil {
				return err
			}
			fx.orders[fid] = append(fx.orders[fid], oid)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	var all []string
	for _, fid := range fids {
		slices.Sort(fx.orders[fid])
		for _, oid := range fx.orders[fid] {
			if !seen[oid] {
				seen[oid] = true
				all = append(all, oid)
			}
		}
	}
	return all, nil
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
		rows, err := fx.tx.QueryContext(ctx, `SELECT fulfilment_id, count(*) FROM parcel_tracking WHERE status <> $1
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
	// One read of the settled orders' fulfilments (an order's lines are
	// found by scanning fulfilment_lines, which has no index by order):
	// those still on the way, and for returns whether any parcel of the
	// order is not back.
	var settled []string
	for _, fid := range fids {
		settled = append(settled, fx.orders[fid]...)
	}
	slices.Sort(settled)
	carries := map[string][]string{} // order -> its fulfilments
	err = db.InChunks(slices.Compact(settled), func(part []any) error {
		rows, err := fx.tx.QueryContext(ctx, `SELECT DISTINCT l.order_id, f.id, f.status FROM fulfilment_lines l
			JOIN fulfilments f ON f.id = l.fulfilment_id WHERE l.order_id IN (`+fx.tx.Placeholders(1, len(part))+`)`, part...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var oid, fid, status string
			if err := rows.Scan(&oid, &fid, &status); err != nil {
				return err
			}
			carries[oid] = append(carries[oid], fid)
			if status != string(fulfilment.Delivered) && status != string(fulfilment.Cancelled) {
				if fx.open[oid] == nil {
					fx.open[oid] = map[string]bool{}
				}
				fx.open[oid][fid] = true
			}
		}
		return rows.Err()
	})
	if err != nil || len(fx.returned) == 0 {
		return err
	}
	var back []string
	for _, p := range fx.returned {
		for _, oid := range fx.orders[p.FulfilmentID] {
			back = append(back, carries[oid]...)
		}
	}
	slices.Sort(back)
	notBack := map[string]bool{}
	err = db.InChunks(slices.Compact(back), func(part []any) error {
		rows, err := fx.tx.QueryContext(ctx, `SELECT DISTINCT fulfilment_id FROM parcel_tracking WHERE status <> $1
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

func (fx *effects) rulesOnce(ctx context.Context) (Rules, error) {
	if fx.rules == nil {
		r, err := rulesTx(ctx, fx.tx)
		if err != nil {
			return Rules{}, err
		}
		fx.rules = &r
	}
	return *fx.rules, nil
}
