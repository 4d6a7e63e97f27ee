package payment_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/clock"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/flowtest"
	"github.com/waybill/waybill/internal/httpapi"
	"github.com/waybill/waybill/internal/order"
	"github.com/waybill/waybill/internal/payment"
	"github.com/waybill/waybill/internal/payment/gateway"
)

// Secrets of the two test gateways: "shop" signs with Standard Webhooks,
// "stripe" with Stripe-Signature.
const (
	shopSecret   = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
	stripeSecret = "whsec_test_secret_0123456789abcdef"
)

// payNow is the verifiers' clock time; events are signed at it.
var payNow = time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)

// payFixture is the wired order flow with the payment webhooks served over
// HTTP, by the rig's payment store (review's hooks and all).
type payFixture struct {
	*flowtest.Rig
	base   string
	client *http.Client
}

func paySetup(t *testing.T, d *db.DB) *payFixture {
	t.Helper()
	r := flowtest.New(t, d, flowtest.Options{})
	cfgs, err := gateway.ParseConfig("shop=standard:" + shopSecret + ",stripe=stripe:" + stripeSecret)
	require.NoError(t, err)
	verifiers, err := gateway.NewVerifiers(cfgs, clock.NewFixed(payNow))
	require.NoError(t, err)
	srv := httpapi.New(httpapi.Options{})
	payment.Register(srv.API(), r.Payments, verifiers)
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	r.AddProducts(t, 1)
	r.AddWarehouse(t, "US-EWR1")
	r.Receive(t, "US-EWR1", "SKU-000", 100_000)
	tr := &http.Transport{MaxIdleConnsPerHost: 64}
	t.Cleanup(tr.CloseIdleConnections)
	return &payFixture{Rig: r, base: ts.URL, client: &http.Client{Transport: tr, Timeout: 30 * time.Second}}
}

// place places a prepaid order for one SKU-000 (10.00 USD).
func (p *payFixture) place(t testing.TB, ref string) order.Order {
	t.Helper()
	return flowtest.Placed(t, p.Place(flowtest.Request(ref, flowtest.Line("SKU-000", 1))))
}

// generic returns an event body in Waybill's generic format.
func generic(id, typ, orderRef string, amount int64, currency string, at time.Time) []byte {
	return fmt.Appendf(nil, `{"id":%q,"type":%q,"created_at":%q,"data":{"order_id":%q,"amount_minor":%d,"currency":%q,"payment_id":"pay_%s"}}`,
		id, typ, at.Format(time.RFC3339), orderRef, amount, currency, orderRef)
}

// signed returns Standard Webhooks headers for body, signed at ts.
func signed(t testing.TB, msgID string, ts time.Time, body []byte) http.Header {
	h, err := gateway.SignStandard(shopSecret, msgID, ts, body)
	require.NoError(t, err)
	return h
}

// post sends body to path with headers and returns the status and body.
func (p *payFixture) post(t testing.TB, path string, h http.Header, body []byte) (int, []byte) {
	req, err := http.NewRequest(http.MethodPost, p.base+path, bytes.NewReader(body))
	require.NoError(t, err)
	for k, vs := range h {
		req.Header[k] = vs
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := p.client.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, raw
}

// send posts a generic event from "shop", correctly signed, and decodes a
// 200 answer's outcome.
func (p *payFixture) send(t testing.TB, body []byte) (int, payment.Outcome, []byte) {
	var ev struct{ ID string }
	require.NoError(t, json.Unmarshal(body, &ev))
	status, raw := p.post(t, "/v1/payment-events/shop", signed(t, ev.ID, payNow, body), body)
	var out payment.Outcome
	if status == http.StatusOK {
		require.NoError(t, json.Unmarshal(raw, &out), "%s", raw)
	}
	return status, out, raw
}

// counts returns the number of rows in each table that a payment event may write.
func (p *payFixture) counts(t testing.TB) map[string]int {
	t.Helper()
	out := map[string]int{}
	require.NoError(t, p.DB.Read(context.Background(), func(tx *db.Tx) error {
		for _, table := range []string{"payment_events", "order_events", "audit_log"} {
			var n int
			if err := tx.QueryRowContext(context.Background(), "SELECT count(*) FROM "+table).Scan(&n); err != nil {
				return err
			}
			out[table] = n
		}
		return nil
	}))
	return out
}

// payView is an order's payment side as stored.
type payView struct {
	Status        order.Status
	PaymentStatus order.PaymentStatus
	HoldReason    string
	Paid          int64
	Refunded      int64
}

func (p *payFixture) view(t testing.TB, orderID string) payView {
	t.Helper()
	var v payView
	require.NoError(t, p.DB.Read(context.Background(), func(tx *db.Tx) error {
		return tx.QueryRowContext(context.Background(), `SELECT status, payment_status, hold_reason, paid_minor, refunded_minor
			FROM orders WHERE id = $1`, orderID).Scan(&v.Status, &v.PaymentStatus, &v.HoldReason, &v.Paid, &v.Refunded)
	}))
	return v
}
