package order_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/coupon"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/db/dbtest"
	"github.com/waybill/waybill/internal/flowtest"
	"github.com/waybill/waybill/internal/order"
	"github.com/waybill/waybill/internal/shortage"
)

// searchKeys reads every search key as "key order_id", sorted.
func searchKeys(t *testing.T, d *db.DB) []string {
	t.Helper()
	_, err := order.NewStore(d).SearchLag(context.Background()) // makes the search file's tables
	require.NoError(t, err)
	var out []string
	require.NoError(t, d.Read(context.Background(), func(tx *db.Tx) (err error) {
		out, err = tx.Strings(context.Background(), `SELECT key || ' ' || order_id FROM order_search_keys ORDER BY 1`)
		return err
	}))
	return out
}

// wantKeys derives the search keys from the orders themselves, as the
// follower must have written them: e-mail (lower case), phone, reference
// and each line's SKU.
func wantKeys(t *testing.T, d *db.DB) []string {
	t.Helper()
	var out []string
	require.NoError(t, d.Read(context.Background(), func(tx *db.Tx) error {
		ctx := context.Background()
		rows, err := tx.QueryContext(ctx, `SELECT id, customer_email, customer_phone, external_ref FROM orders`)
		if err != nil {
			return err
		}
		for rows.Next() {
			var id, email, phone, ref string
			if err := rows.Scan(&id, &email, &phone, &ref); err != nil {
				return err
			}
			out = append(out, "e:"+strings.ToLower(email)+" "+id, "p:"+phone+" "+id, "r:"+ref+" "+id)
		}
		if err := rows.Close(); err != nil {
			return err
		}
		skus, err := tx.Strings(ctx, `SELECT DISTINCT 's:' || sku || ' ' || order_id FROM order_lines`)
		out = append(out, skus...)
		return err
	}))
	sort.Strings(out)
	return out
}

// Intake does not write the search keys; a search catches the follower up
// first, so an order is found by e-mail (any case), phone, SKU and a
// reference pasted without its channel as soon as it is placed. Keys the
// follower never built (a database from before it, a deleted search file)
// are built from the orders.
func TestSearchFollowsIntake(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		r := setup(t, d, order.Config{})
		skus := r.AddProducts(t, 3)
		r.AddWarehouse(t, "EWR")
		for _, sku := range skus {
			r.Receive(t, "EWR", sku, 100)
		}
		var placed []order.Order
		for i := range 3 {
			req := flowtest.Request(fmt.Sprintf("ref-%d", i), flowtest.Line(skus[i], 1))
			req.Customer.Email = fmt.Sprintf("Grace%d@Example.com", i)
			req.Customer.Phone = fmt.Sprintf("+1 650-253-000%d", i)
			placed = append(placed, r.Accepted(t, req))
		}
		require.Empty(t, searchKeys(t, d), "intake writes no search keys")

		found := func(f order.Filter) []string { return listIDs(t, r.Ctx, r.Orders, f) }
		require.Equal(t, []string{placed[1].ID}, found(order.Filter{Email: "GRACE1@example.COM"}))
		require.Equal(t, []string{placed[0].ID}, found(order.Filter{Phone: "+16502530000"}))
		require.Equal(t, []string{placed[2].ID}, found(order.Filter{SKU: skus[2]}))
		require.Equal(t, []string{placed[1].ID}, found(order.Filter{Search: "ref-1"}))
		require.Equal(t, []string{placed[2].ID}, found(order.Filter{Search: "grace2@example.com"}))
		require.Equal(t, []string{placed[0].ID}, found(order.Filter{Search: "(650) 253-0000"}))
		require.Equal(t, wantKeys(t, d), searchKeys(t, d))
		lag, err := r.Orders.SearchLag(r.Ctx)
		require.NoError(t, err)
		require.Zero(t, lag, "caught up")

		// A later order is followed from the timeline, not rebuilt.
		later := r.Accepted(t, flowtest.Request("ref-later", flowtest.Line(skus[0], 1)))
		require.Equal(t, []string{later.ID, placed[0].ID}, found(order.Filter{SKU: skus[0]}))
		require.Equal(t, wantKeys(t, d), searchKeys(t, d))

		// Keys lost (a deleted search file, a database from before them)
		// are built again from the orders.
		require.NoError(t, d.WriteSearch(r.Ctx, func(tx *db.Tx) error {
			_, err := tx.ExecContext(r.Ctx, `DELETE FROM order_search_keys`)
			return err
		}))
		require.NoError(t, r.Orders.ForgetSearch(r.Ctx))
		require.Equal(t, []string{placed[1].ID}, found(order.Filter{Email: "grace1@example.com"}))
		require.Equal(t, wantKeys(t, d), searchKeys(t, d))
	})
}

