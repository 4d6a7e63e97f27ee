package track

import (
	"context"
	"time"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/db"
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
}

func newEffects(s *Store, tx *db.Tx, carrier string) *effects {
	return &effects{s: s, tx: tx, who: Carrier(carrier), orders: map[string][]string{}}
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
	fulfilments := map[string]bool{}
	for _, p := range fx.delivered {
		if !fulfilments[p.FulfilmentID] {
			fulfilments[p.FulfilmentID] = true
			var open int
			if err := fx.tx.QueryRowContext(ctx, `SELECT count(*) FROM parcel_tracking WHERE fulfilment_id = $1 AND status <> $2`,
				p.FulfilmentID, ship.TrackDelivered).Scan(&open); err != nil {
				return err
			}
			if open == 0 {
				if err := fulfilment.Move(ctx, fx.tx, []string{p.FulfilmentID}, fulfilment.Shipped, fulfilment.Delivered,
					"fulfilment.delivered", fx.who.ID, map[string]any{"carrier": p.Carrier}); err != nil {
					return err
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
		o, err := order.Lock(ctx, fx.tx, oid)
		if err != nil {
			return err
		}
		if !delivered {
			all, err := fx.nothingDelivered(ctx, oid)
			if err != nil {
				return err
			}
			if err := order.ReturnedToSender(ctx, fx.tx, &o, all, fx.who, d); err != nil {
				return err
			}
			continue
		}
		var open int
		if err := fx.tx.QueryRowContext(ctx, `SELECT count(*) FROM fulfilments f WHERE f.status NOT IN ('delivered', 'cancelled')
			AND f.id IN (SELECT fulfilment_id FROM fulfilment_lines WHERE order_id = $1)`, oid).Scan(&open); err != nil {
			return err
		}
		done, err := order.DeliveredPart(ctx, fx.tx, &o, open == 0 && !o.Short, fx.who, d)
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
	var left int
	err := fx.tx.QueryRowContext(ctx, `SELECT count(*) FROM parcel_tracking t WHERE t.status <> $2
		AND t.fulfilment_id IN (SELECT fulfilment_id FROM fulfilment_lines WHERE order_id = $1)`,
		orderID, ship.TrackReturnedToSender).Scan(&left)
	return left == 0, err
}

// note adds a timeline entry (and so an outbound event) to an order
// without changing it.
func (fx *effects) note(ctx context.Context, orderID, typ string, d map[string]any) error {
	var st order.Status
	var pay order.PaymentStatus
	if err := fx.tx.QueryRowContext(ctx, `SELECT status, payment_status FROM orders WHERE id = $1`, orderID).Scan(&st, &pay); err != nil {
		return err
	}
	return order.AddEvents(ctx, fx.tx, orderID, fx.who, order.Note{Type: typ, Status: st, PaymentStatus: pay, Detail: d})
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
