package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/address"
	"github.com/waybill/waybill/internal/db/dbtest"
	"github.com/waybill/waybill/internal/httpapi"
	"github.com/waybill/waybill/internal/inventory"
	"github.com/waybill/waybill/internal/order"
)

const (
	crashWorkers = 16 // connections the shop places orders from
	// crashCycles is how many times the server is killed. A server made to
	// answer 2 ms before its commit was caught by about half of the kills,
	// so five kills miss such a bug about 3 % of the time.
	crashCycles = 5
)

// The crash test. A shop places orders with Idempotency-Keys from 16
// connections while the server process is killed with SIGKILL, five times
// over. After each restart the shop retries every request it ever sent, as a
// shop that saw no answer must. Then every acknowledged order must be there
// and replay its first answer byte for byte, no retry may have made a second
// order, reservations must match the orders, and the ledger must reconcile.
func TestCrashKeepsAcknowledgedOrders(t *testing.T) {
	t.Parallel()
	bin := buildWaybill(t)
	dbtest.EachURL(t, func(t *testing.T, dbURL string) {
		began := time.Now()
		// SQLite runs with its default synchronous=FULL, as in production.
		srv := startServer(t, bin, dbURL)
		key := seedCrashShop(t, newShop(srv.base, createKey(t, dbURL, "admin")), dbURL)
		var sent []*attempt
		for cycle := 1; cycle <= crashCycles; cycle++ {
			placed := placeUntilKilled(t, srv, key, len(sent), cycle)
			before := tally(placed)
			sent = append(sent, placed...)
			srv = startServer(t, bin, dbURL)
			s := newShop(srv.base, key)
			recovered := retryAll(t, s, sent, cycle)
			checkNothingLost(t, s, dbURL, sent, placed)
			reconcileBinary(t, bin, dbURL)
			t.Logf("cycle %d: %s; after restart the unanswered ones were %s", cycle, before, recovered)
		}
		srv.stop(t)
		t.Logf("%d orders over %d kills in %s", len(sent), crashCycles, time.Since(began).Round(time.Millisecond))
	})
}

// Stock of the shop: plenty of the P SKUs and too little of the S SKUs, so
// orders soon come in short (accepted and acknowledged all the same) and
// those with reject_if_short start getting 409.
var crashStock = []struct {
	sku string
	qty int
}{{"CRASH-P1", 100000}, {"CRASH-P2", 100000}, {"CRASH-P3", 100000}, {"CRASH-S1", 40}, {"CRASH-S2", 40}}

// seedCrashShop creates the catalogue, a warehouse serving the US with its
// stock, and returns an integration key to place orders with.
func seedCrashShop(t *testing.T, admin shopClient, dbURL string) string {
	t.Helper()
	admin.send(t, "POST", "/v1/warehouses", map[string]any{
		"code": "US-NWK1", "name": "Newark", "latitude": 40.7, "longitude": -74.2, "cutoff_time": "16:00", "timezone": "America/New_York",
		"address":        map[string]any{"line1": "1 Dock St", "city": "Newark", "region": "NJ", "postal_code": "07105", "country": "US"},
		"regions_served": []map[string]any{{"country": "US"}},
	}, http.StatusCreated)
	admin.send(t, "POST", "/v1/warehouses/US-NWK1/bins", map[string]any{"bins": []map[string]any{{"code": "A-01-01-1", "x": 1, "y": 1}}}, http.StatusCreated)
	for _, p := range crashStock {
		admin.send(t, "POST", "/v1/products", map[string]any{"sku": p.sku, "name": "Product " + p.sku, "category": "general",
			"weight_g": 500, "length_mm": 100, "width_mm": 100, "height_mm": 100, "price_minor": 1250, "currency": "USD"}, http.StatusCreated)
		admin.send(t, "POST", "/v1/stock/receipts", map[string]any{"warehouse": "US-NWK1", "bin": "A-01-01-1", "sku": p.sku,
			"quantity": p.qty, "reference": "PO-CRASH"}, http.StatusCreated)
	}
	return createKey(t, dbURL, "integration")
}

// attempt is one order request, sent once under load and again after every
// restart, with the best answer it has had.
type attempt struct {
	key        string
	body       []byte
	reject     bool // reject_if_short: 409 is a legitimate answer
	cycle      int
	acked      bool   // answered 201 before the kill
	unanswered bool   // no answer before the kill
	status     int    // best answer so far: 0 none, 201 or 409
	response   []byte // the first 201 body, which every later answer must repeat
}

