package flowtest_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"flag"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/address"
	"github.com/waybill/waybill/internal/catalog"
	"github.com/waybill/waybill/internal/clock"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/db/dbtest"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/flowtest"
	"github.com/waybill/waybill/internal/inventory"
	"github.com/waybill/waybill/internal/order"
	"github.com/waybill/waybill/internal/review"
	"github.com/waybill/waybill/internal/risk"
	"github.com/waybill/waybill/internal/shortage"
	"github.com/waybill/waybill/internal/warehouse"
)

var flowSeed = flag.Uint64("flow.seed", 0, "seed of TestFlowInvariants; 0 draws one and logs it")

// TestFlowInvariants drives intake, review, release, stock arrival and
// cancellation at once, in seeded random rounds, and after every round
// checks on the database itself that stock is conserved, every unit of
// every line is accounted for, fulfilments never outrun reservations, only
// reviewed orders with no open task are released, and presales wait for
// their date. At the end it proves that waiting orders are served oldest
// first and that plenty of stock serves all of them.
func TestFlowInvariants(t *testing.T) {
	seed := *flowSeed
	if seed == 0 {
		seed = uint64(time.Now().UnixNano())
	}
	t.Logf("seed %d: rerun with go test -run TestFlowInvariants ./internal/flowtest/ -args -flow.seed=%d", seed, seed)
	rounds := 30
	if testing.Short() {
		rounds = 5
	}
	dbtest.EachAt(t, time.Date(2026, 3, 2, 14, 0, 0, 0, time.UTC), func(t *testing.T, d *db.DB, clk *clock.Fixed) {
		s := newFlow(t, d, clk, seed)
		for i := range rounds {
			s.round(t)
			s.settle(t)
			if s.rnd.IntN(100) < 35 {
				clk.Advance(time.Duration(8+s.rnd.IntN(17)) * time.Hour) // presale dates and retries come due
				s.settle(t)
			}
			if !s.check(t, fmt.Sprintf("after round %d", i)) {
				return
			}
		}
		s.finish(t)
	})
}

// flow is the simulated shop: the US shop (flowtest.USShop) with six SKUs
// of random shortage policies in three warehouses, risk rules, and the
// orders placed.
type flow struct {
	*flowtest.USShop
	clk      *clock.Fixed
	rnd      *rand.Rand                 // used by the test's goroutine only
	policies map[string]shortage.Policy // SKU → its shortage policy
	prefix   map[string]string          // warehouse id → postal prefix it serves, "" for all
	codes    map[string]string          // warehouse id → code
	refs     int

	mu     sync.Mutex
	placed []string // accepted orders' ids
}

// flowWarehouses are the warehouses by code; flowAddresses the destinations:
// WEST serves California, NORTH New York, EAST all three. Each destination
// may also come as a PO box.
var (
	flowWarehouses = []string{"EAST", "WEST", "NORTH"}
	flowAddresses  = []address.Address{
		{Name: "Ada Lovelace", Line1: "1600 Amphitheatre Pkwy", City: "Mountain View", Region: "CA", PostalCode: "94043", Country: "US"},
		{Name: "Ada Lovelace", Line1: "350 Fifth Avenue", City: "New York", Region: "NY", PostalCode: "10118", Country: "US"},
		{Name: "Ada Lovelace", Line1: "233 S Wacker Dr", City: "Chicago", Region: "IL", PostalCode: "60606", Country: "US"},
	}
)

