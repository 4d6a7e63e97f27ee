package order

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/address"
	"github.com/waybill/waybill/internal/audit"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/job"
	"github.com/waybill/waybill/internal/review"
	"github.com/waybill/waybill/internal/risk"
)

// JobReview reviews a confirmed (or held) order: risk rules, special
// requests, then release to the warehouses or tasks for people. It is
// enqueued in the transaction that confirms or holds the order.
const JobReview = "order.review"

// reviewer is the actor of the automatic review's changes.
var reviewer = actor.Actor{ID: "review", Name: "automatic review", Role: actor.Admin, RemoteAddr: "local"}

// afterPayment starts what a payment's verdict calls for: an order just
// confirmed goes to review; an order just held for a payment problem gets a
// payment_mismatch task.
func (s *Store) afterPayment(ctx context.Context, tx *db.Tx, before payState, v verdict) error {
	if !v.dirty {
		return nil
	}
	n := v.next
	if n.Status == Confirmed && before.Status != Confirmed {
		if before.Status == OnHold {
			// The payment settled what held the order: its payment task is moot.
			if err := review.CloseAll(ctx, tx, before.ID, review.Approve, "settled by the gateway's payment", payer(ctx)); err != nil {
				return err
			}
		}
		return enqueueReview(ctx, tx, before.ID)
	}
	if n.Status == OnHold && n.HoldReason != before.HoldReason && strings.Contains(n.HoldReason, paymentHoldPrefix) {
		reason := n.HoldReason[strings.LastIndex(n.HoldReason, paymentHoldPrefix)+len(paymentHoldPrefix):]
		return s.tasks.Open(ctx, tx, review.NewTask{OrderID: before.ID, Kind: review.PaymentMismatch, Reason: reason})
	}
	return nil
}

// payer is who a payment event's changes are attributed to: the actor
// ApplyPaymentEvent put in the context (the gateway's, for a webhook).
func payer(ctx context.Context) actor.Actor {
	who, _ := actor.From(ctx)
	return who
}

// enqueueReview queues a review of the order. Each call queues one (the
// key carries the time): a review that found the order not ready (held
// for its payment) must not block the one after the payment settles.
// Reviewing is idempotent, so extra runs do nothing.
func enqueueReview(ctx context.Context, tx *db.Tx, orderID string) error {
	return job.Enqueue(ctx, tx, reviewJobFor(orderID, tx.Now))
}

func reviewJobFor(orderID string, at time.Time) job.Job {
	return job.Job{Kind: JobReview, Key: orderID + "@" + strconv.FormatInt(at.UnixMicro(), 10)}
}

// reviewJob is JobReview's handler. Run at least once: a second run finds
// the order released, cancelled or already reviewed and does nothing.
func (s *Store) reviewJob(ctx context.Context, c job.Claimed) error {
	ctx = actor.With(ctx, reviewer)
	return s.db.Write(ctx, func(tx *db.Tx) error {
		orderID, _, _ := strings.Cut(c.Key, "@")
		o, err := getTx(ctx, tx, orderID, true)
		if errs.Is(err, errs.NotFound) {
			return errs.Wrap(errs.Invalid, err, "review of an order that does not exist")
		}
		if err != nil {
			return err
		}
		return s.reviewTx(ctx, tx, &o)
	})
}

