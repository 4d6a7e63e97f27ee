package review

import (
	"context"
	"fmt"
	"strings"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/job"
	"github.com/waybill/waybill/internal/order"
	"github.com/waybill/waybill/internal/risk"
	"github.com/waybill/waybill/internal/setting"
)

// Reviewer is the actor of the automatic review's changes.
var Reviewer = actor.Actor{ID: "review", Name: "automatic review", Role: actor.Admin, RemoteAddr: "local"}

// Releaser hands an order that passed review on to its warehouses; the
// release stage implements it, in the caller's transaction.
type Releaser interface {
	// Release re-sources o when the stock now allows a better plan, then
	// releases it as fulfilments, or holds it for stock, or lets it wait
	// for its merge window or release date.
	Release(ctx context.Context, tx *db.Tx, o *order.Order, by actor.Actor) error
	// Resource sources o again for a new destination, whatever the new
	// plan costs.
	Resource(ctx context.Context, tx *db.Tx, o *order.Order, by actor.Actor) error
}

// RegisterJobs gives the runner the review of confirmed orders
// (order.ReviewJob, the hand-off from intake and payment).
func RegisterJobs(r *job.Runner, s *Store) {
	job.HandleArgs(r, func(ctx context.Context, _ job.Claimed, a order.ReviewJob) error { return s.reviewJob(ctx, a.OrderID) })
}

// reviewJob runs the automatic review of an order. Run at least once: a
// second run finds the order released, cancelled or already reviewed and
// does nothing.
func (s *Store) reviewJob(ctx context.Context, orderID string) error {
	ctx = actor.With(ctx, Reviewer)
	return s.db.Write(ctx, func(tx *db.Tx) error {
		o, err := order.Lock(ctx, tx, orderID)
		if errs.Is(err, errs.NotFound) {
			return errs.Wrap(errs.Invalid, err, "review of an order that does not exist")
		}
		if err != nil {
			return err
		}
		return s.review(ctx, tx, &o)
	})
}

// review runs the automatic review of o: the risk rules' verdict is stored
// with the order; a reject cancels it; anything a person must see (a hold,
// a flagged address, a coupon case, a special request, a delivery window
// the plan cannot meet) opens tasks and holds the order; otherwise the
// order goes on to release.
func (s *Store) review(ctx context.Context, tx *db.Tx, o *order.Order) error {
	if (o.Status != order.Confirmed && o.Status != order.OnHold) || o.ReleasedAt != nil || o.HoldKind == order.HoldPayment {
		return nil // nothing to review, or a payment task already waits
	}
	if o.ReviewedAt != nil {
		return nil
	}
	verdict, err := s.assess(ctx, tx, o)
	if err != nil {
		return err
	}
	if err := order.MarkReviewed(ctx, tx, o, Reviewer, map[string]any{"risk_score": verdict.Score,
		"action": verdict.Action, "reasons": verdict.Reasons}); err != nil {
		return err
	}
	if verdict.Action == risk.Reject {
		return s.orders.CancelTx(ctx, tx, o, Reviewer, "rejected by the risk rules: "+verdict.Summary())
	}
	rules, err := s.settings.CurrentTx(ctx, tx)
	if err != nil {
		return err
	}
	tasks := tasksFor(*o, verdict, rules)
	if len(tasks) == 0 {
		return s.release.Release(ctx, tx, o, Reviewer)
	}
	if err := s.Open(ctx, tx, tasks...); err != nil {
		return err
	}
	reason := o.HoldReason
	if reason == "" {
		reason = "review: " + tasks[0].Reason
	}
	return order.Hold(ctx, tx, o, order.HoldReview, reason, Reviewer, map[string]any{"tasks": kindsOf(tasks)})
}

// factsOf is what the risk rules know of o, with the shopper's address and
// device as the channel reported them.
func factsOf(o order.Order) risk.Facts {
	return risk.Facts{Email: o.Customer.Email, Phone: o.Customer.Phone, Shipping: o.ShippingAddress,
		Billing: o.BillingAddress, ClientIP: o.ClientIP, DeviceID: o.DeviceID, Coupons: o.Coupons, PaymentMethod: o.PaymentMethod,
		Currency: o.Currency, TotalMinor: o.TotalMinor}
}

// assess evaluates the risk rules on o, records its keys for later orders'
// velocity checks, and stores the score and reasons with it.
func (s *Store) assess(ctx context.Context, tx *db.Tx, o *order.Order) (risk.Verdict, error) {
	policy, err := LoadPolicy(ctx, tx)
	if err != nil {
		return risk.Verdict{}, err
	}
	facts := factsOf(*o)
	verdict, err := policy.Evaluate(ctx, facts, NewHistory(tx, o.ID), tx.Now)
	if err != nil {
		return risk.Verdict{}, err
	}
	if err := RecordKeys(ctx, tx, o.ID, o.CreatedAt, facts); err != nil {
		return risk.Verdict{}, err
	}
	return verdict, order.SetRisk(ctx, tx, o, verdict.Score, verdict.Reasons)
}

// tasksFor lists what people must check before o may ship: the risk
// rules' hold (an address check when the address was flagged, a coupon case
// for coupon abuse), a hold from intake such as the COD rules, a delivery
// window the plan cannot meet, and a free-text note unless the operator
// turned that rule off (setting HoldOnCustomerNote).
func tasksFor(o order.Order, v risk.Verdict, rules setting.Values) []NewTask {
	reasons := map[Kind][]string{} // one task per kind: an order has at most one open per kind
	if v.Action == risk.Hold {
		for _, r := range v.Reasons {
			k := RiskReview
			switch r.Kind {
			case risk.FlaggedAddress:
				k = VerifyAddress
			case risk.CouponAbuse:
				k = CouponCase
			}
			reasons[k] = append(reasons[k], fmt.Sprintf("risk score %d: %s", v.Score, r.Text))
		}
		if len(v.Reasons) == 0 {
			reasons[RiskReview] = append(reasons[RiskReview], v.Summary())
		}
	}
	if o.Status == order.OnHold && o.HoldReason != "" {
		reasons[RiskReview] = append(reasons[RiskReview], o.HoldReason)
	}
	if o.Sourcing != nil && o.SpecialRequests.DeliveryWindow != nil {
		for _, a := range o.Sourcing.Arrivals {
			if a.LateDays > 0 {
				reasons[SpecialRequest] = append(reasons[SpecialRequest], fmt.Sprintf(
					"the delivery window ending %s cannot be met: the parcel from %s arrives %d day(s) late",
					o.SpecialRequests.DeliveryWindow.To.Format("2006-01-02"), codeOf(o, a.WarehouseID), a.LateDays))
				break
			}
		}
	}
	if note := strings.TrimSpace(o.SpecialRequests.Note); note != "" && rules.HoldOnCustomerNote {
		reasons[SpecialRequest] = append(reasons[SpecialRequest], "the customer wrote: "+errs.Clip(note))
	}
	var tasks []NewTask
	for _, k := range Kinds {
		if len(reasons[k]) > 0 {
			tasks = append(tasks, NewTask{OrderID: o.ID, Kind: k, Reason: strings.Join(reasons[k], "; ")})
		}
	}
	return tasks
}

func codeOf(o order.Order, warehouseID string) string {
	for _, a := range o.Allocations {
		if a.WarehouseID == warehouseID {
			return a.Warehouse
		}
	}
	return warehouseID
}

func kindsOf(tasks []NewTask) []Kind {
	out := make([]Kind, len(tasks))
	for i, t := range tasks {
		out[i] = t.Kind
	}
	return out
}
