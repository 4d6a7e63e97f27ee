package order

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/waybill/waybill/internal/audit"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/inventory"
	"github.com/waybill/waybill/internal/job"
	"github.com/waybill/waybill/internal/setting"
	"github.com/waybill/waybill/internal/sourcing"
	"github.com/waybill/waybill/internal/warehouse"
)

// batch is what one transaction of the engine knows and will write.
type batch struct {
	ctx      context.Context
	tx       *db.Tx
	cfg      Config
	rules    setting.Values     // the operator's rules, read once for the batch
	products map[string]product // by SKU
	sourcer  sourcing.Sourcer
	whCodes  map[string]string          // warehouse id → code
	shipsOn  map[string]string          // warehouse id → local date its next parcel leaves
	avail    map[inventory.Key]int64    // what is left to promise
	refs     map[[2]string]string       // (channel, external_ref) → order id, stored or placed in this batch
	answers  map[[2]string]storedAnswer // idempotency keys already answered
	coupons  CouponBatch                // the coupons named and their uses
	short    ShortageBatch              // policies for short lines
	out      rows
	numbers  *numbers // the engine's
}

// applyBatch decides every order of the batch in arrival order against the
// stock the batch read (and on PostgreSQL locked), then writes them all. It
// returns one reply per request; a refused order writes nothing.
func (e *Engine) applyBatch(ctx context.Context, tx *db.Tx, pending []*pending, rules setting.Values) ([]Reply, error) {
	b, err := e.load(ctx, tx, pending)
	if err != nil {
		return nil, err
	}
	b.rules = rules
	replies := make([]Reply, len(pending))
	for i, p := range pending {
		replies[i] = b.place(p)
	}
	if err := b.write(ctx); err != nil {
		return nil, err
	}
	return replies, nil
}

// place decides one order and queues its rows, or refuses it.
func (b *batch) place(p *pending) Reply {
	if p.idem != nil {
		k := [2]string{p.idem.ActorID, p.idem.Key}
		if a, ok := b.answers[k]; ok {
			if a.expires.After(b.tx.Now) {
				return a.replay(p.idem)
			}
			b.out.expired = append(b.out.expired, k) // past its retention: the key is free again
			delete(b.answers, k)
		}
	}
	ref := [2]string{p.req.Channel, p.req.ExternalRef}
	if existing, ok := b.refs[ref]; ok {
		return b.refuse(p, errs.E(errs.Conflict, "channel %s already has an order with external_ref %q: %s", ref[0], ref[1], existing))
	}
	o, err := b.price(p.req)
	if err != nil {
		if errs.KindOf(err) == errs.Internal {
			return Reply{Err: err} // no number could be taken: not an answer to keep for the key
		}
		return b.refuse(p, err)
	}
	if err := b.source(&o, p.req); err != nil {
		if errs.KindOf(err) == errs.Internal {
			return Reply{Err: err} // a failed read, not an answer to keep for the key
		}
		return b.refuse(p, err)
	}
	b.decide(&o, p.req)
	body, err := b.out.add(b.tx, o, p, b.rules.IdempotencyRetention)
	if err != nil {
		return Reply{Err: err}
	}
	b.refs[ref] = o.ID
	b.coupons.Redeem(o.ID, couponUse(p.req), b.tx.Now)
	for _, a := range o.Allocations {
		b.avail[inventory.Key{WarehouseID: a.WarehouseID, ProductID: a.ProductID}] -= a.Quantity
	}
	if body == nil {
		return Reply{Status: http.StatusCreated, order: &o}
	}
	return Reply{Status: http.StatusCreated, Body: body}
}

// refuse answers a request the engine decided against. With an
// Idempotency-Key the refusal is stored like an acceptance, so a retry gets
// the first answer back even if stock or coupons have changed since.
func (b *batch) refuse(p *pending, err error) Reply {
	var refusal *errs.Error
	if p.idem == nil || !errors.As(err, &refusal) {
		return Reply{Err: err}
	}
	b.out.answer(b.tx, p.idem, refusalStatus(refusal), storeRefusal(refusal), b.rules.IdempotencyRetention)
	return Reply{Refusal: refusal}
}