// newAttempt builds request i: one or two lines, every third with a scarce
// SKU, every ninth refusing to be short, every fifth cash on delivery.
func newAttempt(i, cycle int) *attempt {
	lines := []order.LineInput{{SKU: fmt.Sprintf("CRASH-P%d", 1+i%3), Quantity: int64(1 + i%2)}}
	if i%3 == 0 {
		lines = append(lines, order.LineInput{SKU: fmt.Sprintf("CRASH-S%d", 1+i/3%2), Quantity: int64(1 + i/3%3)})
	}
	payment := "prepaid"
	if i%5 == 0 {
		payment = "cod" // held for review: COD is not offered in the US
	}
	req := order.PlaceRequest{Channel: "web", ExternalRef: fmt.Sprintf("CRASH-%06d", i), Currency: "USD",
		PaymentMethod: payment, RejectIfShort: i%9 == 0,
		Customer: order.CustomerInput{Name: "Ada Lovelace", Email: fmt.Sprintf("ada%d@example.com", i), Phone: "+1 650-253-0000"},
		ShippingAddress: address.Address{Name: "Ada Lovelace", Line1: "1600 Amphitheatre Pkwy", City: "Mountain View",
			Region: "CA", PostalCode: "94043", Country: "US"},
		Lines: lines,
	}
	body, _ := json.Marshal(req)
	return &attempt{key: fmt.Sprintf("crash-%06d", i), body: body, reject: req.RejectIfShort, cycle: cycle}
}

// record checks an answer against what the key answered before and keeps it.
func (a *attempt) record(ans answer) error {
	switch {
	case a.status == http.StatusCreated:
		if ans.status != http.StatusCreated || !ans.replayed || !bytes.Equal(ans.body, a.response) {
			return fmt.Errorf("key %s was answered 201 with %s; now %d with %s (Idempotent-Replayed %v, same bytes %v)",
				a.key, orderID(a.response), ans.status, orderID(ans.body), ans.replayed, bytes.Equal(ans.body, a.response))
		}
	case ans.status == http.StatusCreated:
		a.status, a.response = ans.status, ans.body
	case ans.status == http.StatusConflict && a.reject:
		a.status = ans.status
	default:
		return fmt.Errorf("key %s: unexpected %d: %s", a.key, ans.status, ans.body)
	}
	return nil
}

// placeUntilKilled places new orders from crashWorkers connections and kills
// the server with SIGKILL a random 0.3-1.2 s after the first acknowledgement, mid-stream. It returns
// every request sent, answered or not.
func placeUntilKilled(t *testing.T, srv *serverProcess, key string, first, cycle int) []*attempt {
	t.Helper()
	s := newShop(srv.base, key)
	var next atomic.Int64
	next.Store(int64(first))
	var killed atomic.Bool
	var acked atomic.Int64
	placed := make([][]*attempt, crashWorkers)
	var wg sync.WaitGroup
	for w := range crashWorkers {
		wg.Go(func() {
			for !killed.Load() {
				a := newAttempt(int(next.Add(1)), cycle)
				ans := s.call("POST", "/v1/orders", a.key, a.body)
				placed[w] = append(placed[w], a)
				if ans.err != nil {
					// Only the kill may break a connection.
					if !killed.Load() {
						t.Errorf("key %s: no answer before the kill: %v\n%s", a.key, ans.err, srv.output)
						return
					}
					a.unanswered = true
					continue
				}
				if err := a.record(ans); err != nil {
					t.Error(err)
					return
				}
				a.acked = a.status == http.StatusCreated
				if a.acked {
					acked.Add(1)
				}
			}
		})
	}
	// Kill mid-stream, but only once orders are being acknowledged: on a
	// loaded machine the first answers can take longer than the random delay.
	for wait := time.Now(); acked.Load() == 0 && time.Since(wait) < 30*time.Second; {
		time.Sleep(10 * time.Millisecond)
	}
	time.Sleep(300*time.Millisecond + rand.N(900*time.Millisecond))
	killed.Store(true)
	srv.kill()
	wg.Wait()
	if t.Failed() {
		t.FailNow()
	}
	all := slices.Concat(placed...)
	require.NotZero(t, countIf(all, func(a *attempt) bool { return a.acked }), "no order acknowledged before the kill\n%s", srv.output)
	return all
}