// listIDs lists the ids of the orders f finds, up to 20.
func listIDs(t *testing.T, ctx context.Context, s *order.Store, f order.Filter) []string {
	t.Helper()
	f.Limit = 20
	list, err := s.List(ctx, f)
	require.NoError(t, err)
	var ids []string
	for _, o := range list {
		ids = append(ids, o.ID)
	}
	return ids
}

// Seeded: orders placed by concurrent clients of two engines while two
// followers catch up at once and one of them forgets and rebuilds midway
// end with exactly the keys their orders have: none missing, none extra (a key twice is
// impossible by the primary key), the lost keys of earlier orders too.
func TestSearchKeysMatchTheOrdersUnderConcurrentFollowers(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		seed := uint64(time.Now().UnixNano())
		t.Logf("seed %d", seed)
		rng := rand.New(rand.NewPCG(seed, 15))
		r := setup(t, d, order.Config{})
		skus := r.AddProducts(t, 8)
		r.AddWarehouse(t, "EWR")
		for _, sku := range skus {
			r.Receive(t, "EWR", sku, 10_000)
		}
		clients, each := 4, 25
		reqs := make([][]order.PlaceRequest, clients)
		for c := range clients {
			for i := range each {
				lines := []order.LineInput{flowtest.Line(skus[rng.IntN(len(skus))], 1)}
				if rng.IntN(2) == 0 {
					lines = append(lines, flowtest.Line(skus[rng.IntN(len(skus))], 2))
				}
				req := flowtest.Request(fmt.Sprintf("c%d-%d", c, i), lines...)
				req.Customer.Email = fmt.Sprintf("buyer%d@example.com", rng.IntN(10))
				reqs[c] = append(reqs[c], req)
			}
		}
		// Orders whose keys are lost after the follower passed them come
		// back only through the rebuild that forgetting asks for, which a
		// follower busy beside it must not undo.
		for i := range 5 {
			r.Accepted(t, flowtest.Request(fmt.Sprintf("lost-%d", i), flowtest.Line(skus[i], 1)))
		}
		require.NoError(t, r.Orders.CatchUpSearch(r.Ctx))
		require.NoError(t, d.WriteSearch(r.Ctx, func(tx *db.Tx) error {
			_, err := tx.ExecContext(r.Ctx, `DELETE FROM order_search_keys`)
			return err
		}))
		ctx, stop := context.WithCancel(r.Ctx)
		var followers sync.WaitGroup
		forgotten := make(chan struct{})
		for f := range 2 {
			s := order.NewStore(d)
			jitter := rand.New(rand.NewPCG(seed, uint64(f))) // its own: a Rand is not safe for concurrent use
			followers.Go(func() {
				for n := 0; ctx.Err() == nil; n++ {
					if f == 1 && n == 5 {
						if err := s.ForgetSearch(ctx); err != nil {
							t.Error(err)
						}
						close(forgotten)
					}
					if err := s.CatchUpSearch(ctx); err != nil && ctx.Err() == nil {
						t.Error(err)
					}
					time.Sleep(time.Duration(jitter.IntN(3)) * time.Millisecond)
				}
			})
		}
		// Two engines, as two instances: on PostgreSQL one's transaction
		// may take its id first and commit after the other's.
		other := order.NewEngine(d, nil, order.Config{Coupons: coupon.Intake{}, Shortages: shortage.Intake{}, Settings: r.Settings})
		other.Start()
		defer other.Stop()
		var placing sync.WaitGroup
		for c := range clients {
			e := []*order.Engine{r.Engine, other}[c%2]
			placing.Go(func() {
				for _, req := range reqs[c] {
					flowtest.Placed(t, e.Place(r.Ctx, req, nil))
				}
			})
		}
		placing.Wait()
		<-forgotten
		stop()
		followers.Wait()
		require.NoError(t, r.Orders.CatchUpSearch(r.Ctx))
		keys := searchKeys(t, d)
		require.Equal(t, wantKeys(t, d), keys)
		require.Len(t, slices.Compact(slices.Clone(keys)), len(keys))
	})
}

