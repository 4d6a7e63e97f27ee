package release

import (
	"context"
	"slices"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/order"
	"github.com/waybill/waybill/internal/shortage"
)

// ShortPickJob hands a short pick back to this stage: units of an order
// line that its warehouse could not find in any bin. The warehouse stage
// enqueues it in the short pick's transaction.
type ShortPickJob struct {
	OrderID     string `json:"order_id"`
	LineNo      int    `json:"line_no"`
	WarehouseID string `json:"warehouse_id"` // where the units were missing: not asked again
	Units       int64  `json:"units"`        // the short pick's; the job serves all the line is short of
}

// Kind implements job.Args.
func (ShortPickJob) Kind() string { return "release.short_picked" }

// Resourcer is the actor of what a short pick makes this stage do.
var Resourcer = actor.Actor{ID: "resource", Name: "short pick", Role: actor.Admin, RemoteAddr: "local"}

// shortPicked follows the line's product's shortage policy for units a
// pick left short: first another warehouse's stock, released at once as a
// fulfilment of its own; what none has is cancelled with its refund under
// cancel_short (the whole order when nothing of it is left), and otherwise
// follows when stock arrives. The customer hears which. A line that stock
// served since, or an order cancelled since, needs nothing.
func (s *Store) shortPicked(ctx context.Context, a ShortPickJob) error {
	ctx = actor.With(ctx, Resourcer)
	return s.db.Write(ctx, func(tx *db.Tx) error {
		o, err := order.Lock(ctx, tx, a.OrderID)
		if err != nil {
			return err
		}
		li := slices.IndexFunc(o.Lines, func(l order.Line) bool { return l.LineNo == a.LineNo })
		if o.Status != order.Released || li < 0 {
			return nil
		}
		// Every unit the line is short of goes together: two bins found
		// short on one walk make one fulfilment elsewhere, not two.
		n := o.Lines[li].ShortQuantity
		if n <= 0 {
			return nil
		}
		got, err := reserveElsewhere(ctx, tx, &o, a, n)
		if err != nil {
			return err
		}
		if left := n - got; left > 0 {
			p, err := shortage.PolicyFor(ctx, tx, o.Lines[li].ProductID, o.Channel)
			if err != nil {
				return err
			}
			if p.Kind == order.PolicyCancelShort {
				return s.cancelShort(ctx, tx, &o, a.LineNo, left, got)
			}
			if err := order.NoticeDelay(ctx, tx, &o); err != nil {
				return err
			}
		}
		if got == 0 {
			return nil
		}
		return s.release(ctx, tx, &o, Resourcer)
	})
}

// reserveElsewhere reserves up to n units of the line at warehouses other
// than the one they went short at, as sourcing chooses; it returns how many.
func reserveElsewhere(ctx context.Context, tx *db.Tx, o *order.Order, a ShortPickJob, n int64) (int64, error) {
	plan, err := planNow(ctx, tx, *o, false, func(l order.Line) int64 {
		if l.LineNo == a.LineNo {
			return n
		}
		return 0
	}, a.WarehouseID)
	if err != nil {
		return 0, err
	}
	var adds []order.Allocation
	for _, p := range plan.Allocations {
		l := o.Lines[p.Line]
		adds = append(adds, order.Allocation{LineNo: l.LineNo, WarehouseID: p.WarehouseID, Warehouse: plan.codes[p.WarehouseID],
			ProductID: l.ProductID, Quantity: p.Quantity})
	}
	got, err := order.Reserve(ctx, tx, o, adds, Resourcer)
	if err != nil || got == 0 {
		return got, err
	}
	return got, order.AddEvent(ctx, tx, o, "order.resourced", Resourcer, map[string]any{"line_no": a.LineNo, "units": got,
		"from": plan.Explanation.String()})
}

// cancelShort cancels units no warehouse has, under cancel_short: the whole
// order when nothing of it is left to ship, else the units with their
// refund; what was re-sourced (got) is released.
func (s *Store) cancelShort(ctx context.Context, tx *db.Tx, o *order.Order, lineNo int, units, got int64) error {
	left := int64(0)
	for _, l := range o.Lines {
		left += l.Quantity - l.CancelledQuantity
	}
	if left == units && s.orders != nil {
		return s.orders.CancelTx(ctx, tx, o, Resourcer, "short_picked")
	}
	if _, err := order.CancelShortUnits(ctx, tx, o, lineNo, units, Resourcer, map[string]any{"reason": "short_picked"}); err != nil {
		return err
	}
	if got == 0 {
		return nil
	}
	return s.release(ctx, tx, o, Resourcer)
}