// reviewTx runs the automatic review of o: the risk rules' verdict is
// stored with the order; a reject cancels it; anything a person must see
// (a hold, a flagged address, a coupon case, a special request, a delivery
// window the plan cannot meet) opens tasks and holds the order; otherwise
// the order is released to its warehouses.
func (s *Store) reviewTx(ctx context.Context, tx *db.Tx, o *Order) error {
	if (o.Status != Confirmed && o.Status != OnHold) || o.ReleasedAt != nil || isPaymentHold(*o) {
		return nil // nothing to review, or a payment task already waits
	}
	if done, err := reviewed(ctx, tx, o.ID); err != nil || done {
		return err
	}
	verdict, err := s.assess(ctx, tx, o)
	if err != nil {
		return err
	}
	if err := addEvent(ctx, tx, o, "order.reviewed", reviewer, map[string]any{"risk_score": verdict.Score,
		"action": verdict.Action, "reasons": verdict.Reasons}); err != nil {
		return err
	}
	if verdict.Action == risk.Reject {
		return cancelTx(ctx, tx, o, reviewer, "rejected by the risk rules: "+verdict.Summary())
	}
	tasks := tasksFor(*o, verdict)
	if len(tasks) == 0 {
		// Leaving review: stock that came since intake may now ship it in fewer parcels.
		if err := s.resource(ctx, tx, o, reviewer, false); err != nil {
			return err
		}
		return s.releaseTx(ctx, tx, o, reviewer)
	}
	if err := s.tasks.Open(ctx, tx, tasks...); err != nil {
		return err
	}
	reason := o.HoldReason
	if reason == "" {
		reason = "review: " + tasks[0].Reason
	}
	return s.hold(ctx, tx, o, reason, reviewer, map[string]any{"tasks": kindsOf(tasks)})
}

// reviewed reports whether the automatic review has run for the order.
func reviewed(ctx context.Context, tx *db.Tx, orderID string) (bool, error) {
	var n int
	err := tx.QueryRowContext(ctx, `SELECT count(*) FROM order_events WHERE order_id = $1 AND type = 'order.reviewed'`,
		orderID).Scan(&n)
	return n > 0, err
}

// factsOf is what the risk rules know of o, with the shopper's address and
// device as the channel reported them.
func factsOf(ctx context.Context, tx *db.Tx, o Order) (risk.Facts, error) {
	var ip, device string
	if err := tx.QueryRowContext(ctx, `SELECT client_ip, device_id FROM orders WHERE id = $1`, o.ID).Scan(&ip, &device); err != nil {
		return risk.Facts{}, err
	}
	return risk.Facts{Email: o.Customer.Email, Phone: o.Customer.Phone, Shipping: o.ShippingAddress,
		Billing: o.BillingAddress, ClientIP: ip, DeviceID: device, Coupons: o.Coupons, PaymentMethod: o.PaymentMethod,
		Currency: o.Currency, TotalMinor: o.TotalMinor}, nil
}

// assess evaluates the risk rules on o, records its keys for later orders'
// velocity checks, and stores the score and reasons with it.
func (s *Store) assess(ctx context.Context, tx *db.Tx, o *Order) (risk.Verdict, error) {
	policy, err := review.LoadPolicy(ctx, tx)
	if err != nil {
		return risk.Verdict{}, err
	}
	facts, err := factsOf(ctx, tx, *o)
	if err != nil {
		return risk.Verdict{}, err
	}
	verdict, err := policy.Evaluate(ctx, facts, review.NewHistory(tx, o.ID), tx.Now)
	if err != nil {
		return risk.Verdict{}, err
	}
	if err := review.RecordKeys(ctx, tx, o.ID, o.CreatedAt, facts); err != nil {
		return risk.Verdict{}, err
	}
	o.RiskScore, o.RiskReasons = verdict.Score, verdict.Reasons
	if o.RiskReasons == nil {
		o.RiskReasons = []risk.Reason{}
	}
	reasons, err := json.Marshal(o.RiskReasons)
	if err != nil {
		return risk.Verdict{}, err
	}
	_, err = tx.ExecContext(ctx, `UPDATE orders SET risk_score = $1, risk_reasons = $2 WHERE id = $3`, o.RiskScore, string(reasons), o.ID)
	return verdict, err
}