func newFlow(t *testing.T, d *db.DB, clk *clock.Fixed, seed uint64) *flow {
	t.Helper()
	s := &flow{USShop: flowtest.NewUSShop(t, d, clk, flowtest.Options{}), clk: clk, rnd: rand.New(rand.NewPCG(seed, 0xf10f)),
		policies: map[string]shortage.Policy{}, prefix: map[string]string{}, codes: map[string]string{}}
	s.AddRatedWarehouse(t, "NORTH", warehouse.Region{Country: "US", PostalPrefixes: []string{"1"}, ParcelCostMinor: 500, TransitDays: 2})
	s.addSKUs(t, 6)
	s.Rule(t, risk.Rule{Name: "big orders", Kind: risk.HighValue, Weight: 50, Action: risk.Hold,
		Params: risk.HighValueParams{Currency: "USD", MaxTotalMinor: 6000}})
	s.Rule(t, risk.Rule{Name: "huge orders", Kind: risk.HighValue, Weight: 100, Action: risk.Reject,
		Params: risk.HighValueParams{Currency: "USD", MaxTotalMinor: 9000}})
	s.Rule(t, risk.Rule{Name: "PO boxes", Kind: risk.FlaggedAddress, Weight: 10, Action: risk.Hold,
		Params: risk.FlaggedAddressParams{POBox: true}})
	s.drawPolicies(t)
	codes := map[string]string{}
	require.NoError(t, d.Read(s.Ctx, func(tx *db.Tx) error {
		return scanPairs(s.Ctx, tx, `SELECT code, id FROM warehouses`, codes)
	}))
	s.prefix[codes["EAST"]], s.prefix[codes["WEST"]], s.prefix[codes["NORTH"]] = "", "9", "1"
	for code, id := range codes {
		s.codes[id] = code
	}
	for _, wh := range flowWarehouses { // a little opening stock, none of many
		for _, sku := range s.SKUs {
			if n := s.rnd.IntN(6) - 2; n > 0 {
				s.Receive(t, wh, sku, int64(n))
			}
		}
	}
	return s
}

// addSKUs adds products up to n SKUs in all, priced like AddProducts'.
func (s *flow) addSKUs(t *testing.T, n int) {
	t.Helper()
	var more []catalog.ProductInput
	for i := len(s.SKUs); i < n; i++ {
		sku := fmt.Sprintf("SKU-%03d", i)
		s.SKUs = append(s.SKUs, sku)
		more = append(more, catalog.ProductInput{SKU: sku, Name: "Product " + sku, Category: "general", WeightG: 500,
			LengthMM: 100, WidthMM: 100, HeightMM: 100, PriceMinor: 1000, Currency: "USD"})
	}
	_, err := catalog.NewStore(s.DB).CreateMany(s.Ctx, more)
	require.NoError(t, err)
}

// drawPolicies gives every policy to at least one SKU, in random order: a
// backorder limit and a presale quota small enough to run out, a presale
// release date a few days ahead.
func (s *flow) drawPolicies(t *testing.T) {
	t.Helper()
	kinds := []string{order.PolicyHold, order.PolicyBackorder, order.PolicyPresale, order.PolicySplit, order.PolicyCancelShort}
	for len(kinds) < len(s.SKUs) {
		kinds = append(kinds, kinds[s.rnd.IntN(5)])
	}
	s.rnd.Shuffle(len(kinds), func(i, j int) { kinds[i], kinds[j] = kinds[j], kinds[i] })
	for i, sku := range s.SKUs {
		p := shortage.Policy{Kind: kinds[i]}
		switch p.Kind {
		case order.PolicyBackorder:
			p.MaxWaiting, p.LeadDays = int64(2+s.rnd.IntN(5)), 1+s.rnd.IntN(7)
		case order.PolicyPresale:
			p.MaxWaiting, p.ReleaseOn = int64(6+s.rnd.IntN(10)), s.clk.Now().AddDate(0, 0, 3+s.rnd.IntN(3)).Format(time.DateOnly)
		}
		s.policies[sku] = p
		if p.Kind != order.PolicyHold || s.rnd.IntN(2) == 0 { // no policy at all means hold too
			s.Policy(t, sku, "", p)
		}
	}
	t.Logf("policies: %v", s.policies)
}

