package order_test

import (
	"fmt"
	"os"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/coupon"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/db/dbtest"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/flowtest"
	"github.com/waybill/waybill/internal/order"
	"github.com/waybill/waybill/internal/shortage"
)

// Orders the engine places carry new numbers, in the order placed; an
// order stored with a number of the old form is still found by it.
func TestOrderNumbersOldAndNew(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d, order.Config{})
		f.AddProducts(t, 1)
		f.AddWarehouse(t, "US-EWR1")
		f.Receive(t, "US-EWR1", "SKU-000", 10)
		first := f.Accepted(t, flowtest.Request("num-1", flowtest.Line("SKU-000", 1)))
		second := f.Accepted(t, flowtest.Request("num-2", flowtest.Line("SKU-000", 1)))
		newForm := regexp.MustCompile(`^WB-[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{4}$`)
		require.Regexp(t, newForm, first.Number)
		require.Less(t, first.Number, second.Number, "numbers ascend as orders are placed")
		got, err := f.Orders.Get(f.Ctx, second.Number)
		require.NoError(t, err)
		require.Equal(t, second.ID, got.ID)

		require.NoError(t, d.Write(f.Ctx, func(tx *db.Tx) error {
			_, err := tx.ExecContext(f.Ctx, `UPDATE orders SET number = 'WB-7K2M-Q9XZ' WHERE id = $1`, first.ID)
			return err
		}))
		got, err = f.Orders.Get(f.Ctx, "WB-7K2M-Q9XZ")
		require.NoError(t, err)
		require.Equal(t, first.ID, got.ID)
	})
}

// Two instances writing one PostgreSQL: every order either takes is
// accepted, with a number of its own; a reference both are sent is taken
// by one, and the other is refused as a conflict, whether the batch's read
// saw the first or the unique key caught it (the batch retried order by
// order).
func TestTwoInstancesPlaceTogether(t *testing.T) {
	if os.Getenv(dbtest.PostgresEnv) == "" {
		t.Skip("two instances write one PostgreSQL; SQLite has one writer process")
	}
	d := dbtest.Postgres(t, dbtest.Options{})
	f := setup(t, d, order.Config{MaxBatch: 16})
	f.AddProducts(t, 2)
	f.AddWarehouse(t, "US-EWR1")
	f.Receive(t, "US-EWR1", "SKU-000", 100000)
	f.Receive(t, "US-EWR1", "SKU-001", 100000)
	other := order.NewEngine(d, nil, order.Config{MaxBatch: 16, Coupons: coupon.Intake{}, Shortages: shortage.Intake{}, Settings: f.Settings})
	other.Start()
	t.Cleanup(other.Stop)

	const each = 300
	type result struct {
		ref string
		rep order.Reply
	}
	results := make(chan result, 4*each)
	var wg sync.WaitGroup
	for w, e := range []*order.Engine{f.Engine, other} {
		for i := range each {
			wg.Go(func() {
				ref := fmt.Sprintf("own-%d-%d", w, i)
				if i%10 == 0 {
					ref = fmt.Sprintf("both-%d", i) // sent to both instances
				}
				sku := fmt.Sprintf("SKU-%03d", w) // no stock row shared: the instances' batches overlap
				results <- result{ref, e.Place(f.Ctx, flowtest.Request(ref, flowtest.Line(sku, 1)), nil)}
			})
		}
	}
	wg.Wait()
	close(results)
	numbers, accepted := map[string]string{}, map[string]int{}
	for r := range results {
		if r.rep.Err != nil {
			require.True(t, strings.HasPrefix(r.ref, "both-"), "%s refused: %v", r.ref, r.rep.Err)
			require.Equal(t, errs.Conflict, errs.KindOf(r.rep.Err), "%s: %v", r.ref, r.rep.Err)
			continue
		}
		o := flowtest.Placed(t, r.rep)
		if prev, dup := numbers[o.Number]; dup {
			t.Fatalf("%s and %s share number %s", prev, r.ref, o.Number)
		}
		numbers[o.Number] = r.ref
		accepted[r.ref]++
	}
	for ref, n := range accepted {
		require.Equal(t, 1, n, "%s accepted once", ref)
	}
	require.Len(t, accepted, 2*each-each/10)
	t.Logf("batches retried order by order: %d + %d", f.Engine.Stats().Fallbacks, other.Stats().Fallbacks)
}