// tasksFor lists what people must check before o may ship: the risk
// rules' hold (an address check when the address was flagged, a coupon case
// for coupon abuse), a hold from intake such as the COD rules, a delivery
// window the plan cannot meet, and any free-text note.
func tasksFor(o Order, v risk.Verdict) []review.NewTask {
	reasons := map[review.Kind][]string{} // one task per kind: an order has at most one open per kind
	if v.Action == risk.Hold {
		for _, r := range v.Reasons {
			k := review.RiskReview
			switch r.Kind {
			case risk.FlaggedAddress:
				k = review.VerifyAddress
			case risk.CouponAbuse:
				k = review.CouponCase
			}
			reasons[k] = append(reasons[k], fmt.Sprintf("risk score %d: %s", v.Score, r.Text))
		}
		if len(v.Reasons) == 0 {
			reasons[review.RiskReview] = append(reasons[review.RiskReview], v.Summary())
		}
	}
	if o.Status == OnHold && o.HoldReason != "" {
		reasons[review.RiskReview] = append(reasons[review.RiskReview], o.HoldReason)
	}
	if o.Sourcing != nil && o.SpecialRequests.DeliveryWindow != nil {
		for _, a := range o.Sourcing.Arrivals {
			if a.LateDays > 0 {
				reasons[review.SpecialRequest] = append(reasons[review.SpecialRequest], fmt.Sprintf(
					"the delivery window ending %s cannot be met: the parcel from %s arrives %d day(s) late",
					o.SpecialRequests.DeliveryWindow.To.Format("2006-01-02"), codeOf(o, a.WarehouseID), a.LateDays))
				break
			}
		}
	}
	if note := strings.TrimSpace(o.SpecialRequests.Note); note != "" {
		reasons[review.SpecialRequest] = append(reasons[review.SpecialRequest], "the customer wrote: "+errs.Clip(note))
	}
	var tasks []review.NewTask
	for _, k := range review.Kinds {
		if len(reasons[k]) > 0 {
			tasks = append(tasks, review.NewTask{OrderID: o.ID, Kind: k, Reason: strings.Join(reasons[k], "; ")})
		}
	}
	return tasks
}

func codeOf(o Order, warehouseID string) string {
	for _, a := range o.Allocations {
		if a.WarehouseID == warehouseID {
			return a.Warehouse
		}
	}
	return warehouseID
}

func kindsOf(tasks []review.NewTask) []review.Kind {
	out := make([]review.Kind, len(tasks))
	for i, t := range tasks {
		out[i] = t.Kind
	}
	return out
}

// hold puts o on hold with a reason, on its timeline too.
func (s *Store) hold(ctx context.Context, tx *db.Tx, o *Order, reason string, who actor.Actor, detail map[string]any) error {
	if o.Status != OnHold {
		if err := checkMove(o.Status, OnHold); err != nil {
			return err
		}
	}
	o.Status, o.HoldReason, o.UpdatedAt = OnHold, reason, tx.Now
	if _, err := tx.ExecContext(ctx, `UPDATE orders SET status = $1, hold_reason = $2, updated_at = $3 WHERE id = $4`,
		string(o.Status), reason, tx.Now, o.ID); err != nil {
		return err
	}
	detail["reason"] = reason
	return addEvent(ctx, tx, o, "order.held", who, detail)
}

// Decider returns what applies a reviewer's decision on a task to its
// order, in the task's transaction (review.Decider).
func (s *Store) Decider() review.Decider { return decisions{s} }

type decisions struct{ s *Store }

// Approve records a reviewer's approval. When it was the order's last open
// task, the order is re-sourced and released to its warehouses.
func (d decisions) Approve(ctx context.Context, tx *db.Tx, orderID string, by actor.Actor, note string) error {
	o, err := getTx(ctx, tx, orderID, true)
	if err != nil {
		return err
	}
	if o.Status != OnHold && o.Status != Confirmed {
		return errs.E(errs.Conflict, "order %s is %s; only a held or confirmed order can be approved", o.Number, o.Status)
	}
	if err := addEvent(ctx, tx, &o, "order.review_approved", by, map[string]any{"note": note}); err != nil {
		return err
	}
	return d.s.releaseIfDone(ctx, tx, &o, by)
}