// scanPairs reads two text columns into m, first as key.
func scanPairs(ctx context.Context, tx *db.Tx, q string, m map[string]string) error {
	rows, err := tx.QueryContext(ctx, q)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return err
		}
		m[k] = v
	}
	return rows.Err()
}

// round draws what happens next and lets it happen at once, each action in
// its own goroutine: orders placed, stock received, orders cancelled, open
// tasks claimed and decided, and now and then a run of the job runner.
func (s *flow) round(t *testing.T) {
	var actions []func()
	for range 2 + s.rnd.IntN(5) {
		req := s.randomOrder()
		actions = append(actions, func() { s.place(t, req) })
	}
	for range s.rnd.IntN(4) {
		in := inventory.Receipt{Warehouse: flowWarehouses[s.rnd.IntN(len(flowWarehouses))], Bin: "A-01-01-1",
			SKU: s.SKUs[s.rnd.IntN(len(s.SKUs))], Quantity: int64(1 + s.rnd.IntN(5)), Reference: "PO"}
		actions = append(actions, func() {
			if _, err := s.Stock.Receive(s.Ctx, in); err != nil {
				t.Errorf("receive %+v: %v", in, err)
			}
		})
	}
	if placed := s.orderIDs(); len(placed) > 0 {
		for range s.rnd.IntN(3) {
			id := placed[s.rnd.IntN(len(placed))]
			actions = append(actions, func() {
				_, err := s.Orders.Cancel(actor.With(s.Ctx, flowtest.Admin), id, "the customer changed their mind")
				tolerate(t, "cancel "+id, err)
			})
		}
	}
	open, err := s.Tasks.List(s.Ctx, review.Filter{Status: review.StatusOpen, Limit: 100})
	require.NoError(t, err)
	for i := range min(len(open), s.rnd.IntN(4)) {
		task := open[s.rnd.IntN(len(open))] // drawn with replacement: two reviewers may race for one task
		who := flowtest.Agent
		if i%2 == 1 {
			who = actor.Actor{ID: "key_agent2", Name: "agent 2", Role: actor.CustomerService}
		}
		d := s.randomDecision(task)
		actions = append(actions, func() { s.decide(t, task, d, who) })
	}
	if s.rnd.IntN(2) == 0 {
		actions = append(actions, func() {
			if _, err := s.Runner.RunDue(context.Background()); err != nil {
				t.Errorf("run due jobs: %v", err)
			}
		})
	}
	var wg sync.WaitGroup
	for _, a := range actions {
		wg.Go(a)
	}
	wg.Wait()
}

// randomOrder is a COD order of one to three SKUs, one to four units each,
// to a random destination, now and then a PO box.
func (s *flow) randomOrder() order.PlaceRequest {
	s.refs++
	var lines []order.LineInput
	for _, i := range s.rnd.Perm(len(s.SKUs))[:1+s.rnd.IntN(3)] {
		lines = append(lines, flowtest.Line(s.SKUs[i], int64(1+s.rnd.IntN(4))))
	}
	req := flowtest.Request(fmt.Sprintf("flow-%d", s.refs), lines...)
	req.PaymentMethod = "cod"
	req.ShippingAddress = flowAddresses[s.rnd.IntN(len(flowAddresses))]
	if s.rnd.IntN(100) < 15 {
		req.ShippingAddress.Line1 = fmt.Sprintf("PO Box %d", 100+s.rnd.IntN(900))
	}
	return req
}

// randomDecision mostly approves; else it cancels, or corrects a flagged
// address to another destination.
func (s *flow) randomDecision(task review.Task) review.Decision {
	switch n := s.rnd.IntN(10); {
	case n < 2:
		return review.Decision{Outcome: review.Cancel, Reason: "the customer could not be reached"}
	case n < 4 && task.Kind == review.VerifyAddress:
		addr := flowAddresses[s.rnd.IntN(len(flowAddresses))]
		return review.Decision{Outcome: review.CorrectAddress, Address: &addr}
	}
	return review.Decision{Outcome: review.Approve, Note: "checked with the customer"}
}