// retryAll resends every request ever sent with its key and body, as a shop
// does after an outage, and says what became of those the kill cut off.
func retryAll(t *testing.T, s shopClient, sent []*attempt, cycle int) string {
	t.Helper()
	var replayed, created, refused atomic.Int64
	var mu sync.Mutex
	var broken []string
	inParallel(len(sent), func(i int) {
		a := sent[i]
		ans := s.call("POST", "/v1/orders", a.key, a.body)
		fresh := a.status == 0
		err := ans.err
		if err == nil {
			err = a.record(ans)
		}
		if err != nil {
			mu.Lock()
			broken = append(broken, fmt.Sprintf("cycle %d, %v", a.cycle, err))
			mu.Unlock()
			return
		}
		if fresh && a.unanswered && a.cycle == cycle {
			switch {
			case ans.status == http.StatusConflict:
				refused.Add(1)
			case ans.replayed:
				replayed.Add(1) // committed before the kill, answer lost with the connection
			default:
				created.Add(1)
			}
		}
	})
	if len(broken) > 0 {
		slices.Sort(broken)
		t.Fatalf("%d of %d retries after restart went wrong, for example:\n%s",
			len(broken), len(sent), strings.Join(broken[:min(5, len(broken))], "\n"))
	}
	return fmt.Sprintf("%d already committed (replayed), %d placed now, %d refused short", replayed.Load(), created.Load(), refused.Load())
}

// checkNothingLost proves the database holds exactly one order for every key
// that ended in 201 and nothing else, that each order acknowledged before
// this kill reads back, and that the reservations are the orders' allocations.
func checkNothingLost(t *testing.T, s shopClient, dbURL string, sent, placed []*attempt) {
	t.Helper()
	want := map[string]string{} // order id → external ref
	reserved := map[string]int64{}
	for _, a := range sent {
		if a.status != http.StatusCreated {
			continue
		}
		var o order.Order
		require.NoError(t, json.Unmarshal(a.response, &o))
		require.NotContains(t, want, o.ID, "two keys answered with one order")
		want[o.ID] = o.ExternalRef
		for _, al := range o.Allocations {
			reserved[al.ProductID] += al.Quantity
		}
	}

	got := map[string]string{}
	for cursor := ""; ; {
		var page httpapi.Page[order.Order]
		require.NoError(t, s.get("/v1/orders?limit=500&cursor="+cursor, &page))
		for _, o := range page.Items {
			got[o.ID] = o.ExternalRef
		}
		if cursor = page.NextCursor; cursor == "" {
			break
		}
	}
	require.Empty(t, missing(want, got), "acknowledged orders lost")
	require.Empty(t, missing(got, want), "orders no key answered with (duplicates)")

	orders, keys := countRows(t, dbURL)
	require.Equal(t, len(want), orders, "orders in the database")
	require.Equal(t, len(want), keys, "stored 201 answers in the database (refusals are stored too)")
	require.Empty(t, missing(want, confirmed(t, dbURL)), "acknowledged orders without their confirmation job")

	var mu sync.Mutex
	var lost []string
	inParallel(len(placed), func(i int) {
		if a := placed[i]; a.acked {
			var o order.Order
			_ = json.Unmarshal(a.response, &o)
			if err := s.get("/v1/orders/"+o.ID, &o); err != nil {
				mu.Lock()
				lost = append(lost, fmt.Sprintf("key %s: %v", a.key, err))
				mu.Unlock()
			}
		}
	})
	require.Empty(t, lost, "orders acknowledged before the kill")

	var balances httpapi.Page[inventory.Balance]
	require.NoError(t, s.get("/v1/stock/balances?limit=500", &balances))
	require.Len(t, balances.Items, len(crashStock))
	for _, b := range balances.Items {
		require.Equal(t, reserved[b.ProductID], b.Reserved, "%s reserved equals the acknowledged orders' allocations", b.SKU)
		require.GreaterOrEqual(t, b.Available, int64(0), "%s oversold", b.SKU)
	}
}

// tally says how a cycle's requests fared before the kill.
func tally(placed []*attempt) string {
	acked := countIf(placed, func(a *attempt) bool { return a.acked })
	refused := countIf(placed, func(a *attempt) bool { return a.status == http.StatusConflict })
	cut := countIf(placed, func(a *attempt) bool { return a.unanswered })
	return fmt.Sprintf("%d sent, %d acknowledged, %d refused short, %d unanswered at the kill", len(placed), acked, refused, cut)
}
