package order_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/apitest"
	"github.com/waybill/waybill/internal/auth"
	"github.com/waybill/waybill/internal/clock"
	"github.com/waybill/waybill/internal/coupon"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/db/dbtest"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/flowtest"
	"github.com/waybill/waybill/internal/httpapi"
	"github.com/waybill/waybill/internal/inventory"
	"github.com/waybill/waybill/internal/order"
	"github.com/waybill/waybill/internal/setting"
)

type apiClient struct {
	t    *testing.T
	base string
	key  string
}

// call is safe from goroutines: it reports failures without FailNow.
func (c apiClient) call(method, path string, body any, headers ...string) (int, http.Header, []byte) {
	c.t.Helper()
	var rd io.Reader
	if b, ok := body.([]byte); ok { // sent as is, even when it is not JSON
		rd = bytes.NewReader(b)
	} else if body != nil {
		b, err := json.Marshal(body)
		if !assert.NoError(c.t, err) {
			return 0, nil, nil
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, c.base+path, rd)
	if !assert.NoError(c.t, err) {
		return 0, nil, nil
	}
	req.Header.Set("Authorization", "Bearer "+c.key)
	req.Header.Set("Content-Type", "application/json")
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if !assert.NoError(c.t, err) {
		return 0, nil, nil
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	assert.NoError(c.t, err)
	return resp.StatusCode, resp.Header, raw
}

func apiSetup(t *testing.T, d *db.DB) (*flowtest.Rig, apiClient) {
	t.Helper()
	f := setup(t, d, order.Config{})
	keys := auth.NewKeys(d)
	srv := httpapi.New(httpapi.Options{Auth: keys})
	order.Register(srv.API(), f.Engine, f.Orders)
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	_, key, err := keys.Create(actor.With(f.Ctx, actor.CLI("test")), "shop", actor.Integration)
	require.NoError(t, err)
	return f, apiClient{t: t, base: ts.URL, key: key}
}

func TestPlaceOrderAPI(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f, c := apiSetup(t, d)
		f.AddProducts(t, 3)
		f.AddWarehouse(t, "US-EWR1")
		f.Receive(t, "US-EWR1", "SKU-000", 5)

		// Every problem at once, at its JSON path, and nothing written.
		bad := flowtest.Request("bad-1", flowtest.Line("SKU-000", 0), flowtest.Line("NOPE", 1))
		bad.ShippingAddress.PostalCode = "ABCDE"
		bad.Customer.Email = "not-an-email"
		bad.Customer.Phone = "12"
		status, _, raw := c.call("POST", "/v1/orders", bad)
		require.Equal(t, 422, status, "%s", raw)
		fields := apitest.ProblemFields(t, raw)
		for _, path := range []string{"lines[0].quantity", "shipping_address.postal_code", "customer.email", "customer.phone"} {
			require.Contains(t, fields, path, "%s", raw)
		}
		status, _, raw = c.call("POST", "/v1/orders", flowtest.Request("bad-2", flowtest.Line("NOPE", 1), flowtest.Line("SKU-000", 1)))
		require.Equal(t, 422, status)
		require.Equal(t, map[string]string{"lines[0].sku": "unknown_value"}, apitest.ProblemFields(t, raw))

		// Short with reject_if_short: 409 naming the line; nothing reserved.
		short := flowtest.Request("short-1", flowtest.Line("SKU-000", 2), flowtest.Line("SKU-001", 1))
		short.RejectIfShort = true
		status, _, raw = c.call("POST", "/v1/orders", short)
		require.Equal(t, 409, status, "%s", raw)
		require.Equal(t, map[string]string{"lines[1].quantity": "short"}, apitest.ProblemFields(t, raw))

		// Short without it: accepted for review, the short line marked.
		status, _, raw = c.call("POST", "/v1/orders", flowtest.Request("ok-1", flowtest.Line("SKU-000", 2), flowtest.Line("SKU-001", 1)))
		require.Equal(t, 201, status, "%s", raw)
		var o order.Order
		require.NoError(t, json.Unmarshal(raw, &o))
		require.True(t, o.Short)
		require.Equal(t, int64(1), o.Lines[1].ShortQuantity)
		require.Equal(t, int64(3000), o.TotalMinor, "priced from the catalogue, short line included until review decides")
		require.Equal(t, "+16502530000", o.Customer.Phone)
		require.Equal(t, order.AwaitingPayment, o.PaymentStatus)
		require.NotNil(t, o.PaymentDueAt)

		status, _, raw = c.call("POST", "/v1/orders", flowtest.Request("ok-1", flowtest.Line("SKU-000", 1)))
		require.Equal(t, 409, status, "external_ref is unique per channel: %s", raw)

		status, _, raw = c.call("GET", "/v1/orders/"+o.Number, nil)
		require.Equal(t, 200, status)
		require.Contains(t, string(raw), `"warehouse":"US-EWR1"`)
		status, _, raw = c.call("GET", "/v1/orders?sku=SKU-001&status=placed", nil)
		require.Equal(t, 200, status)
		require.Contains(t, string(raw), o.ID)
		var page struct {
			SearchLagMS *int64 `json:"search_lag_ms"`
		}
		require.NoError(t, json.Unmarshal(raw, &page))
		require.NotNil(t, page.SearchLagMS, "the list says how far search is behind: %s", raw)
		require.Zero(t, *page.SearchLagMS, "a search by SKU caught the indexes up first")
		status, _, raw = c.call("GET", "/v1/orders?status=placed", nil)
		require.Equal(t, 200, status)
		require.NotContains(t, string(raw), "search_lag_ms", "a list that reads no search index does not look up its lag")
		status, _, raw = c.call("GET", "/v1/orders?sku=SKU-002", nil)
		require.Equal(t, 200, status)
		require.NotContains(t, string(raw), o.ID)

		// Cancel releases the reservation, once.
		require.Equal(t, int64(2), reserved(t, f, "SKU-000"))
		status, _, raw = c.call("POST", "/v1/orders/"+o.ID+"/cancel", map[string]string{"reason": "customer asked"})
		require.Equal(t, 200, status, "%s", raw)
		require.Equal(t, int64(0), reserved(t, f, "SKU-000"))
		status, _, _ = c.call("POST", "/v1/orders/"+o.ID+"/cancel", map[string]string{"reason": "again"})
		require.Equal(t, 409, status, "a cancelled order cannot be cancelled again")
		require.Equal(t, int64(0), reserved(t, f, "SKU-000"))

		status, _, raw = c.call("GET", "/v1/orders/"+o.ID+"/events", nil)
		require.Equal(t, 200, status)
		var evs []order.Event
		require.NoError(t, json.Unmarshal(raw, &evs))
		require.Equal(t, []string{"order.placed", "order.cancelled"}, []string{evs[0].Type, evs[1].Type})

		rep, err := f.Stock.Reconcile(f.Ctx)
		require.NoError(t, err)
		require.True(t, rep.OK)
	})
}

