package payment_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/db/dbtest"
	"github.com/waybill/waybill/internal/order"
	"github.com/waybill/waybill/internal/payment"
)

// scripted is one distinct gateway event of the load test.
type scripted struct {
	id, typ, orderRef, currency string
	orderID                     string // "" for an unknown order
	amount                      int64
	at                          time.Time
}

func (e scripted) String() string {
	return fmt.Sprintf("%s %s %d %s at +%ds", e.id, e.typ, e.amount, e.currency, e.at.Unix()%3600)
}

// scenarios are the payment histories of the test's orders, in the order
// things happened: a = authorized, p = paid, f = failed, c = canceled, and a
// trailing digit alters the amount (9: 9.00 instead of 10.00) or the
// currency (e: EUR).
var scenarios = [][]string{
	{"a", "p"}, {"p"}, {"a", "p9"}, {"pe"}, {"f", "p"}, {"p", "f", "c"},
	{"a9", "p"}, {"f", "a", "f"}, {"a9", "p9"}, {"a"}, {"f", "c", "f", "a", "p", "c"},
}

// TestPaymentWebhookLoad is the webhook test: 10,000 signed
// deliveries, 30 % of them repeats, shuffled and sent by 16 concurrent
// clients over HTTP, across 400 orders. Afterwards every order is where an
// in-order replay of its distinct events puts it, each distinct event is
// stored once, and each applied event is on its order's timeline once.
func TestPaymentWebhookLoad(t *testing.T) {
	orders, deliveries, distinct, workers := 400, 10_000, 7_000, 16
	if testing.Short() {
		// The race leg (-short): a quarter of the volume, the same 16
		// concurrent clients and share of repeats, so every racing path
		// still runs under the detector; the full load runs in the other leg.
		orders, deliveries, distinct = 100, 2_500, 1_750
	}
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		p := paySetup(t, d)
		placed := make([]order.Order, orders)
		var wg sync.WaitGroup
		for i := range placed {
			wg.Go(func() { placed[i] = p.place(t, fmt.Sprintf("load-%d", i)) })
		}
		wg.Wait()
		rng := rand.New(rand.NewPCG(1, 2))
		events := script(placed, distinct, rng)
		sends := slices.Clone(events)
		for len(sends) < deliveries {
			sends = append(sends, events[rng.IntN(len(events))])
		}
		rng.Shuffle(len(sends), func(i, j int) { sends[i], sends[j] = sends[j], sends[i] })

		start := time.Now()
		var mu sync.Mutex
		firsts, failures := 0, []string{}
		work := make(chan scripted)
		for range workers {
			wg.Go(func() {
				for e := range work {
					body := generic(e.id, e.typ, e.orderRef, e.amount, e.currency, e.at)
					status, raw := p.post(t, "/v1/payment-events/shop", signed(t, e.id, payNow, body), body)
					var out payment.Outcome
					_ = json.Unmarshal(raw, &out)
					mu.Lock()
					if status != 200 {
						failures = append(failures, fmt.Sprintf("%s: %d %s", e.id, status, raw))
					} else if !out.Duplicate {
						firsts++
					}
					mu.Unlock()
				}
			})
		}
		for _, e := range sends {
			work <- e
		}
		close(work)
		wg.Wait()
		elapsed := time.Since(start)
		t.Logf("%d deliveries (%d distinct events, %d orders) in %s: %.0f deliveries/s",
			deliveries, len(events), orders, elapsed.Round(time.Millisecond), float64(deliveries)/elapsed.Seconds())
		require.Empty(t, failures)
		require.Equal(t, len(events), firsts, "each distinct event is applied by exactly one delivery")

		byOrder := map[string][]scripted{}
		for _, e := range events {
			byOrder[e.orderID] = append(byOrder[e.orderID], e)
		}
		for _, o := range placed {
			require.Equal(t, replay(o, byOrder[o.ID]), p.view(t, o.ID), "order %s, events %v", o.ID, byOrder[o.ID])
		}
		checkStored(t, p, len(events))
	})
}

