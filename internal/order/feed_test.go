package order_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/apitest"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/db/dbtest"
	"github.com/waybill/waybill/internal/flowtest"
	"github.com/waybill/waybill/internal/httpapi"
	"github.com/waybill/waybill/internal/order"
)

// feedShop is a rig with stock for a few orders.
func feedShop(t *testing.T, d *db.DB) *flowtest.Rig {
	t.Helper()
	f := setup(t, d, order.Config{})
	skus := f.AddProducts(t, 1)
	f.AddWarehouse(t, "EAST")
	f.Receive(t, "EAST", skus[0], 1000)
	return f
}

// A poller that stores the cursor sees every event exactly once and in feed
// order while writers commit out of their sequence order: each writer
// sleeps between writing its events and committing, so on PostgreSQL a
// later sequence number often commits first (the case "seq > N" would skip).
func TestFeedIsGapFreeUnderConcurrentWriters(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := feedShop(t, d)
		var orders []string
		for i := range 3 {
			orders = append(orders, f.Accepted(t, flowtest.Request(fmt.Sprintf("feed-%d", i), flowtest.Line("SKU-000", 1))).ID)
		}
		ctx := context.Background()
		const writers, txPerWriter = 6, 15
		var wg sync.WaitGroup
		done := make(chan struct{})
		for w := range writers {
			wg.Go(func() {
				rnd := rand.New(rand.NewPCG(uint64(w), 7))
				for i := range txPerWriter {
					err := d.Write(ctx, func(tx *db.Tx) error {
						notes := []order.Note{{Type: "test.write", Status: order.Placed, PaymentStatus: order.AwaitingPayment,
							Detail: map[string]any{"writer": w, "tx": i}}}
						if rnd.IntN(2) == 0 {
							notes = append(notes, notes[0])
						}
						if err := order.AddEvents(ctx, tx, orders[rnd.IntN(len(orders))], actor.CLI("test"), notes...); err != nil {
							return err
						}
						time.Sleep(time.Duration(rnd.IntN(4000)) * time.Microsecond)
						return nil
					})
					if err != nil {
						t.Errorf("writer %d: %v", w, err)
						return
					}
				}
			})
		}
		go func() { wg.Wait(); close(done) }()

		seen := map[string]int{}
		var got []order.FeedEvent
		var cursor order.FeedPosition
		poll := func() int {
			page, next, err := f.Orders.Feed(ctx, cursor, 7)
			require.NoError(t, err)
			if len(page) == 0 {
				require.Equal(t, cursor, next, "an empty page keeps the cursor")
			}
			for _, e := range page {
				seen[e.ID]++
				got = append(got, e)
			}
			cursor = next
			return len(page)
		}
		for running := true; running; {
			select {
			case <-done:
				running = false
			default:
				poll()
			}
		}
		// Every writer has committed: once the feed is drained it must hold
		// every row (on PostgreSQL the snapshot's xmin may lag a moment
		// behind other sessions' transactions).
		total := countRows(t, d, "order_events")
		for deadline := time.Now().Add(30 * time.Second); len(got) < total && time.Now().Before(deadline); {
			if poll() == 0 {
				time.Sleep(20 * time.Millisecond)
			}
		}
		require.Equal(t, total, len(got), "the poller saw every event")
		for id, n := range seen {
			require.Equal(t, 1, n, "event %s seen %d times", id, n)
		}
		// Feed order: (XID, Seq, Index) within a round (on SQLite there is
		// one); on PostgreSQL each round after the one before.
		for i := 1; i < len(got); i++ {
			a, b := got[i-1].Position, got[i].Position
			if a.Since == b.Since && a.Upto == b.Upto {
				require.True(t, a.XID < b.XID || (a.XID == b.XID && (a.Seq < b.Seq || a.Seq == b.Seq && a.Index < b.Index)),
					"feed order at %d: %v then %v", i, a, b)
				continue
			}
			require.GreaterOrEqual(t, snapshotXmax(t, b.Since), snapshotXmax(t, a.Upto), "rounds at %d: %v then %v", i, a, b)
		}
		require.Equal(t, writers*txPerWriter, countWhere(t, d, "order_events", "type = 'test.write'")-extraNotes(got),
			"one event per transaction plus the doubled ones")
	})
}