// place submits req through the engine and remembers the order it accepted.
func (s *flow) place(t *testing.T, req order.PlaceRequest) {
	reply := s.Place(req)
	if reply.Err != nil {
		tolerate(t, "place "+req.ExternalRef, reply.Err) // cancel_short may leave nothing to accept
		return
	}
	var o order.Order
	if reply.Status != 201 || json.Unmarshal(reply.Body, &o) != nil {
		t.Errorf("place %s: %d %s", req.ExternalRef, reply.Status, reply.Body)
		return
	}
	s.mu.Lock()
	s.placed = append(s.placed, o.ID)
	s.mu.Unlock()
}

// orderIDs is a copy of the accepted orders' ids, for drawing one to cancel.
func (s *flow) orderIDs() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.placed...)
}

// decide claims task as who and decides it.
func (s *flow) decide(t *testing.T, task review.Task, d review.Decision, who actor.Actor) {
	ctx := actor.With(context.Background(), who)
	if _, err := s.Tasks.Claim(ctx, task.ID); err != nil {
		tolerate(t, "claim "+task.ID, err)
		return
	}
	_, err := s.Tasks.Decide(ctx, task.ID, d)
	tolerate(t, fmt.Sprintf("%s %s task %s", d.Outcome, task.Kind, task.ID), err)
}

// tolerate fails the test for err unless it is a conflict: a refusal the
// flow provokes on purpose (a task another reviewer holds or closed, an
// order that moved on, a correction to an address no stock serves).
func tolerate(t *testing.T, what string, err error) {
	if err != nil && !errs.Is(err, errs.Conflict) {
		t.Errorf("%s: %v (%s)", what, err, errs.KindOf(err))
	}
}

// settle runs the due jobs until none is left, as the runner's loop would,
// and fails for any job a handler failed.
func (s *flow) settle(t *testing.T) {
	t.Helper()
	for range 200 {
		n, err := s.Runner.RunDue(context.Background())
		require.NoError(t, err)
		if n == 0 {
			s.checkJobs(t)
			return
		}
	}
	t.Fatal("jobs still due after 200 runs")
}

// checkJobs reports jobs whose handler returned an error: nothing in this
// flow should make one fail, not even for a retry.
func (s *flow) checkJobs(t *testing.T) {
	t.Helper()
	require.NoError(t, s.DB.Read(s.Ctx, func(tx *db.Tx) error {
		rows, err := tx.QueryContext(s.Ctx, `SELECT kind, dedupe_key, state, last_error FROM jobs WHERE last_error <> '' ORDER BY id`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var kind, key, state, msg string
			if err := rows.Scan(&kind, &key, &state, &msg); err != nil {
				return err
			}
			t.Errorf("job %s %s is %s: %s", kind, key, state, msg)
		}
		return rows.Err()
	}))
}

// check verifies the invariants on the database as it is now, reporting
// each violation with when, and returns whether the test is still green.
func (s *flow) check(t *testing.T, when string) bool {
	t.Helper()
	rep, err := s.Stock.Reconcile(s.Ctx)
	require.NoError(t, err)
	if !rep.OK {
		t.Errorf("%s: stock: reconcile found %+v", when, rep.Differences)
	}
	var v violations
	require.NoError(t, s.DB.Read(s.Ctx, func(tx *db.Tx) error {
		if tx.Dialect == db.Postgres { // one snapshot for every query
			if _, err := tx.ExecContext(s.Ctx, `SET TRANSACTION ISOLATION LEVEL REPEATABLE READ`); err != nil {
				return err
			}
		}
		for _, c := range []func(context.Context, *db.Tx, *violations) error{
			checkReservations, checkLines, checkFulfilments, checkReleases, s.checkPresales,
		} {
			if err := c(s.Ctx, tx, &v); err != nil {
				return err
			}
		}
		return nil
	}))
	v.report(t, when)
	return !t.Failed()
}