func reserved(t *testing.T, f *flowtest.Rig, sku string) int64 {
	t.Helper()
	bs, err := f.Stock.Balances(f.Ctx, inventory.Filter{SKU: sku, Limit: 10})
	require.NoError(t, err)
	var n int64
	for _, b := range bs {
		n += b.Reserved
	}
	return n
}

// TestIdempotencyKey: 100 parallel requests with one key make one order;
// every success carries the same bytes; the rest are told the first is still
// running; a later retry replays the bytes; another body with the key is 422.
func TestIdempotencyKey(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f, c := apiSetup(t, d)
		f.AddProducts(t, 1)
		f.AddWarehouse(t, "US-EWR1")
		f.Receive(t, "US-EWR1", "SKU-000", 1000)
		body := flowtest.Request("idem-1", flowtest.Line("SKU-000", 1))

		var mu sync.Mutex
		bodies := map[string]int{}
		statuses := map[int]int{}
		var wg sync.WaitGroup
		for range 100 {
			wg.Go(func() {
				status, _, raw := c.call("POST", "/v1/orders", body, "Idempotency-Key", "key-1")
				mu.Lock()
				defer mu.Unlock()
				statuses[status]++
				if status == 201 {
					bodies[string(raw)]++
				}
			})
		}
		wg.Wait()
		require.Len(t, bodies, 1, "one order, one answer: %v", statuses)
		require.Equal(t, 100, statuses[201]+statuses[409], "%v", statuses)

		status, h, raw := c.call("POST", "/v1/orders", body, "Idempotency-Key", "key-1")
		require.Equal(t, 201, status)
		require.Equal(t, "true", h.Get("Idempotent-Replayed"))
		for first := range bodies {
			require.Equal(t, first, string(raw), "byte-for-byte replay")
		}

		other := flowtest.Request("idem-2", flowtest.Line("SKU-000", 2))
		status, _, raw = c.call("POST", "/v1/orders", other, "Idempotency-Key", "key-1")
		require.Equal(t, 422, status, "%s", raw)

		list, err := f.Orders.List(f.Ctx, order.Filter{Limit: 10})
		require.NoError(t, err)
		require.Len(t, list, 1)
		require.Equal(t, int64(1), reserved(t, f, "SKU-000"))

		// A refusal is an answer too: once stock arrives, a retry with the
		// key still gets the first 409, byte for byte; a new key succeeds.
		short := flowtest.Request("idem-short", flowtest.Line("SKU-000", 5000))
		short.RejectIfShort = true
		status, h, first := c.call("POST", "/v1/orders", short, "Idempotency-Key", "key-short")
		require.Equal(t, 409, status, "%s", first)
		require.Equal(t, "application/problem+json", h.Get("Content-Type"))
		f.Receive(t, "US-EWR1", "SKU-000", 10000)
		status, h, again := c.call("POST", "/v1/orders", short, "Idempotency-Key", "key-short")
		require.Equal(t, 409, status)
		require.Equal(t, "true", h.Get("Idempotent-Replayed"))
		require.Equal(t, string(first), string(again))
		status, _, raw = c.call("POST", "/v1/orders", short, "Idempotency-Key", "key-short-2")
		require.Equal(t, 201, status, "%s", raw)
	})
}