// snapshotXmax reads the xmax of a round's snapshot in a position.
func snapshotXmax(t *testing.T, snapshot string) uint64 {
	t.Helper()
	parts := strings.Split(snapshot, ":")
	require.Len(t, parts, 3, snapshot)
	x, err := strconv.ParseUint(parts[1], 10, 64)
	require.NoError(t, err)
	return x
}

// extraNotes counts the second note of transactions that wrote two, so the
// count of transactions can be checked against what the writers did.
func extraNotes(evs []order.FeedEvent) int {
	n := 0
	first := map[string]bool{}
	for _, e := range evs {
		if e.Type != "test.write" {
			continue
		}
		k := string(e.Detail)
		if first[k] {
			n++
		}
		first[k] = true
	}
	return n
}

func countRows(t *testing.T, d *db.DB, table string) int { return countWhere(t, d, table, "1 = 1") }

func countWhere(t *testing.T, d *db.DB, table, where string) int {
	t.Helper()
	var n int
	require.NoError(t, d.Read(context.Background(), func(tx *db.Tx) error {
		return tx.QueryRowContext(context.Background(), "SELECT COUNT(*) FROM "+table+" WHERE "+where).Scan(&n)
	}))
	return n
}

// The feed over HTTP: the fields an integrator reads, paging by cursor to
// the end and past it, roles, and a cursor the API did not issue.
func TestFeedAPI(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := feedShop(t, d)
		o := f.Accepted(t, flowtest.Request("feed-api", flowtest.Line("SKU-000", 2)))
		_, err := f.Orders.Cancel(f.Ctx, o.ID, "customer changed their mind")
		require.NoError(t, err)
		want, err := f.Orders.Events(f.Ctx, o.ID)
		require.NoError(t, err)
		require.GreaterOrEqual(t, len(want), 2)

		srv := apitest.New(t, d, func(api *httpapi.API) { order.Register(api, f.Engine, f.Orders) })
		// On PostgreSQL the newest events show once every transaction older
		// than them has ended anywhere on the server (other test packages'
		// too): wait for them, then page.
		require.Eventually(t, func() bool {
			res := srv.Do(actor.Integration, http.MethodGet, "/v1/events?limit=1000", "")
			items, _ := res.Body["items"].([]any)
			return res.Status == http.StatusOK && len(items) == len(want)
		}, 20*time.Second, 20*time.Millisecond)
		var ids []string
		after := ""
		for range len(want) + 1 {
			res := srv.Do(actor.Integration, http.MethodGet, "/v1/events?limit=1&after="+after, "")
			require.Equal(t, http.StatusOK, res.Status, res.Raw)
			items := res.Body["items"].([]any)
			next := res.Body["next_cursor"].(string)
			require.NotEmpty(t, next)
			if len(items) == 0 {
				require.Equal(t, after, next, "past the end the cursor stays")
				break
			}
			e := items[0].(map[string]any)
			require.Equal(t, o.ID, e["order_id"])
			for _, k := range []string{"id", "type", "at", "status", "payment_status", "detail"} {
				require.Contains(t, e, k)
			}
			ids = append(ids, e["id"].(string))
			after = next
		}
		var wantIDs []string
		for _, e := range want {
			wantIDs = append(wantIDs, e.ID)
		}
		require.Equal(t, wantIDs, ids, "every event once, in the timeline's order")
		last := srv.Do(actor.Finance, http.MethodGet, "/v1/events?limit=500", "")
		require.Equal(t, "order.cancelled", last.Body["items"].([]any)[len(want)-1].(map[string]any)["type"])

		snapshot := func() any { return countRows(t, d, "order_events") }
		srv.Run(t, snapshot, []apitest.Scenario{
			{Name: "no key", Method: http.MethodGet, Path: "/v1/events", Status: http.StatusUnauthorized},
			{Name: "warehouse may not poll", Role: actor.Warehouse, Method: http.MethodGet, Path: "/v1/events", Status: http.StatusForbidden},
			{Name: "not base64", Role: actor.Integration, Method: http.MethodGet, Path: "/v1/events?after=%25%25",
				Status: http.StatusUnprocessableEntity, Fields: []string{"query.after invalid_format"}},
			{Name: "base64 of something else", Role: actor.Integration, Method: http.MethodGet, Path: "/v1/events?after=b3JkXzEyMw",
				Status: http.StatusUnprocessableEntity, Fields: []string{"query.after invalid_format"}},
			{Name: "limit too large", Role: actor.Admin, Method: http.MethodGet, Path: "/v1/events?limit=1001",
				Status: http.StatusUnprocessableEntity, Fields: []string{"query.limit out_of_range"}},
		})
	})
}

