package shortage_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/clock"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/db/dbtest"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/flowtest"
	"github.com/waybill/waybill/internal/notify"
	"github.com/waybill/waybill/internal/order"
	"github.com/waybill/waybill/internal/shortage"
)

// runJobs runs every due job and reads the order again.
func runJobs(t *testing.T, r *flowtest.USShop, orderID string) order.Order {
	t.Helper()
	r.RunJobs(t)
	return r.Get(t, orderID)
}

func fulfilled(o order.Order) int64 {
	var n int64
	for _, f := range o.Fulfilments {
		for _, l := range f.Lines {
			n += l.Quantity
		}
	}
	return n
}

// sentMail records what a confirmation hands the e-mail sender, by
// idempotency key.
type sentMail struct {
	mu   sync.Mutex
	msgs map[string]notify.Rendered
}

func (s *sentMail) Send(_ context.Context, _ string, msg notify.Rendered, key string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.msgs[key] = msg
	return nil
}

// Backorders are accepted up to the product's limit with a later ship
// date and wait whole; beyond the limit the order is held. Stock that
// arrives serves the waiting orders oldest first.
func TestShortageBackorder(t *testing.T) {
	dbtest.EachAt(t, time.Date(2026, 3, 2, 14, 0, 0, 0, time.UTC), func(t *testing.T, d *db.DB, clk *clock.Fixed) {
		r := flowtest.NewUSShop(t, d, clk, flowtest.Options{})
		sku := r.SKUs[0]
		r.Policy(t, sku, "", shortage.Policy{Kind: order.PolicyBackorder, MaxWaiting: 3, LeadDays: 10})
		r.Receive(t, "WEST", sku, 1)

		first := r.COD(t, "bo-1", flowtest.Line(sku, 3))
		require.Equal(t, int64(2), first.Lines[0].ShortQuantity)
		require.Equal(t, order.PolicyBackorder, first.Lines[0].ShortPolicy)
		require.Equal(t, "2026-03-12", first.ShipsOn, "backorders ship lead_days later")
		renderer, err := notify.NewRenderer()
		require.NoError(t, err)
		mail := &sentMail{msgs: map[string]notify.Rendered{}}
		require.NoError(t, notify.Messenger{Renderer: renderer, Email: mail}.Notify(r.Ctx, first, order.ConfirmationMessage, order.EmailChannel, "k"))
		require.Contains(t, mail.msgs["k"].Text, "2 × Product "+sku+" are on backorder; we expect to ship them on Thursday, 12 March 2026.",
			"the confirmation tells the customer")
		require.Contains(t, mail.msgs["k"].Text, "Estimated ship date: Thursday, 12 March 2026")
		second := r.COD(t, "bo-2", flowtest.Line(sku, 2))
		require.Equal(t, order.PolicyHold, second.Lines[0].ShortPolicy, "2 + 2 waiting units exceed max_waiting 3")

		first, second = runJobs(t, r, first.ID), r.Get(t, second.ID)
		require.Equal(t, order.Confirmed, first.Status, "a backorder waits, confirmed")
		require.Empty(t, first.Fulfilments, "and nothing ships before all of it is there")
		require.Equal(t, order.OnHold, second.Status)
		require.Contains(t, second.HoldReason, "waiting for stock")

		r.Receive(t, "WEST", sku, 2) // enough for the older order only
		first, second = runJobs(t, r, first.ID), r.Get(t, second.ID)
		require.Equal(t, order.Released, first.Status, "the oldest waiting order is served first")
		require.Equal(t, int64(3), fulfilled(first))
		require.Equal(t, order.OnHold, second.Status)

		r.Receive(t, "WEST", sku, 5)
		second = runJobs(t, r, second.ID)
		require.Equal(t, order.Released, second.Status, "a stock-only hold lifts when the stock comes")
		require.Equal(t, int64(2), fulfilled(second))
		rep, err := r.Stock.Reconcile(r.Ctx)
		require.NoError(t, err)
		require.True(t, rep.OK)
	})
}