// CorrectAddress changes the order's shipping address after a reviewer
// checked it with the customer, re-sources the order for the new
// destination, and releases it when no other task is open.
func (d decisions) CorrectAddress(ctx context.Context, tx *db.Tx, orderID string, addr address.Address, by actor.Actor) error {
	o, err := getTx(ctx, tx, orderID, true)
	if err != nil {
		return err
	}
	if o.Status != OnHold && o.Status != Confirmed {
		return errs.E(errs.Conflict, "order %s is %s; its address can no longer be corrected", o.Number, o.Status)
	}
	clean, problems := address.Validate(addr)
	var f errs.Fields
	f.Merge("address", problems)
	if err := f.Err(); err != nil {
		return err
	}
	before := o.ShippingAddress
	o.ShippingAddress = clean
	ship, err := json.Marshal(clean)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE orders SET shipping_address = $1, updated_at = $2 WHERE id = $3`, string(ship), tx.Now, o.ID); err != nil {
		return err
	}
	if err := addEvent(ctx, tx, &o, "order.address_corrected", by, map[string]any{"from": before, "to": clean}); err != nil {
		return err
	}
	// Later orders' velocity checks count the order at its new address.
	facts, err := factsOf(ctx, tx, o)
	if err != nil {
		return err
	}
	if err := review.RecordKeys(ctx, tx, o.ID, o.CreatedAt, facts); err != nil {
		return err
	}
	short := shortUnits(o)
	if err := d.s.resource(ctx, tx, &o, by, true); err != nil {
		return err
	}
	if shortUnits(o) > short {
		var f errs.Fields
		f.Add("address", "not_served", "the warehouses can ship only part of the order to %s %s; keep the old address or cancel",
			clean.Country, clean.PostalCode)
		return &errs.Error{Kind: errs.Conflict, Message: "no warehouse with the stock serves the corrected address", Fields: f}
	}
	return d.s.releaseIfDone(ctx, tx, &o, by)
}

// Cancel cancels the order on a reviewer's decision and closes its other tasks.
func (d decisions) Cancel(ctx context.Context, tx *db.Tx, orderID, reason string, by actor.Actor) error {
	o, err := getTx(ctx, tx, orderID, true)
	if err != nil {
		return err
	}
	return cancelTx(ctx, tx, &o, by, reason)
}

// releaseIfDone releases o when none of its tasks is still open and its
// payment allows it.
func (s *Store) releaseIfDone(ctx context.Context, tx *db.Tx, o *Order, by actor.Actor) error {
	open, err := review.OpenTasks(ctx, tx, o.ID)
	if err != nil || open > 0 {
		return err
	}
	switch o.PaymentStatus {
	case Paid, Authorized, CODPending:
	default:
		return errs.E(errs.Conflict, "order %s cannot be released: its payment is %s", o.Number, o.PaymentStatus)
	}
	if o.Status == OnHold {
		o.Status, o.HoldReason = Confirmed, ""
		if _, err := tx.ExecContext(ctx, `UPDATE orders SET status = $1, hold_reason = '', updated_at = $2 WHERE id = $3`,
			string(o.Status), tx.Now, o.ID); err != nil {
			return err
		}
	}
	if done, err := reviewed(ctx, tx, o.ID); err != nil {
		return err
	} else if !done {
		return s.reviewTx(ctx, tx, o) // held before its review ran (a payment problem): review it now
	}
	if err := s.resource(ctx, tx, o, by, false); err != nil {
		return err
	}
	return s.releaseTx(ctx, tx, o, by)
}

// isPaymentHold reports whether o waits on a payment problem, which has a
// payment_mismatch task of its own.
func isPaymentHold(o Order) bool {
	return o.Status == OnHold && strings.HasPrefix(o.HoldReason, paymentHoldPrefix)
}

// addEvent writes one timeline entry with o's current states and an audit
// entry for it.
func addEvent(ctx context.Context, tx *db.Tx, o *Order, typ string, who actor.Actor, detail map[string]any) error {
	var r rows
	r.event(tx, o.ID, typ, o.Status, o.PaymentStatus, who.ID, detail)
	if err := db.InsertRows(ctx, tx, "order_events", eventColumns, r.events); err != nil {
		return err
	}
	return audit.RecordAll(ctx, tx, []audit.Change{{Actor: who, Action: typ, Entity: "order", EntityID: o.ID, Detail: detail}})
}
