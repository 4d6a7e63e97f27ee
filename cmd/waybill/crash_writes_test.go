package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/db/dbtest"
	"github.com/waybill/waybill/internal/payment/gateway"
)

// crashGatewaySecret signs the payment events of the crash test.
const crashGatewaySecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"

// The crash test for the other acknowledged writes: stock receipts sent
// with Idempotency-Keys and signed payment events, while the server is
// killed with SIGKILL three times over. After each restart every request is
// sent again, as a client that saw no answer must. Then every receipt is
// booked exactly once (on hand = opening stock + one quantity per key), each
// answered receipt replays its first answer byte for byte, every payment
// event is recorded once and pays its order once, and the ledger
// reconciles.
func TestCrashKeepsOtherWritesOnce(t *testing.T) {
	t.Parallel()
	bin := buildWaybill(t)
	dbtest.EachURL(t, func(t *testing.T, dbURL string) {
		gw := "--gateways=shop=standard:" + crashGatewaySecret
		srv := startServer(t, bin, dbURL, gw)
		key := seedCrashShop(t, newShop(srv.base, createKey(t, dbURL, "admin")), dbURL)
		admin := newShop(srv.base, createKey(t, dbURL, "admin"))
		orders := placeToPay(t, newShop(srv.base, key), 240)
		var receipts []*write
		var events []*write
		for cycle := 1; cycle <= 3; cycle++ {
			r, e := writeUntilKilled(t, srv, admin, orders, len(receipts), len(events))
			receipts, events = append(receipts, r...), append(events, e...)
			srv = startServer(t, bin, dbURL, gw)
			admin = newShop(srv.base, admin.key)
			resend(t, admin, append(receipts, events...))
			checkWritesOnce(t, dbURL, receipts, events)
			reconcileBinary(t, bin, dbURL)
			t.Logf("cycle %d: %d receipts and %d payment events so far, %d cut off by the kill", cycle, len(receipts), len(events),
				countWrites(append(r, e...), func(w *write) bool { return w.cut }))
		}
		srv.stop(t)
	})
}

// write is one receipt or payment event, sent under load and again after
// every restart, with its first answer.
type write struct {
	path, key string // key: the Idempotency-Key of a receipt; "" for an event
	body      []byte
	eventID   string
	quantity  int64 // a receipt's
	cut       bool  // no answer before the kill
	status    int
	response  []byte
}

// crashOrder is an order the test pays, with its total.
type crashOrder struct {
	id    string
	total int64
}

// placeToPay places n prepaid orders of plentiful stock.
func placeToPay(t *testing.T, s shopClient, n int) []crashOrder {
	t.Helper()
	out := make([]crashOrder, n)
	inParallel(n, func(i int) {
		a := newAttempt(3*i+1, 0) // never a scarce SKU, never COD
		a.key = fmt.Sprintf("pay-order-%d", i)
		ans := s.call(http.MethodPost, "/v1/orders", a.key, a.body)
		if ans.err != nil || ans.status != http.StatusCreated {
			t.Errorf("order %d: %v %d %s", i, ans.err, ans.status, ans.body)
			return
		}
		var o struct {
			ID         string `json:"id"`
			TotalMinor int64  `json:"total_minor"`
		}
		_ = json.Unmarshal(ans.body, &o)
		out[i] = crashOrder{o.ID, o.TotalMinor}
	})
	if t.Failed() {
		t.FailNow()
	}
	return out
}

// writeUntilKilled sends receipts and payment events from crashWorkers
// connections and kills the server mid-stream.
func writeUntilKilled(t *testing.T, srv *serverProcess, s shopClient, orders []crashOrder, r0, e0 int) (receipts, events []*write) {
	t.Helper()
	var nextReceipt, nextEvent atomic.Int64
	nextReceipt.Store(int64(r0))
	nextEvent.Store(int64(e0))
	var killed atomic.Bool
	var answered atomic.Int64
	var mu sync.Mutex
	var wg sync.WaitGroup
	for w := range crashWorkers {
		wg.Go(func() {
			for !killed.Load() {
				var wr *write
				if w%2 == 0 {
					wr = newReceipt(int(nextReceipt.Add(1)))
				} else if i := int(nextEvent.Add(1)); i < len(orders) {
					wr = newPaymentEvent(i, orders[i])
				} else {
					wr = newReceipt(int(nextReceipt.Add(1)))
				}
				ans := send(s, wr)
				mu.Lock()
				if wr.eventID != "" {
					events = append(events, wr)
				} else {
					receipts = append(receipts, wr)
				}
				mu.Unlock()
				if ans.err != nil {
					if !killed.Load() {
						t.Errorf("%s: no answer before the kill: %v\n%s", wr.path, ans.err, srv.output)
						return
					}
					wr.cut = true
					continue
				}
				if ans.status != http.StatusCreated && ans.status != http.StatusOK {
					t.Errorf("%s %s: %d %s", wr.path, wr.key+wr.eventID, ans.status, ans.body)
					return
				}
				wr.status, wr.response = ans.status, ans.body
				answered.Add(1)
			}
		})
	}
	for wait := time.Now(); answered.Load() == 0 && time.Since(wait) < 30*time.Second; {
		time.Sleep(10 * time.Millisecond)
	}
	time.Sleep(200*time.Millisecond + rand.N(600*time.Millisecond))
	killed.Store(true)
	srv.kill()
	wg.Wait()
	if t.Failed() {
		t.FailNow()
	}
	return receipts, events
}

