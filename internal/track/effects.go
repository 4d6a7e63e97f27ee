package track

import (
	"context"
	"maps"
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
	refused   []*Parcel // moved by a refusal: recordRefusals
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
	if e.Reason == ship.ReasonRefused && (e.Status == ship.TrackDeliveryAttempted || e.Status == ship.TrackException) {
		fx.refused = append(fx.refused, p)
	}
	typ, ok := timelineType[e.Status]
	if !ok {
		return nil // picked up, in transit: the parcel's history has them
	}
	d := detail(p, e)
	for _, oid := range fx.orders[p.FulfilmentID] { // read by prepare
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
			if _, err := openCase(ctx, fx.tx, fx.who, kind, p.ParcelID, oid, e.Description, r.CaseSLA); err != nil {
				return err
			}
		}
	}
	return nil
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

// loadOrders reads the orders these fulfilments carry (merged
// fulfilments carry several) into fx.orders, once per transaction, and
// returns them all.
func (fx *effects) loadOrders(ctx context.Context, fids []string) ([]string, error) {
	var want []string
	for _, fid := range fids {
		if _, ok := fx.orders[fid]; !ok {
			fx.orders[fid] = nil
			want = append(want, fid)
		}
	}
	carried, err := fulfilment.OrdersOf(ctx, fx.tx, want)
	if err != nil {
		return nil, err
	}
	maps.Copy(fx.orders, carried)
	seen := map[string]bool{}
	var all []string
	for _, fid := range fids {
		for _, oid := range fx.orders[fid] {
			if !seen[oid] {
				seen[oid] = true
				all = append(all, oid)
			}
		}
	}
	return all, nil
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
