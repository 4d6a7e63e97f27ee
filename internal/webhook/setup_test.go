package webhook_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	standardwebhooks "github.com/standard-webhooks/standard-webhooks/libraries/go"
	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/clock"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/flowtest"
	"github.com/waybill/waybill/internal/job"
	"github.com/waybill/waybill/internal/order"
	"github.com/waybill/waybill/internal/webhook"
)

// start is when every test's clock starts.
var start = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

// rig is the order flow (to make events), a webhook store and a job runner
// that runs only delivery jobs, all on one fixed clock.
type rig struct {
	*flowtest.Rig
	clk    *clock.Fixed
	hooks  *webhook.Store
	runner *job.Runner
	admin  context.Context
}

// testBackoff is a schedule tests can predict: 1, 2, 4 … minutes.
func testBackoff(attempt int) time.Duration { return time.Minute << (attempt - 1) }

// setup wires the rig over d; cfg is used as given, with the clock and, if
// unset, the predictable back-off.
func setup(t *testing.T, d *db.DB, clk *clock.Fixed, cfg webhook.Config) *rig {
	t.Helper()
	f := flowtest.New(t, d, flowtest.Options{Clock: clk})
	skus := f.AddProducts(t, 1)
	f.AddWarehouse(t, "EAST")
	f.Receive(t, "EAST", skus[0], 1000)
	cfg.Clock = clk
	if cfg.Backoff == nil {
		cfg.Backoff = testBackoff
	}
	r := &rig{Rig: f, clk: clk, hooks: webhook.NewStore(d, cfg), admin: actor.With(context.Background(), actor.CLI("test"))}
	r.runner = job.New(d, clk, nil, job.Config{})
	webhook.RegisterJobs(r.runner, r.hooks)
	return r
}

// lab is what receivers in tests need: plain HTTP to this host.
var lab = webhook.Config{AllowHTTP: true, AllowPrivate: true}

// place places an order (an order.placed event, more to follow).
func (r *rig) place(t *testing.T, ref string) order.Order {
	t.Helper()
	return r.Accepted(t, flowtest.Request(ref, flowtest.Line("SKU-000", 1)))
}

// dispatch runs the dispatcher until it has taken every event committed so
// far, and fails if an empty pass leaves one behind for long.
func (r *rig) dispatch(t *testing.T) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		n, err := r.hooks.Dispatch(context.Background())
		require.NoError(t, err)
		if n > 0 {
			continue
		}
		if undispatched(t, r.DB) == 0 {
			return
		}
		require.True(t, time.Now().Before(deadline), "the dispatcher did not reach the last event")
		time.Sleep(10 * time.Millisecond)
	}
}

// undispatched counts events past the dispatcher's cursor.
func undispatched(t *testing.T, d *db.DB) int {
	t.Helper()
	q := `SELECT COUNT(*) FROM order_events e WHERE NOT EXISTS (SELECT 1 FROM webhook_cursor c
		WHERE (e.seq, e.idx) <= (c.seq, c.idx))`
	if d.Dialect() == db.Postgres {
		// Read: committed before the round's start (since), or in the
		// round (upto) up to the cursor (order.FeedPosition).
		q = `SELECT COUNT(*) FROM order_events e WHERE NOT EXISTS (SELECT 1 FROM webhook_cursor c
			WHERE c.since <> '' AND pg_visible_in_snapshot(e.xid, c.since::pg_snapshot)
			OR c.upto <> '' AND pg_visible_in_snapshot(e.xid, c.upto::pg_snapshot)
				AND (e.xid::text::bigint, e.seq, e.idx) <= (c.xid, c.seq, c.idx))`
	}
	return count(t, d, q)
}

// runDue runs the delivery jobs due now and returns how many it claimed.
func (r *rig) runDue(t *testing.T) int {
	t.Helper()
	n, err := r.runner.RunDue(context.Background())
	require.NoError(t, err)
	return n
}

func (r *rig) subscribe(t *testing.T, url string, types ...string) webhook.Created {
	t.Helper()
	c, err := r.hooks.Create(r.admin, webhook.EndpointInput{URL: url, EventTypes: types})
	require.NoError(t, err)
	return c
}

// receiver is an integrator's endpoint: it checks every signature, answers
// 500 to the first FailFirst attempts of each webhook-id (or to all with
// FailAll), and applies each webhook-id's effect once, however often it
// arrives.
type receiver struct {
	*httptest.Server
	clk *clock.Fixed

	mu        sync.Mutex
	secret    string
	failFirst int
	failAll   bool
	tries     map[string]int  // arrivals per webhook-id
	applied   map[string]bool // webhook-ids acted on: the receiver's deduplication
	effects   map[string]int  // effects per event (the body's data.id): exactly once if webhook-id is stable
	types     []string        // the event type of each effect, in order
	badSigs   int
}

func newReceiver(t *testing.T, clk *clock.Fixed) *receiver {
	rc := &receiver{clk: clk, tries: map[string]int{}, applied: map[string]bool{}, effects: map[string]int{}}
	rc.Server = httptest.NewServer(http.HandlerFunc(rc.serve))
	t.Cleanup(rc.Close)
	return rc
}

func (rc *receiver) setSecret(s string) { rc.mu.Lock(); rc.secret = s; rc.mu.Unlock() }

func (rc *receiver) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	rc.mu.Lock()
	defer rc.mu.Unlock()
	wh, err := standardwebhooks.NewWebhook(rc.secret)
	ts, tsErr := strconv.ParseInt(r.Header.Get("webhook-timestamp"), 10, 64)
	if err != nil || wh.VerifyIgnoringTimestamp(body, r.Header) != nil || tsErr != nil || ts != rc.clk.Now().Unix() {
		rc.badSigs++
		http.Error(w, "bad signature", http.StatusUnauthorized)
		return
	}
	id := r.Header.Get("webhook-id")
	rc.tries[id]++
	if rc.failAll || rc.tries[id] <= rc.failFirst {
		http.Error(w, "busy "+strings.Repeat("x", 3000), http.StatusInternalServerError)
		return
	}
	if !rc.applied[id] {
		rc.applied[id] = true
		var m struct {
			Type string
			Data struct{ ID string }
		}
		_ = json.Unmarshal(body, &m)
		rc.effects[m.Data.ID]++
		rc.types = append(rc.types, m.Type)
	}
	fmt.Fprint(w, "ok")
}

func (rc *receiver) snapshot() (tries, effects map[string]int, badSigs int) {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	tries, effects = map[string]int{}, map[string]int{}
	for k, v := range rc.tries {
		tries[k] = v
	}
	for k, v := range rc.effects {
		effects[k] = v
	}
	return tries, effects, rc.badSigs
}

// resolver answers from a table, so URL checks at creation need no DNS.
type resolver map[string]string

func (r resolver) LookupNetIP(_ context.Context, _, host string) ([]netip.Addr, error) {
	a, ok := r[host]
	if !ok {
		return nil, fmt.Errorf("no such host %s", host)
	}
	return []netip.Addr{netip.MustParseAddr(a)}, nil
}

func count(t *testing.T, d *db.DB, q string, args ...any) int {
	t.Helper()
	var n int
	require.NoError(t, d.Read(context.Background(), func(tx *db.Tx) error {
		return tx.QueryRowContext(context.Background(), q, args...).Scan(&n)
	}))
	return n
}

func jsonUnmarshal(b []byte, v any) error { return json.Unmarshal(b, v) }

func jsonMarshal(v any) ([]byte, error) { return json.Marshal(v) }