func TestQueueFullAnswers503(t *testing.T) {
	d := dbtest.SQLite(t, dbtest.Options{})
	f := setup(t, d, order.Config{QueueSize: 1, MaxBatch: 1})
	f.AddProducts(t, 1)
	f.AddWarehouse(t, "US-EWR1")
	f.Receive(t, "US-EWR1", "SKU-000", 10000)
	var wg sync.WaitGroup
	var mu sync.Mutex
	busy := 0
	for i := range 200 {
		wg.Go(func() {
			r := f.Engine.Place(f.Ctx, flowtest.Request(fmt.Sprintf("q-%d", i), flowtest.Line("SKU-000", 1)), nil)
			if r.Err == order.ErrBusy {
				mu.Lock()
				busy++
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	require.Positive(t, busy, "a one-slot queue refuses some of 200 simultaneous orders")
}

func TestSubmitAfterStopIsRefused(t *testing.T) {
	d := dbtest.SQLite(t, dbtest.Options{})
	e := order.NewEngine(d, nil, order.Config{})
	e.Start()
	e.Stop()
	r := e.Place(actor.With(t.Context(), actor.CLI("test")), flowtest.Request("late", flowtest.Line("SKU-000", 1)), nil)
	require.True(t, errs.Is(r.Err, errs.Unavailable), "%v", r.Err)
}

// Cancelling an order runs the cancel hooks of the later stages in its
// transaction: here the coupon stage's gives the use back, so a single-use
// coupon can be used again by the next order.
func TestCancelReleasesCouponUse(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d, order.Config{})
		f.AddProducts(t, 1)
		f.AddWarehouse(t, "US-EWR1")
		f.Receive(t, "US-EWR1", "SKU-000", 10)
		_, err := f.Coupons.Create(actor.With(f.Ctx, actor.CLI("test")), coupon.Input{Code: "ONCE", Kind: coupon.Percent, PercentBP: 1000, MaxUses: 1})
		require.NoError(t, err)
		first := flowtest.Request("c-1", flowtest.Line("SKU-000", 1))
		first.Coupons = []string{"ONCE"}
		r := f.Engine.Place(f.Ctx, first, nil)
		require.NoError(t, r.Err)
		var o order.Order
		require.NoError(t, json.Unmarshal(r.Body, &o))
		require.Equal(t, int64(100), o.DiscountMinor)

		second := flowtest.Request("c-2", flowtest.Line("SKU-000", 1))
		second.Coupons = []string{"ONCE"}
		require.Error(t, f.Engine.Place(f.Ctx, second, nil).Err, "the only use is taken")

		_, err = f.Orders.Cancel(f.Ctx, o.ID, "changed mind")
		require.NoError(t, err)
		c, err := f.Coupons.Get(f.Ctx, "ONCE")
		require.NoError(t, err)
		require.Zero(t, c.Uses)
		second.ExternalRef = "c-3"
		require.NoError(t, f.Engine.Place(f.Ctx, second, nil).Err, "the use came back with the cancellation")
	})
}

// An order's Idempotency-Key is kept for its retention only: after it, the
// key is free again and places a new order, instead of refusing every reuse
// (and sinking the batch it arrives in to one-by-one retries).
func TestIdempotencyKeyExpires(t *testing.T) {
	dbtest.EachAt(t, time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC), func(t *testing.T, d *db.DB, clk *clock.Fixed) {
		rules := setting.Defaults()
		rules.IdempotencyRetention = time.Hour
		f := setup(t, d, order.Config{Settings: setting.Static(rules)})
		f.AddProducts(t, 1)
		f.AddWarehouse(t, "US-EWR1")
		f.Receive(t, "US-EWR1", "SKU-000", 10)
		place := func(ref string) order.Reply {
			req := flowtest.Request(ref, flowtest.Line("SKU-000", 1))
			return f.Engine.Place(f.Ctx, req, order.NewIdempotency(flowtest.Shop.ID, "key-exp", "place-order", []byte(ref)))
		}
		first := flowtest.Placed(t, place("exp-1"))
		again := place("exp-1")
		require.True(t, again.Replayed)
		require.Equal(t, "exp-1", flowtest.Placed(t, again).ExternalRef)
		require.Error(t, place("exp-2").Err, "another body under a live key is refused")

		clk.Advance(time.Hour + time.Second)
		fresh := place("exp-2")
		require.False(t, fresh.Replayed)
		second := flowtest.Placed(t, fresh)
		require.NotEqual(t, first.ID, second.ID, "the expired key placed a new order")
		require.Zero(t, f.Engine.Stats().Fallbacks, "no batch failed over the old row")
		require.True(t, place("exp-2").Replayed, "and now answers for the new one")
	})
}