// violations collects what the checks found, the first few of each.
type violations struct {
	list  []string
	count map[string]int
}

// add records one violation of invariant.
func (v *violations) add(invariant, format string, args ...any) {
	if v.count == nil {
		v.count = map[string]int{}
	}
	if v.count[invariant]++; v.count[invariant] <= 5 {
		v.list = append(v.list, invariant+": "+fmt.Sprintf(format, args...))
	}
}

// report fails the test with every violation listed, and how many more
// of each there were.
func (v *violations) report(t *testing.T, when string) {
	t.Helper()
	for _, m := range v.list {
		t.Errorf("%s: %s", when, m)
	}
	for invariant, n := range v.count {
		if n > 5 {
			t.Errorf("%s: %s: %d more like these", when, invariant, n-5)
		}
	}
}

// eachRow runs q and calls fn after scanning every row into dest.
func eachRow(ctx context.Context, tx *db.Tx, q string, dest []any, fn func()) error {
	rows, err := tx.QueryContext(ctx, q)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return err
		}
		fn()
	}
	return rows.Err()
}

// checkReservations: every warehouse's reserved stock is exactly what the
// live orders' unreleased allocations hold there, what is available is
// never negative, and a cancelled order holds nothing.
func checkReservations(ctx context.Context, tx *db.Tx, v *violations) error {
	var wh, sku string
	var onHand, reserved, allocated int64
	err := eachRow(ctx, tx, `SELECT w.code, p.sku, b.on_hand, b.reserved,
		CAST(COALESCE((SELECT SUM(a.quantity) FROM order_allocations a JOIN orders o ON o.id = a.order_id
			WHERE a.warehouse_id = b.warehouse_id AND a.product_id = b.product_id AND a.released_at IS NULL
			AND o.status <> 'cancelled'), 0) AS BIGINT)
		FROM stock_balances b JOIN warehouses w ON w.id = b.warehouse_id JOIN products p ON p.id = b.product_id`,
		[]any{&wh, &sku, &onHand, &reserved, &allocated}, func() {
			if reserved != allocated {
				v.add("1 stock", "%s %s reserves %d but live orders' allocations hold %d", wh, sku, reserved, allocated)
			}
			if onHand < reserved {
				v.add("1 stock", "%s %s has %d on hand and %d reserved", wh, sku, onHand, reserved)
			}
		})
	if err != nil {
		return err
	}
	var number string
	var lineNo int
	return eachRow(ctx, tx, `SELECT o.number, a.line_no, w.code, a.quantity FROM order_allocations a
		JOIN orders o ON o.id = a.order_id JOIN warehouses w ON w.id = a.warehouse_id
		WHERE o.status = 'cancelled' AND a.released_at IS NULL`,
		[]any{&number, &lineNo, &wh, &allocated}, func() {
			v.add("1 stock", "cancelled order %s still holds %d at %s for line %d", number, allocated, wh, lineNo)
		})
}

// checkLines: every unit of a live order's line is allocated, short or
// cancelled, exactly once.
func checkLines(ctx context.Context, tx *db.Tx, v *violations) error {
	var number, sku, policy string
	var lineNo int
	var qty, short, cancelled, allocated int64
	return eachRow(ctx, tx, `SELECT o.number, l.line_no, l.sku, l.short_policy, l.quantity, l.short_quantity, l.cancelled_quantity,
		CAST(COALESCE((SELECT SUM(a.quantity) FROM order_allocations a WHERE a.order_id = l.order_id
			AND a.line_no = l.line_no AND a.released_at IS NULL), 0) AS BIGINT)
		FROM order_lines l JOIN orders o ON o.id = l.order_id WHERE o.status <> 'cancelled'`,
		[]any{&number, &lineNo, &sku, &policy, &qty, &short, &cancelled, &allocated}, func() {
			if allocated+short+cancelled != qty {
				v.add("2 lines", "order %s line %d (%s, %q): %d allocated + %d short + %d cancelled != %d ordered",
					number, lineNo, sku, policy, allocated, short, cancelled, qty)
			}
		})
}