// Presales are accepted before the release date within the quota and ship
// on the release date; after it, or beyond the quota, they are held. A
// channel's own policy overrides the product's.
func TestShortagePresaleAndChannelOverride(t *testing.T) {
	dbtest.EachAt(t, time.Date(2026, 3, 2, 14, 0, 0, 0, time.UTC), func(t *testing.T, d *db.DB, clk *clock.Fixed) {
		r := flowtest.NewUSShop(t, d, clk, flowtest.Options{})
		sku := r.SKUs[0]
		r.Policy(t, sku, "", shortage.Policy{Kind: order.PolicyPresale, MaxWaiting: 4, ReleaseOn: "2026-04-01"})
		r.Policy(t, sku, "marketplace", shortage.Policy{Kind: order.PolicyCancelShort})

		pre := r.COD(t, "ps-1", flowtest.Line(sku, 4))
		require.Equal(t, order.PolicyPresale, pre.Lines[0].ShortPolicy)
		require.Equal(t, "2026-04-01", pre.ShipsOn)
		over := r.COD(t, "ps-2", flowtest.Line(sku, 1))
		require.Equal(t, order.PolicyHold, over.Lines[0].ShortPolicy, "the quota of 4 is taken")

		req := flowtest.Request("ps-3", flowtest.Line(sku, 2))
		req.PaymentMethod, req.Channel = "cod", "marketplace"
		reply := r.Place(req)
		require.True(t, errs.Is(reply.Err, errs.Conflict), "the channel's cancel_short wins and leaves nothing: %v", reply.Err)

		clk.Advance(31 * 24 * time.Hour) // 2026-04-02: past the release date
		late := r.COD(t, "ps-4", flowtest.Line(sku, 1))
		require.Equal(t, order.PolicyHold, late.Lines[0].ShortPolicy, "no presale after the release date")
	})
}

// Split ships what is there now and the rest as a later fulfilment;
// cancel_short cancels the short units and marks their amount due back.
func TestShortageSplitAndCancelShort(t *testing.T) {
	dbtest.EachAt(t, time.Date(2026, 3, 2, 14, 0, 0, 0, time.UTC), func(t *testing.T, d *db.DB, clk *clock.Fixed) {
		r := flowtest.NewUSShop(t, d, clk, flowtest.Options{})
		split, cancel := r.SKUs[0], r.SKUs[1]
		r.Policy(t, split, "", shortage.Policy{Kind: order.PolicySplit})
		r.Policy(t, cancel, "", shortage.Policy{Kind: order.PolicyCancelShort})
		r.Receive(t, "WEST", split, 1)
		r.Receive(t, "WEST", cancel, 1)

		o := r.COD(t, "sp-1", flowtest.Line(split, 3))
		o = runJobs(t, r, o.ID)
		require.Equal(t, order.Released, o.Status)
		require.Len(t, o.Fulfilments, 1)
		require.Equal(t, int64(1), fulfilled(o), "what is there ships now")
		require.Equal(t, int64(2), o.Lines[0].ShortQuantity)

		r.Receive(t, "WEST", split, 5)
		o = runJobs(t, r, o.ID)
		require.Len(t, o.Fulfilments, 2, "the rest follows as another fulfilment")
		require.Equal(t, int64(3), fulfilled(o))
		require.Equal(t, int64(0), o.Lines[0].ShortQuantity)
		require.Contains(t, r.EventTypes(t, o.ID), "order.released_more")

		c := r.COD(t, "cs-1", flowtest.Line(cancel, 3))
		require.Equal(t, int64(2), c.Lines[0].CancelledQuantity)
		require.Equal(t, int64(0), c.Lines[0].ShortQuantity)
		require.Equal(t, int64(0), c.RefundDueMinor, "cash on delivery: nothing was paid")
		require.Equal(t, int64(1000), c.TotalMinor, "the courier collects only what ships")
		c = runJobs(t, r, c.ID)
		require.Equal(t, order.Released, c.Status)
		require.Equal(t, int64(1), fulfilled(c))

		r.Receive(t, "WEST", cancel, 1)
		prepaid := r.Accepted(t, flowtest.Request("cs-2", flowtest.Line(cancel, 3)))
		require.Equal(t, int64(3000), prepaid.TotalMinor, "prepaid: charged in full at checkout")
		require.Equal(t, int64(2000), prepaid.RefundDueMinor, "two units at 10.00 are due back")

		reply := r.Place(flowtest.Request("cs-3", flowtest.Line(cancel, 2)))
		require.True(t, errs.Is(reply.Err, errs.Conflict), "every unit cancelled: the order is refused, not accepted empty: %v", reply.Err)
	})
}

