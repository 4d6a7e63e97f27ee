package shop

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/clock"
	"github.com/waybill/waybill/internal/demo"
	"github.com/waybill/waybill/internal/payment/gateway"
)

const testSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"

// shopServer stands in for Waybill: it takes orders, payment events
// (checking their signature as the server does) and receipts, and keeps
// what it was sent.
type shopServer struct {
	mu       sync.Mutex
	orders   []PlaceOrder
	keys     map[string]bool // Idempotency-Keys of the orders
	paid     map[string]bool // orders paid, by id
	receipts int
	refused  []string
}

func (s *shopServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	body, _ := io.ReadAll(r.Body)
	refuse := func(why string) { s.refused = append(s.refused, why); http.Error(w, why, http.StatusBadRequest) }
	switch r.URL.Path {
	case "/v1/orders":
		var o PlaceOrder
		switch {
		case r.Header.Get("Authorization") != "Bearer shop-key":
			refuse("order without the storefront's key")
		case r.Header.Get("Idempotency-Key") == "" || s.keys[r.Header.Get("Idempotency-Key")]:
			refuse("order without a fresh Idempotency-Key")
		case json.Unmarshal(body, &o) != nil:
			refuse("unreadable order")
		default:
			s.keys[r.Header.Get("Idempotency-Key")] = true
			s.orders = append(s.orders, o)
			_ = json.NewEncoder(w).Encode(placed{ID: fmt.Sprintf("ord_%d", len(s.orders)), TotalMinor: 1999, Currency: "USD"})
		}
	case "/v1/payment-events/demo":
		v, _ := gateway.New(gateway.Config{Gateway: "demo", Scheme: gateway.SchemeStandard, Secret: testSecret}, clock.Real{})
		ev, err := v.Receive(r.Header, body)
		if err != nil || ev.Kind != gateway.KindPaid || ev.AmountMinor != 1999 {
			refuse(fmt.Sprintf("payment event %v %+v", err, ev))
			return
		}
		s.paid[ev.OrderRef] = true
	case "/v1/stock/receipts":
		if r.Header.Get("Authorization") != "Bearer stock-key" {
			refuse("receipt without the supplier's key")
			return
		}
		s.receipts++
	default:
		refuse("unexpected " + r.URL.Path)
	}
}

// The stream posts its burst at once and then keeps posting at its pace,
// each order with the storefront's key and its own Idempotency-Key; it pays
// exactly the orders meant to be paid with signed events; the supplier
// delivers; and it returns once the demo stops.
func TestRunPostsPaysAndRestocks(t *testing.T) {
	srv := &shopServer{keys: map[string]bool{}, paid: map[string]bool{}}
	ts := httptest.NewServer(srv)
	defer ts.Close()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		Run(ctx, Config{URL: ts.URL, Key: "shop-key", StockKey: "stock-key", Gateway: "demo", Secret: testSecret, Seed: 5,
			Every: 20 * time.Millisecond, Burst: 20, PayAfter: time.Millisecond, Products: demo.Products(5, demo.CatalogueSize),
			Log: slog.New(slog.DiscardHandler)})
	}()
	count := func() int { srv.mu.Lock(); defer srv.mu.Unlock(); return len(srv.orders) }
	require.Eventually(t, func() bool { return count() >= 20 }, 5*time.Second, 5*time.Millisecond, "the burst")
	require.Eventually(t, func() bool { return count() >= restockEvery+5 }, 10*time.Second, 10*time.Millisecond, "orders keep coming")
	cancel()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("the stream did not stop with the demo")
	}

	srv.mu.Lock()
	defer srv.mu.Unlock()
	require.Empty(t, srv.refused)
	require.Positive(t, srv.receipts, "the supplier delivered")
	want := newPlanner(5, Builtin(), demo.Products(5, demo.CatalogueSize))
	for i, o := range srv.orders[:40] {
		planned := want.next()
		require.Equal(t, planned.Body, o, "order %d is the planned one", i+1)
		payable := planned.Kind != Unpaid && planned.Kind != COD
		require.Equal(t, payable, srv.paid[fmt.Sprintf("ord_%d", i+1)], "order %d (%s) paid", i+1, planned.Kind)
	}
}