// source reserves stock for the order's lines through the sourcer, and
// refuses a short order when the caller asked for that. The plan's
// explanation and expected ship date are kept with the order.
func (b *batch) source(o *Order, req PlaceRequest) error {
	sreq := sourcing.Request{Country: req.ShippingAddress.Country, PostalCode: warehouse.NormalizePostal(req.ShippingAddress.PostalCode),
		PromisedDays: PromisedDays(req.SpecialRequests.DeliveryWindow, b.tx.Now)}
	for _, l := range o.Lines {
		p := b.products[l.SKU]
		sreq.Lines = append(sreq.Lines, sourcing.Line{ProductID: l.ProductID, Category: p.category, Quantity: l.Quantity, WeightGrams: p.weight})
	}
	plan := b.sourcer.Source(sreq, func(w, p string) int64 {
		return b.avail[inventory.Key{WarehouseID: w, ProductID: p}]
	})
	if plan.Parcels > 0 {
		o.Sourcing = &SourcingPlan{Parcels: plan.Parcels, CostMinor: plan.Cost, Arrivals: plan.Arrivals, Explanation: plan.Explanation}
		for _, a := range plan.Arrivals {
			o.ShipsOn = max(o.ShipsOn, b.shipsOn[a.WarehouseID])
		}
	}
	var f errs.Fields
	for i, short := range plan.Short {
		o.Lines[i].ShortQuantity = short
		if short > 0 {
			o.Short = true
			f.Add(fmt.Sprintf("lines[%d].quantity", i), "short", "%d of %d units of %s cannot be reserved now",
				short, o.Lines[i].Quantity, o.Lines[i].SKU)
		}
	}
	if o.Short && req.RejectIfShort {
		return &errs.Error{Kind: errs.Conflict, Message: "not enough stock and reject_if_short is set; nothing was reserved", Fields: f}
	}
	if o.Short {
		o.Short = false
		for i, short := range plan.Short {
			if short == 0 {
				continue
			}
			if err := b.short.Apply(b.ctx, o, i, short); err != nil {
				return err
			}
			o.Short = o.Short || o.Lines[i].ShortQuantity > 0
		}
		if nothingLeft(*o) {
			return &errs.Error{Kind: errs.Conflict, Message: "none of the order can be supplied: the shortage policy cancelled every unit; nothing was reserved", Fields: f}
		}
	}
	for _, a := range plan.Allocations {
		l := o.Lines[a.Line]
		o.Allocations = append(o.Allocations, Allocation{LineNo: l.LineNo, WarehouseID: a.WarehouseID,
			Warehouse: b.whCodes[a.WarehouseID], ProductID: l.ProductID, Quantity: a.Quantity})
	}
	return nil
}

// decide sets the order's first states: a prepaid order waits for its
// payment (for the full amount charged at checkout; units the shortage
// policy cancelled are due back); a COD order, whose courier collects the
// total less any cancelled units, is confirmed at once if the COD rules
// allow it.
func (b *batch) decide(o *Order, req PlaceRequest) {
	o.Status, o.PaymentMethod = Placed, req.PaymentMethod
	if req.PaymentMethod == "cod" {
		// Nothing is paid yet: cancelled units are simply not collected.
		o.TotalMinor -= o.RefundDueMinor
		o.RefundDueMinor = 0
	}
	if req.PaymentMethod == "prepaid" {
		o.PaymentStatus = AwaitingPayment
		due := b.tx.Now.Add(b.rules.PaymentWindow)
		o.PaymentDueAt = &due
		return
	}
	o.PaymentStatus = CODPending
	switch {
	case o.TotalMinor > b.rules.CODMaxTotalMinor:
		o.Status, o.HoldKind = OnHold, HoldCOD
		o.HoldReason = fmt.Sprintf("cash on delivery is limited to %d minor units; this order is %d", b.rules.CODMaxTotalMinor, o.TotalMinor)
	case !b.rules.CODOffered(req.ShippingAddress.Country):
		o.Status, o.HoldKind, o.HoldReason = OnHold, HoldCOD, "cash on delivery is not offered in "+req.ShippingAddress.Country
	default:
		o.Status = Confirmed
	}
}

// write sends the batch's rows in multi-row statements and books its stock.
func (b *batch) write(ctx context.Context) error {
	r := &b.out
	for _, k := range r.expired {
		if _, err := b.tx.ExecContext(ctx, `DELETE FROM idempotency_keys WHERE actor_id = $1 AND key = $2 AND expires_at <= $3`,
			k[0], k[1], b.tx.Now); err != nil {
			return err
		}
	}
	// A batch's jobs of one kind fall due together: a row per kind, not
	// per order (job.Batch).
	jobs, err := job.Batch(b.tx.Now, r.jobs)
	if err != nil {
		return err
	}
	for _, t := range []struct {
		table string
		cols  []string
		rows  [][]any
	}{
		{"orders", orderColumns, r.orders},
		{"order_lines", lineColumns, r.lines},
		{"order_allocations", allocationColumns, r.allocations},
		{"idempotency_keys", idempotencyColumns, r.keys},
		{"jobs", job.Columns(), job.Rows(b.tx, jobs)},
	} {
		if err := db.InsertRows(ctx, b.tx, t.table, t.cols, t.rows); err != nil {
			return uniqueAsConflict(err)
		}
	}
	if err := writeEntries(ctx, b.tx, r.events); err != nil {
		return err
	}
	if err := b.coupons.Write(ctx, b.tx); err != nil {
		return err
	}
	if err := inventory.BookReservations(ctx, b.tx, "engine", r.holds); err != nil {
		return err
	}
	return audit.RecordAll(ctx, b.tx, r.audits)
}

// uniqueAsConflict names a unique key taken by another instance between the
// batch's read and its write; the engine then retries each order alone.
func uniqueAsConflict(err error) error {
	if db.ViolationOf(err) == db.UniqueViolation {
		return errs.Wrap(errs.Conflict, err, "an order with this reference or idempotency key was placed at the same time")
	}
	return err
}

// PromisedDays turns a requested delivery window into the optimiser's
// promise: the window must be met by its last day, counted from now and
// rounded up. No window, no promise.
func PromisedDays(w *Window, now time.Time) int {
	if w == nil || !w.To.After(now) {
		return 0
	}
	return int((w.To.Sub(now) + 24*time.Hour - 1) / (24 * time.Hour))
}

// couponUse is the coupon stage's view of a request.
func couponUse(req PlaceRequest) CouponUse {
	return CouponUse{Codes: req.Coupons, Email: req.Customer.Email}
}

// nothingLeft reports whether the shortage policy cancelled every unit.
func nothingLeft(o Order) bool {
	for _, l := range o.Lines {
		if l.CancelledQuantity < l.Quantity {
			return false
		}
	}
	return true
}