func newReceipt(i int) *write {
	qty := int64(1 + i%3)
	body, _ := json.Marshal(map[string]any{"warehouse": "US-NWK1", "bin": "A-01-01-1", "sku": "CRASH-P1",
		"quantity": qty, "reference": fmt.Sprintf("PO-%d", i)})
	return &write{path: "/v1/stock/receipts", key: fmt.Sprintf("receipt-%06d", i), body: body, quantity: qty}
}

func newPaymentEvent(i int, o crashOrder) *write {
	id := fmt.Sprintf("evt_crash_%06d", i)
	body := fmt.Appendf(nil, `{"id":%q,"type":"payment.succeeded","created_at":%q,"data":{"order_id":%q,"amount_minor":%d,"currency":"USD","payment_id":"pay_%d"}}`,
		id, time.Now().UTC().Format(time.RFC3339), o.id, o.total, i)
	return &write{path: "/v1/payment-events/shop", eventID: id, body: body}
}

// send delivers a write: a receipt with its key, an event signed now.
func send(s shopClient, w *write) answer {
	if w.eventID == "" {
		return s.call(http.MethodPost, w.path, w.key, w.body)
	}
	h, err := gateway.SignStandard(crashGatewaySecret, w.eventID, time.Now(), w.body)
	if err != nil {
		return answer{err: err}
	}
	req, err := http.NewRequest(http.MethodPost, s.base+w.path, bytes.NewReader(w.body))
	if err != nil {
		return answer{err: err}
	}
	req.Header = h
	req.Header.Set("Content-Type", "application/json")
	resp, err := s.hc.Do(req)
	if err != nil {
		return answer{err: err}
	}
	defer resp.Body.Close()
	var buf bytes.Buffer
	if _, err := buf.ReadFrom(resp.Body); err != nil {
		return answer{err: err}
	}
	return answer{status: resp.StatusCode, replayed: resp.Header.Get("Idempotent-Replayed") == "true", body: buf.Bytes()}
}

// resend sends every write again; a receipt answered before must replay
// its first answer, byte for byte.
func resend(t *testing.T, s shopClient, all []*write) {
	t.Helper()
	var mu sync.Mutex
	var broken []string
	inParallel(len(all), func(i int) {
		w := all[i]
		ans := send(s, w)
		var err error
		switch {
		case ans.err != nil:
			err = ans.err
		case ans.status != http.StatusCreated && ans.status != http.StatusOK:
			err = fmt.Errorf("%d %s", ans.status, ans.body)
		case w.eventID == "" && w.status != 0 && (!ans.replayed || !bytes.Equal(ans.body, w.response)):
			err = fmt.Errorf("answered %s first, now %s (replayed %v)", w.response, ans.body, ans.replayed)
		}
		if err != nil {
			mu.Lock()
			broken = append(broken, w.key+w.eventID+": "+err.Error())
			mu.Unlock()
			return
		}
		if w.status == 0 {
			w.status, w.response = ans.status, ans.body
		}
	})
	require.Empty(t, broken, "retries after the restart")
}

// checkWritesOnce proves each receipt booked once and each event applied once.
func checkWritesOnce(t *testing.T, dbURL string, receipts, events []*write) {
	t.Helper()
	want := int64(100000) // CRASH-P1's opening stock
	for _, r := range receipts {
		want += r.quantity
	}
	ctx := context.Background()
	d, err := db.Open(ctx, dbURL, db.Options{})
	require.NoError(t, err)
	defer d.Close()
	var onHand, receiptEntries, eventRows, paid int64
	require.NoError(t, d.Read(ctx, func(tx *db.Tx) error {
		if err := tx.QueryRowContext(ctx, `SELECT b.on_hand FROM stock_balances b JOIN products p ON p.id = b.product_id
			WHERE p.sku = 'CRASH-P1'`).Scan(&onHand); err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM stock_entries e JOIN products p ON p.id = e.product_id
			WHERE p.sku = 'CRASH-P1' AND e.kind = 'receive' AND e.reference LIKE 'PO-%' AND e.reference <> 'PO-CRASH'`).Scan(&receiptEntries); err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM payment_events WHERE event_id LIKE 'evt_crash_%'`).Scan(&eventRows); err != nil {
			return err
		}
		return tx.QueryRowContext(ctx, `SELECT count(*) FROM order_events WHERE type = 'payment.paid'`).Scan(&paid)
	}))
	require.Equal(t, want, onHand, "every receipt booked exactly once")
	require.Equal(t, int64(len(receipts)), receiptEntries, "one ledger entry per receipt key")
	require.Equal(t, int64(len(events)), eventRows, "each payment event recorded once")
	require.Equal(t, int64(len(events)), paid, "each order paid once")
}

func countWrites(ws []*write, f func(*write) bool) (n int) {
	for _, w := range ws {
		if f(w) {
			n++
		}
	}
	return n
}