// A policy is checked before it is stored, each problem named.
func TestShortagePolicyValidation(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		r := flowtest.NewUSShop(t, d, clock.NewFixed(time.Now()), flowtest.Options{})
		ctx := actor.With(r.Ctx, flowtest.Admin)
		_, err := r.Shortages.Set(ctx, r.SKUs[0], "", shortage.Policy{Kind: order.PolicyPresale, MaxWaiting: -1, LeadDays: 400})
		require.Equal(t, map[string]string{"max_waiting": "out_of_range", "lead_days": "out_of_range", "release_on": "required"}, fieldMap(err))
		today := time.Now().UTC().Format(time.DateOnly)
		_, err = r.Shortages.Set(ctx, r.SKUs[0], "", shortage.Policy{Kind: order.PolicyPresale, ReleaseOn: today})
		require.Equal(t, map[string]string{"release_on": "out_of_range"}, fieldMap(err), "a presale released today or before would never apply")
		_, err = r.Shortages.Set(ctx, r.SKUs[0], "", shortage.Policy{Kind: "later"})
		require.Equal(t, map[string]string{"policy": "unknown_value"}, fieldMap(err))
		_, err = r.Shortages.Set(ctx, r.SKUs[0], "web shop", shortage.Policy{Kind: order.PolicySplit})
		require.Equal(t, map[string]string{"channel": "invalid_format"}, fieldMap(err), "no order's channel has a space: it could never apply")
		_, err = r.Shortages.Set(ctx, "NOPE", "", shortage.Policy{Kind: order.PolicySplit})
		require.True(t, errs.Is(err, errs.NotFound), "%v", err)
		rules, err := r.Shortages.List(r.Ctx, r.SKUs[0])
		require.NoError(t, err)
		require.Empty(t, rules, "nothing was stored")
	})
}

func fieldMap(err error) map[string]string {
	out := map[string]string{}
	for _, f := range errs.FieldsOf(err) {
		out[f.Path] = f.Code
	}
	return out
}

// A cancelled order waits for nothing: its short units leave the waiting
// queue and give their place in the backorder quota back.
func TestCancelledOrderLeavesTheBackorderQuota(t *testing.T) {
	dbtest.EachAt(t, time.Date(2026, 3, 2, 14, 0, 0, 0, time.UTC), func(t *testing.T, d *db.DB, clk *clock.Fixed) {
		r := flowtest.NewUSShop(t, d, clk, flowtest.Options{})
		sku := r.SKUs[0]
		r.Policy(t, sku, "", shortage.Policy{Kind: order.PolicyBackorder, MaxWaiting: 2, LeadDays: 5})
		first := r.COD(t, "bq-1", flowtest.Line(sku, 2))
		require.Equal(t, order.PolicyBackorder, first.Lines[0].ShortPolicy)
		cancelled, err := r.Orders.Cancel(actor.With(r.Ctx, flowtest.Admin), first.ID, "customer changed their mind")
		require.NoError(t, err)
		require.Zero(t, cancelled.Lines[0].ShortQuantity)
		require.False(t, cancelled.Short)
		require.Zero(t, r.Get(t, first.ID).Lines[0].ShortQuantity, "stored as well")

		second := r.COD(t, "bq-2", flowtest.Line(sku, 2))
		require.Equal(t, order.PolicyBackorder, second.Lines[0].ShortPolicy, "the quota of 2 is free again")
	})
}