// Units are capped per line, per SKU over all the order's lines (one SKU
// on a hundred lines is not a million units) and per order, each refusal at
// its path and nothing reserved.
func TestQuantityCaps(t *testing.T) {
	d := dbtest.SQLite(t, dbtest.Options{})
	f := setup(t, d, order.Config{})
	f.AddProducts(t, 3)
	f.AddWarehouse(t, "US-EWR1")
	f.Receive(t, "US-EWR1", "SKU-000", 100)
	var lines []order.LineInput
	for range 100 {
		lines = append(lines, flowtest.Line("SKU-000", order.MaxQuantity))
	}
	require.Equal(t, map[string]string{"lines[1].quantity": errs.CodeOutOfRange, "lines": errs.CodeOutOfRange},
		flowtest.RefusedAt(t, f.Place(flowtest.Request("cap-1", lines...))), "the SKU's total passes 10,000 on line 1")

	spread := flowtest.Request("cap-2", flowtest.Line("SKU-000", 6000), flowtest.Line("SKU-001", 6000),
		flowtest.Line("SKU-002", 6000), flowtest.Line("SKU-001", 3000))
	require.Equal(t, map[string]string{"lines": errs.CodeOutOfRange}, flowtest.RefusedAt(t, f.Place(spread)),
		"no SKU over its cap, the order over 20,000 units")

	ok := flowtest.Request("cap-3", flowtest.Line("SKU-000", 5000), flowtest.Line("SKU-000", 5000), flowtest.Line("SKU-001", 10000))
	o := f.Accepted(t, ok)
	require.Len(t, o.Lines, 3, "exactly at the caps is accepted")
	require.Equal(t, int64(100), reserved(t, f, "SKU-000"), "short, but within bounds")
}