// script writes each order's history from its scenario, then adds failed
// attempts before the first event (a customer retrying a declined card) and
// events for unknown orders until there are n distinct events.
func script(placed []order.Order, n int, rng *rand.Rand) []scripted {
	base := payNow.Add(-time.Hour)
	var out []scripted
	add := func(o order.Order, step string, at time.Time) {
		e := scripted{id: fmt.Sprintf("evt_%d", len(out)), orderRef: o.ID, orderID: o.ID, amount: o.TotalMinor,
			currency: o.Currency, at: at}
		e.typ = map[byte]string{'a': "payment.authorized", 'p': "payment.succeeded", 'f': "payment.failed", 'c': "payment.canceled"}[step[0]]
		switch {
		case len(step) == 1:
		case step[1] == 'e':
			e.currency = "EUR"
		default:
			e.amount = o.TotalMinor * 9 / 10
		}
		if rng.IntN(2) == 0 && o.ID != "" {
			e.orderRef = o.Number // gateways may quote either
		}
		out = append(out, e)
	}
	for i, o := range placed {
		for j, step := range scenarios[i%len(scenarios)] {
			add(o, step, base.Add(time.Duration(j+100)*time.Second))
		}
	}
	for i := 0; len(out) < n; i++ {
		if i%10 == 9 {
			add(order.Order{ID: "", Number: fmt.Sprintf("WB-NONE-%04d", i), Currency: "USD", TotalMinor: 1000}, "p", base)
			out[len(out)-1].orderRef = fmt.Sprintf("WB-NONE-%04d", i)
			continue
		}
		o := placed[i%len(placed)]
		add(o, "f", base.Add(time.Duration(i/len(placed))*time.Second))
	}
	return out
}

// replay is the reference: the state a sequential, in-order delivery of an
// order's events leaves it in, by the rules as a merchant would state them.
func replay(o order.Order, evs []scripted) payView {
	evs = slices.Clone(evs)
	slices.SortStableFunc(evs, func(a, b scripted) int { return a.at.Compare(b.at) })
	w := payView{Status: order.Placed, PaymentStatus: order.AwaitingPayment}
	for _, e := range evs {
		wrong := e.amount != o.TotalMinor || e.currency != o.Currency
		hold := func(verb string) {
			w.Status, w.HoldReason = order.OnHold, fmt.Sprintf("payment mismatch: expected %s, shop reported %s %s (event %s)",
				usd(o.TotalMinor, o.Currency), usd(e.amount, e.currency), verb, e.id)
		}
		switch {
		case w.PaymentStatus == order.Paid:
		case e.typ == "payment.succeeded":
			w.PaymentStatus, w.Paid = order.Paid, e.amount
			if wrong {
				hold("paid")
			} else {
				w.Status, w.HoldReason = order.Confirmed, ""
			}
		case e.typ == "payment.authorized" && w.PaymentStatus != order.Authorized:
			w.PaymentStatus = order.Authorized
			if wrong {
				hold("authorized")
			}
		case e.typ == "payment.failed" || e.typ == "payment.canceled":
			w.PaymentStatus = order.PaymentFailed
		}
	}
	return w
}

func usd(minor int64, currency string) string {
	return fmt.Sprintf("%d.%02d %s", minor/100, minor%100, currency)
}

// checkStored: every distinct event is stored once, and the timeline holds
// one payment entry per applied event and none for any other.
func checkStored(t *testing.T, p *payFixture, distinct int) {
	ctx := context.Background()
	applied := map[string]bool{}
	onTimeline := map[string]int{}
	require.NoError(t, p.DB.Read(ctx, func(tx *db.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM payment_events`).Scan(&n); err != nil {
			return err
		}
		require.Equal(t, distinct, n)
		rows, err := tx.QueryContext(ctx, `SELECT event_id FROM payment_events WHERE applied`)
		if err != nil {
			return err
		}
		for rows.Next() {
			var id string
			require.NoError(t, rows.Scan(&id))
			applied[id] = true
		}
		rows.Close()
		rows, err = tx.QueryContext(ctx, `SELECT detail FROM order_events WHERE type LIKE 'payment.%'`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var detail string
			require.NoError(t, rows.Scan(&detail))
			var d struct {
				EventID string `json:"event_id"`
			}
			require.NoError(t, json.Unmarshal([]byte(detail), &d))
			onTimeline[d.EventID]++
		}
		return rows.Err()
	}))
	for id, n := range onTimeline {
		require.Equal(t, 1, n, "event %s on the timeline %d times", id, n)
		require.True(t, applied[id], "event %s on the timeline but not applied", id)
	}
	require.Len(t, onTimeline, len(applied))
	t.Logf("%d distinct events stored, %d applied", distinct, len(applied))
}
