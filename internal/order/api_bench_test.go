package order_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/address"
	"github.com/waybill/waybill/internal/auth"
	"github.com/waybill/waybill/internal/db/dbtest"
	"github.com/waybill/waybill/internal/httpapi"
	"github.com/waybill/waybill/internal/order"
)

// answerAtOnce is the engine replaced by a no-op: every order is accepted
// with the same stored answer, so what is measured is the HTTP edge alone.
type answerAtOnce struct{ body []byte }

func (a answerAtOnce) Submit(context.Context, order.PlaceRequest, *order.Idempotency) order.Reply {
	return order.Reply{Status: http.StatusCreated, Body: a.body}
}

// discard is a ResponseWriter that keeps the status and nothing else.
type discard struct {
	h      http.Header
	status int
}

func (d *discard) Header() http.Header         { return d.h }
func (d *discard) Write(p []byte) (int, error) { return len(p), nil }
func (d *discard) WriteHeader(status int)      { d.status = status }

// benchOrder is the intake benchmark's order (internal/bench): three lines,
// a US address, the phone in international form with separators.
func benchOrder() order.PlaceRequest {
	return order.PlaceRequest{Channel: "bench", ExternalRef: "bench-1-42", PaymentMethod: "prepaid", Currency: "USD",
		Customer: order.CustomerInput{Name: "Grace Hopper", Email: "grace42@example.com", Phone: "+1 650-253-0000"},
		ShippingAddress: address.Address{Name: "Grace Hopper", Line1: "1600 Amphitheatre Pkwy", City: "Mountain View",
			Region: "CA", PostalCode: "94043", Country: "US"},
		Lines: []order.LineInput{{SKU: "BENCH-000017", Quantity: 1}, {SKU: "BENCH-004711", Quantity: 2}, {SKU: "BENCH-031337", Quantity: 1}}}
}

// BenchmarkPlaceOrderHTTP serves POST /v1/orders through the server's whole
// handler chain (request id, metrics, authentication by a stored API key,
// body limit, decoding, schema and domain validation, the handler, the
// answer written) with the engine replaced by a no-op: the per-request
// cost of the API edge that issue 15 measured at about 105 µs.
func BenchmarkPlaceOrderHTTP(b *testing.B) {
	d := dbtest.SQLite(b, dbtest.Options{})
	keys := auth.NewKeys(d)
	_, key, err := keys.Create(actor.With(b.Context(), actor.CLI("bench")), "bench", actor.Integration)
	if err != nil {
		b.Fatal(err)
	}
	now := time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC)
	answer, err := json.Marshal(order.Order{ID: "ord_01KBX0000000000000000000", Number: "WB-00001-0ABC", Channel: "bench",
		ExternalRef: "bench-1-42", Currency: "USD", Status: "confirmed", CreatedAt: now, UpdatedAt: now,
		Lines: []order.Line{{SKU: "BENCH-000017", Quantity: 1, UnitPriceMinor: 1999, TotalMinor: 1999}}})
	if err != nil {
		b.Fatal(err)
	}
	srv := httpapi.New(httpapi.Options{Auth: keys, Idempotency: d})
	order.Register(srv.API(), answerAtOnce{body: answer}, order.NewStore(d))
	h := srv.Handler()
	body, err := json.Marshal(benchOrder())
	if err != nil {
		b.Fatal(err)
	}
	serve := func() *discard {
		req, _ := http.NewRequestWithContext(b.Context(), http.MethodPost, "/v1/orders", bytes.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+key)
		req.Header.Set("Content-Type", "application/json")
		req.RemoteAddr = "127.0.0.1:40000"
		w := &discard{h: http.Header{}}
		h.ServeHTTP(w, req)
		return w
	}
	if w := serve(); w.status != http.StatusCreated { // and the key is cached
		b.Fatalf("HTTP %d", w.status)
	}
	b.ReportAllocs()
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		if w := serve(); w.status != http.StatusCreated {
			b.Fatalf("HTTP %d", w.status)
		}
	}
}