// On SQLite the keys are written to a file of their own, so the follower
// commits while intake holds the main file's write lock: in one file it
// would wait for it.
func TestSearchFileHasItsOwnWriteLock(t *testing.T) {
	d := dbtest.SQLite(t, dbtest.Options{})
	ctx := context.Background()
	require.NoError(t, order.NewStore(d).CatchUpSearch(ctx)) // makes the tables
	holding, release := make(chan struct{}), make(chan struct{})
	done := make(chan error, 1)
	go func() {
		done <- d.Write(ctx, func(tx *db.Tx) error {
			if _, err := tx.ExecContext(ctx, `SELECT 1`); err != nil {
				return err
			}
			close(holding)
			<-release
			return nil
		})
	}()
	<-holding
	start := time.Now()
	err := d.WriteSearch(ctx, func(tx *db.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO order_search_keys (key, order_id) VALUES ('e:x@example.com', 'ord_x')`)
		return err
	})
	waited := time.Since(start)
	close(release)
	require.NoError(t, err)
	require.NoError(t, <-done)
	require.Less(t, waited, 5*time.Second, "the search writer waited for the main writer (in one file it would wait out the 10 s busy timeout)")
}

// On PostgreSQL a transaction left open anywhere on the server (a report,
// a psql session, another process's long job) must not hold search back:
// orders placed and committed meanwhile are found at once, and those of a
// transaction that began before them and commits after are found too.
func TestSearchIsNotHeldBackByAnOpenTransaction(t *testing.T) {
	if os.Getenv(dbtest.PostgresEnv) == "" {
		t.Skip("SQLite has no transaction that others commit past")
	}
	d := dbtest.Postgres(t, dbtest.Options{})
	r := setup(t, d, order.Config{})
	sku := r.AddProducts(t, 1)[0]
	r.AddWarehouse(t, "EWR")
	r.Receive(t, "EWR", sku, 100)
	require.NoError(t, r.Orders.CatchUpSearch(r.Ctx))

	// Another engine's batch: its transaction has an id, placed an order
	// and is kept open past the orders placed after it.
	holding, release := make(chan struct{}), make(chan struct{})
	done := make(chan error, 1)
	go func() {
		done <- d.Write(r.Ctx, func(tx *db.Tx) error {
			if _, err := tx.ExecContext(r.Ctx, `SELECT pg_current_xact_id()`); err != nil {
				return err
			}
			close(holding)
			<-release
			return nil
		})
	}()
	<-holding
	req := flowtest.Request("while-open", flowtest.Line(sku, 1))
	req.Customer.Email = "open@example.com"
	placed := r.Accepted(t, req)
	require.Equal(t, []string{placed.ID}, listIDs(t, r.Ctx, r.Orders, order.Filter{Email: "open@example.com"}))
	lag, err := r.Orders.SearchLag(r.Ctx)
	require.NoError(t, err)
	require.Zero(t, lag)
	close(release)
	require.NoError(t, <-done)

	later := r.Accepted(t, flowtest.Request("after-close", flowtest.Line(sku, 1)))
	require.NoError(t, r.Orders.CatchUpSearch(r.Ctx))
	require.Contains(t, listIDs(t, r.Ctx, r.Orders, order.Filter{SKU: sku}), later.ID)
	require.Equal(t, wantKeys(t, d), searchKeys(t, d))
}

// A build records each page it wrote, so one cut short (a search's
// catch-up ends at its time limit, the server stops) resumes after it
// instead of starting from the first order again.
func TestSearchBuildResumes(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		defer order.SetBuildOrders(2)()
		r := setup(t, d, order.Config{})
		sku := r.AddProducts(t, 1)[0]
		r.AddWarehouse(t, "EWR")
		r.Receive(t, "EWR", sku, 100)
		var placed []order.Order
		for i := range 5 {
			placed = append(placed, r.Accepted(t, flowtest.Request(fmt.Sprintf("page-%d", i), flowtest.Line(sku, 1))))
		}
		wipe := func() {
			require.NoError(t, d.WriteSearch(r.Ctx, func(tx *db.Tx) error {
				_, err := tx.ExecContext(r.Ctx, `DELETE FROM order_search_keys`)
				return err
			}))
		}
		keyed := func() []string { // the orders with keys (a List would catch up first)
			var ids []string
			for _, k := range searchKeys(t, d) {
				ids = append(ids, k[strings.LastIndexByte(k, ' ')+1:])
			}
			slices.Sort(ids)
			return slices.Compact(ids)
		}
		require.NoError(t, r.Orders.ForgetSearch(r.Ctx))
		wipe()
		done, err := r.Orders.SearchStep(r.Ctx) // the first page: two orders
		require.NoError(t, err)
		require.False(t, done)
		require.Equal(t, []string{placed[0].ID, placed[1].ID}, keyed())

		// Its keys lost after the page was recorded stay lost: the build
		// goes on from the third order.
		wipe()
		require.NoError(t, r.Orders.CatchUpSearch(r.Ctx))
		require.Equal(t, []string{placed[2].ID, placed[3].ID, placed[4].ID}, keyed())
	})
}