// checkFulfilments: what live fulfilments carry of an order line from a
// warehouse never exceeds what the order holds there, and only released
// orders have any.
func checkFulfilments(ctx context.Context, tx *db.Tx, v *violations) error {
	var number, status, wh string
	var lineNo int
	var units, allocated int64
	return eachRow(ctx, tx, `SELECT o.number, o.status, fl.line_no, w.code, CAST(SUM(fl.quantity) AS BIGINT),
		CAST(COALESCE((SELECT SUM(a.quantity) FROM order_allocations a WHERE a.order_id = fl.order_id
			AND a.line_no = fl.line_no AND a.warehouse_id = f.warehouse_id AND a.released_at IS NULL), 0) AS BIGINT)
		FROM fulfilment_lines fl JOIN fulfilments f ON f.id = fl.fulfilment_id JOIN orders o ON o.id = fl.order_id
		JOIN warehouses w ON w.id = f.warehouse_id WHERE f.status <> 'cancelled'
		GROUP BY fl.order_id, o.number, o.status, fl.line_no, f.warehouse_id, w.code`,
		[]any{&number, &status, &lineNo, &wh, &units, &allocated}, func() {
			switch {
			case status != string(order.Released):
				v.add("3 fulfilments", "%s order %s has %d units of line %d in a live fulfilment at %s", status, number, units, lineNo, wh)
			case units > allocated:
				v.add("3 fulfilments", "order %s line %d: %d units to pick at %s, %d reserved there", number, lineNo, units, wh, allocated)
			}
		})
}

// checkReleases: an order released (and perhaps cancelled since) was
// reviewed, and a released order has no task open.
func checkReleases(ctx context.Context, tx *db.Tx, v *violations) error {
	var number, status string
	var releasedAt sql.NullTime
	var reviews, open int
	return eachRow(ctx, tx, `SELECT o.number, o.status, o.released_at,
		(SELECT COUNT(*) FROM order_events e WHERE e.order_id = o.id AND e.type = 'order.reviewed'),
		(SELECT COUNT(*) FROM review_tasks r WHERE r.order_id = o.id AND r.status <> 'done')
		FROM orders o WHERE o.status = 'released' OR o.released_at IS NOT NULL`,
		[]any{&number, &status, &releasedAt, &reviews, &open}, func() {
			if !releasedAt.Valid {
				v.add("4 release", "order %s is released without released_at", number)
			}
			if reviews == 0 {
				v.add("4 release", "%s order %s was released without an order.reviewed event", status, number)
			}
			if status == string(order.Released) && open > 0 {
				v.add("4 release", "order %s is released with %d review task(s) open", number, open)
			}
		})
}

// checkPresales: an order with a presold line is not released before the
// product's release date.
func (s *flow) checkPresales(ctx context.Context, tx *db.Tx, v *violations) error {
	var number, sku string
	var releasedAt time.Time
	return eachRow(ctx, tx, `SELECT o.number, l.sku, o.released_at FROM orders o JOIN order_lines l ON l.order_id = o.id
		WHERE l.short_policy = 'presale' AND o.released_at IS NOT NULL`,
		[]any{&number, &sku, &releasedAt}, func() {
			if on := s.policies[sku].ReleaseOn; releasedAt.UTC().Format(time.DateOnly) < on {
				v.add("5 presale", "order %s presold %s released on %s, before its release date %s", number, sku,
					releasedAt.UTC().Format(time.DateOnly), on)
			}
		})
}