func TestFeedCursorRoundTrip(t *testing.T) {
	for _, p := range []order.FeedPosition{{}, {XID: 0, Seq: 1}, {XID: 1<<62 + 5, Seq: 1<<62 + 9, Index: 1023},
		{Upto: "731:735:731,733", XID: 731, Seq: 40, Index: 2}, {Since: "731:735:731,733", Upto: "736:736:"}} {
		got, err := order.ParseFeedCursor("query.after", p.Cursor())
		require.NoError(t, err)
		require.Equal(t, p, got)
	}
	// A cursor issued before the timeline was stored in batches named a
	// batch of one entry (migration 00039).
	v1 := base64.RawURLEncoding.EncodeToString([]byte("v1.12.34"))
	got, err := order.ParseFeedCursor("query.after", v1)
	require.NoError(t, err)
	require.Equal(t, order.FeedPosition{XID: 12, Seq: 34}, got)
	bad := []string{"!", "djEuMS4y!", "djEuLTEuMg", "djIuMS4y", "djEuMS4tMg", "djEuMS4yLjM", strings.Repeat("A", 5000)}
	// Rounds' snapshots PostgreSQL would refuse: the cursor is refused
	// first, naming the field, not passed to the database.
	for _, snap := range []string{"x:1:", "5:4:", "0:4:", "4:9:9", "4:9:3", "4:9:6,5", "4:9:6,6", "4:9", "4:9:6,", ":::", "1.2:3:"} {
		bad = append(bad, base64.RawURLEncoding.EncodeToString([]byte("v3."+snap+".5:5:.1.2.0")))
	}
	bad = append(bad, base64.RawURLEncoding.EncodeToString([]byte("v3...1.2.0")))
	for _, b := range bad {
		_, err := order.ParseFeedCursor("query.after", b)
		require.Equal(t, []string{"query.after invalid_format"}, apitest.FieldCodes(err), b)
	}
}