// finish lets every job run, past every presale date and retry, then
// brings stock in twice: half of what waits, for each SKU at one warehouse,
// which must go to the oldest orders that warehouse serves; then plenty
// everywhere, which must serve every order that waits only for stock once
// its ship dates have passed.
func (s *flow) finish(t *testing.T) {
	s.placeBackorder(t)
	s.clk.Advance(5 * 24 * time.Hour)
	s.settle(t)
	if !s.check(t, "before the final stock") {
		return
	}
	before := s.view(t)
	waiting := map[string]int64{}
	for _, o := range before {
		for sku, n := range o.short {
			waiting[sku] += n
		}
	}
	for _, sku := range s.SKUs {
		if n := waiting[sku] / 2; n > 0 {
			s.Receive(t, flowWarehouses[s.rnd.IntN(len(flowWarehouses))], sku, n)
		}
	}
	s.settle(t)
	half := s.view(t)
	s.checkOldestFirst(t, "half the waiting stock", before, half)
	if !s.check(t, "after half the waiting stock") {
		return
	}
	for _, wh := range flowWarehouses {
		for _, sku := range s.SKUs {
			s.Receive(t, wh, sku, 100)
		}
	}
	s.settle(t)
	plenty := s.view(t)
	s.checkOldestFirst(t, "plenty of stock", half, plenty)
	s.clk.Advance(30 * 24 * time.Hour) // past every estimated ship date, which a presale waits for too
	s.settle(t)
	s.checkServed(t, s.view(t))
	s.check(t, "after plenty of stock")
	s.requireCoverage(t)
}

// placeBackorder places an order of a new backordered SKU that no
// warehouse has, which review releases to wait for its stock. The rounds
// take that path only when a backordered line is short as its order is
// released, which the interleaving of their goroutines decides as much as
// the seed; this order makes sure the final checks have one such order.
func (s *flow) placeBackorder(t *testing.T) {
	t.Helper()
	s.addSKUs(t, len(s.SKUs)+1)
	sku := s.SKUs[len(s.SKUs)-1]
	p := shortage.Policy{Kind: order.PolicyBackorder, MaxWaiting: 5, LeadDays: 2}
	s.policies[sku] = p
	s.Policy(t, sku, "", p)
	req := s.randomOrder()
	req.Lines = []order.LineInput{flowtest.Line(sku, 1)}
	req.ShippingAddress = flowAddresses[0]
	s.place(t, req)
	s.settle(t)
}

// requireCoverage logs what the run exercised (orders by status, and the
// timeline events that mark the paths taken) and fails a run that never
// took the paths the invariants are about, so refusals tolerated along the
// way cannot leave the checks with nothing to check.
func (s *flow) requireCoverage(t *testing.T) {
	t.Helper()
	counts := map[string]string{}
	require.NoError(t, s.DB.Read(s.Ctx, func(tx *db.Tx) error {
		return scanPairs(s.Ctx, tx, `SELECT status, CAST(COUNT(*) AS TEXT) FROM orders GROUP BY status
			UNION ALL SELECT type, CAST(COUNT(*) AS TEXT) FROM order_events GROUP BY type`, counts)
	}))
	t.Logf("coverage: %v", counts)
	for _, path := range []string{"released", "cancelled", "order.reviewed", "order.held", "order.review_approved",
		"order.waiting_for_stock", "order.stock_reserved"} {
		require.NotEmpty(t, counts[path], "the run never reached %s", path)
	}
}

// orderView is a live order as the final checks see it.
type orderView struct {
	id, number, status, holdReason, postal string
	reviewed                               bool
	openTasks                              int
	short                                  map[string]int64    // SKU → units short
	held                                   map[[2]string]int64 // (SKU, warehouse id) → units reserved
}

// view reads the live orders in the order stock arrival serves them: by
// order date, then id.
func (s *flow) view(t *testing.T) []orderView {
	t.Helper()
	var out []orderView
	require.NoError(t, s.DB.Read(s.Ctx, func(tx *db.Tx) error {
		byID := map[string]*orderView{}
		var o orderView
		var ship string
		var reviews int
		err := eachRow(s.Ctx, tx, `SELECT o.id, o.number, o.status, o.hold_reason, o.shipping_address,
			(SELECT COUNT(*) FROM order_events e WHERE e.order_id = o.id AND e.type = 'order.reviewed'),
			(SELECT COUNT(*) FROM review_tasks r WHERE r.order_id = o.id AND r.status <> 'done')
			FROM orders o WHERE o.status <> 'cancelled' ORDER BY o.created_at, o.id`,
			[]any{&o.id, &o.number, &o.status, &o.holdReason, &ship, &reviews, &o.openTasks}, func() {
				var addr address.Address
				if err := json.Unmarshal([]byte(ship), &addr); err != nil {
					t.Errorf("order %s shipping address: %v", o.number, err)
				}
				o.postal, o.reviewed = warehouse.NormalizePostal(addr.PostalCode), reviews > 0
				o.short, o.held = map[string]int64{}, map[[2]string]int64{}
				out = append(out, o)
			})
		if err != nil {
			return err
		}
		for i := range out {
			byID[out[i].id] = &out[i]
		}
		var orderID, sku, wh string
		var n int64
		err = eachRow(s.Ctx, tx, `SELECT order_id, sku, short_quantity FROM order_lines WHERE short_quantity > 0`,
			[]any{&orderID, &sku, &n}, func() {
				if o := byID[orderID]; o != nil {
					o.short[sku] += n
				}
			})
		if err != nil {
			return err
		}
		return eachRow(s.Ctx, tx, `SELECT a.order_id, l.sku, a.warehouse_id, a.quantity FROM order_allocations a
			JOIN order_lines l ON l.order_id = a.order_id AND l.line_no = a.line_no WHERE a.released_at IS NULL`,
			[]any{&orderID, &sku, &wh, &n}, func() {
				if o := byID[orderID]; o != nil {
					o.held[[2]string{sku, wh}] += n
				}
			})
	}))
	return out
}

// checkOldestFirst: when stock arrival gave an order units of a SKU from a
// warehouse, no older order that warehouse serves still lacks that SKU.
func (s *flow) checkOldestFirst(t *testing.T, phase string, before, after []orderView) {
	t.Helper()
	prev := map[string]orderView{}
	for _, o := range before {
		prev[o.id] = o
	}
	var v violations
	defer v.report(t, phase)
	for j, young := range after {
		for key, n := range young.held {
			if n <= prev[young.id].held[key] {
				continue
			}
			sku, wh := key[0], key[1]
			for _, old := range after[:j] {
				if old.short[sku] > 0 && strings.HasPrefix(old.postal, s.prefix[wh]) {
					v.add("6 oldest first", "order %s got %d %s at %s while the older order %s, which it serves, still lacks %d",
						young.number, n-prev[young.id].held[key], sku, s.codes[wh], old.number, old.short[sku])
				}
			}
		}
	}
}

// checkServed: once there is plenty of stock, every live order has been
// reviewed, and every one no person holds has all its units and is released.
func (s *flow) checkServed(t *testing.T, orders []orderView) {
	t.Helper()
	var v violations
	defer v.report(t, "with plenty of stock")
	for _, o := range orders {
		var short int64
		for _, n := range o.short {
			short += n
		}
		switch {
		case !o.reviewed:
			v.add("6 served", "%s order %s was never reviewed", o.status, o.number)
		case o.openTasks > 0:
		case o.status == string(order.OnHold) && !strings.HasPrefix(o.holdReason, "waiting for stock: "):
			v.add("6 served", "order %s is held with no task open: %s", o.number, o.holdReason)
		case short > 0 || o.status != string(order.Released):
			v.add("6 served", "%s order %s waits only for stock and still lacks %d unit(s) (%s)", o.status, o.number, short, o.holdReason)
		}
	}
}