// One transaction's entries are one stored batch (migration 00039): a
// poller paging through many batches of many entries with a small limit
// sees each entry once, in order; a key confined to one channel pages past
// the other channel's entries without seeing them, and its cursor moves on.
func TestFeedPagesThroughLargeBatches(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := feedShop(t, d)
		web := f.Accepted(t, flowtest.Request("batch-web", flowtest.Line("SKU-000", 1))).ID
		shopReq := flowtest.Request("batch-shop", flowtest.Line("SKU-000", 1))
		shopReq.Channel = "shop"
		shop := f.Accepted(t, shopReq).ID
		ctx := context.Background()
		var wrote []string
		for tx := range 4 {
			var notes []order.OrderNote
			for i := range 25 {
				id := web
				if i%5 == 4 {
					id = shop
				}
				notes = append(notes, order.OrderNote{OrderID: id, Note: order.Note{Type: "test.batch", Status: order.Placed,
					PaymentStatus: order.AwaitingPayment, Detail: map[string]any{"tx": tx, "i": i}}})
				wrote = append(wrote, fmt.Sprintf("%s %d %d", id, tx, i))
			}
			require.NoError(t, d.Write(ctx, func(t *db.Tx) error { return order.AddNotes(ctx, t, actor.CLI("test"), notes) }))
		}
		// read pages until want entries came, or the wait for PostgreSQL's
		// older transactions elsewhere runs out, then once more past the end.
		read := func(ctx context.Context, limit, want int) []string {
			var got []string
			var cursor order.FeedPosition
			for deadline := time.Now().Add(20 * time.Second); len(got) < want && time.Now().Before(deadline); {
				page, next, err := f.Orders.Feed(ctx, cursor, limit)
				require.NoError(t, err)
				require.LessOrEqual(t, len(page), limit)
				for _, e := range page {
					if e.Type == "test.batch" {
						var d struct{ TX, I int }
						require.NoError(t, json.Unmarshal(e.Detail, &d))
						got = append(got, fmt.Sprintf("%s %d %d", e.OrderID, d.TX, d.I))
					}
				}
				if len(page) == 0 {
					time.Sleep(20 * time.Millisecond)
				}
				cursor = next
			}
			page, next, err := f.Orders.Feed(ctx, cursor, limit)
			require.NoError(t, err)
			require.Empty(t, page, "nothing after the last entry")
			require.Equal(t, cursor, next)
			return got
		}
		require.Equal(t, wrote, read(ctx, 3, len(wrote)), "every entry once, in order, through pages smaller than a batch")
		var webOnly []string
		for _, w := range wrote {
			if strings.HasPrefix(w, web) {
				webOnly = append(webOnly, w)
			}
		}
		confined := actor.With(ctx, actor.Actor{ID: "key_web", Role: actor.Integration, Channels: []string{"web"}})
		require.Equal(t, webOnly, read(confined, 7, len(webOnly)), "a confined key sees its channel's entries only")
	})
}

// On PostgreSQL a transaction left open anywhere on the server does not
// hold the feed back: events committed meanwhile are read at once, and
// the open transaction's own events, committed last, once, after them.
func TestFeedIsNotHeldBackByAnOpenTransaction(t *testing.T) {
	if os.Getenv(dbtest.PostgresEnv) == "" {
		t.Skip("SQLite has no transaction that others commit past")
	}
	d := dbtest.Postgres(t, dbtest.Options{})
	f := feedShop(t, d)
	ctx := context.Background()
	o := f.Accepted(t, flowtest.Request("open-tx", flowtest.Line("SKU-000", 1)))
	drain := func(cursor order.FeedPosition) ([]string, order.FeedPosition) {
		var types []string
		for {
			page, next, err := f.Orders.Feed(ctx, cursor, 2)
			require.NoError(t, err)
			for _, e := range page {
				types = append(types, e.Type)
			}
			cursor = next
			if len(page) == 0 {
				return types, cursor
			}
		}
	}
	_, cursor := drain(order.FeedPosition{})

	note := func(tx *db.Tx, kind string) error {
		return order.AddEvents(ctx, tx, o.ID, actor.CLI("test"), order.Note{Type: kind, Status: order.Placed,
			PaymentStatus: order.AwaitingPayment, Detail: map[string]any{}})
	}
	holding, release := make(chan struct{}), make(chan struct{})
	done := make(chan error, 1)
	go func() {
		done <- d.Write(ctx, func(tx *db.Tx) error {
			if err := note(tx, "test.open"); err != nil {
				return err
			}
			close(holding)
			<-release
			return nil
		})
	}()
	<-holding
	require.NoError(t, d.Write(ctx, func(tx *db.Tx) error { return note(tx, "test.meanwhile") }))
	types, cursor := drain(cursor)
	require.Equal(t, []string{"test.meanwhile"}, types)

	close(release)
	require.NoError(t, <-done)
	types, _ = drain(cursor)
	require.Equal(t, []string{"test.open"}, types)
}
