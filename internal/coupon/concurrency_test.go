package coupon_test

import (
	"fmt"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/coupon"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/db/dbtest"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/flowtest"
	"github.com/waybill/waybill/internal/order"
	"github.com/waybill/waybill/internal/shortage"
)

// raceCoupon places n orders at once, alternating between two engines on the same
// database (two Waybill instances on PostgreSQL, the second wired with the
// stages as the rig's), each for one unit with coupon code and the email
// emailOf(i); it returns how many were accepted and the refusal codes of the
// rest. The coupon is held locked while the
// orders queue, so the engines meet them in two large batches: the in-memory
// counts must decide, and the test fails if any batch had to fall back on
// the table's CHECK.
func raceCoupon(t *testing.T, r *flowtest.Rig, n int, code string, emailOf func(int) string) (int, map[string]int) {
	t.Helper()
	second := order.NewEngine(r.DB, slog.New(slog.DiscardHandler), order.Config{Coupons: coupon.Intake{}, Shortages: shortage.Intake{}})
	second.Start()
	defer second.Stop()
	engines := []*order.Engine{r.Engine, second}
	held, release := make(chan struct{}), make(chan struct{})
	go func() {
		_ = r.DB.Write(r.Ctx, func(tx *db.Tx) error {
			q := `SELECT code FROM coupons WHERE code = $1`
			if tx.Dialect == db.Postgres {
				q += ` FOR UPDATE`
			}
			var got string
			err := tx.QueryRowContext(r.Ctx, q, code).Scan(&got)
			close(held)
			<-release
			return err
		})
	}()
	<-held
	// Each engine's first batch takes a plug order (refused: unknown SKU) and
	// waits on the lock, so the orders that matter all meet in later batches.
	var plugs sync.WaitGroup
	for _, e := range engines {
		plugs.Go(func() {
			e.Place(r.Ctx, withCoupons("plug", "plug@example.com", []order.LineInput{flowtest.Line("NOPE", 1)}), nil)
		})
	}
	time.Sleep(100 * time.Millisecond)
	var mu sync.Mutex
	accepted, refused := 0, map[string]int{}
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			req := withCoupons(fmt.Sprintf("%s-%d", code, i), emailOf(i), []order.LineInput{flowtest.Line("SKU-000", 1)}, code)
			rep := engines[i%2].Place(r.Ctx, req, nil)
			mu.Lock()
			defer mu.Unlock()
			if rep.Err == nil {
				accepted++
				return
			}
			fields := errs.FieldsOf(rep.Err)
			if len(fields) != 1 || fields[0].Path != "coupons[0]" {
				refused["unexpected: "+rep.Err.Error()]++
				return
			}
			refused[fields[0].Code]++
		})
	}
	time.Sleep(300 * time.Millisecond) // let the orders queue behind the lock
	close(release)
	wg.Wait()
	plugs.Wait()
	a, b := r.Engine.Stats(), second.Stats()
	require.Zero(t, a.Fallbacks+b.Fallbacks, "no batch failed")
	require.Less(t, a.Batches+b.Batches, int64(n), "orders met in batches")
	t.Logf("%d orders and 2 plugs in %d batches", n, a.Batches+b.Batches)
	return accepted, refused
}

// TestCouponLastUses: 100 orders at once for a coupon with 10 uses take
// exactly 10, through two engines; uses and redemptions agree, and only the
// accepted orders hold stock.
func TestCouponLastUses(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		r := shop(t, d)
		addCoupon(t, r, coupon.Input{Code: "TEN-ONLY", Kind: coupon.Percent, PercentBP: 2000, MaxUses: 10})
		accepted, refused := raceCoupon(t, r, 100, "TEN-ONLY", func(i int) string { return fmt.Sprintf("buyer%d@example.com", i) })
		require.Equal(t, 10, accepted)
		require.Equal(t, map[string]int{coupon.UsedUp: 90}, refused)
		c, err := r.Coupons.Get(r.Ctx, "TEN-ONLY")
		require.NoError(t, err)
		require.Equal(t, int64(10), c.Uses)
		require.Equal(t, 10, countRows(t, d, `SELECT COUNT(*) FROM coupon_redemptions WHERE code = 'TEN-ONLY'`))
		require.Equal(t, 10, countRows(t, d, `SELECT COUNT(*) FROM orders`))
		require.Equal(t, int64(10), r.Reserved(t, shopWarehouse, "SKU-000"))
	})
}

// TestCouponOncePerCustomer: 20 orders at once from one customer (the email
// in several cases) for a coupon allowed once per customer: exactly one.
func TestCouponOncePerCustomer(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		r := shop(t, d)
		addCoupon(t, r, coupon.Input{Code: "WELCOME", Kind: coupon.Amount, AmountMinor: 200, Currency: "USD", MaxUsesPerCustomer: 1})
		emails := []string{"ada@example.com", "Ada@example.com", "ADA@EXAMPLE.COM"}
		accepted, refused := raceCoupon(t, r, 20, "WELCOME", func(i int) string { return emails[i%3] })
		require.Equal(t, 1, accepted)
		require.Equal(t, map[string]int{coupon.CustomerLimit: 19}, refused)
		c, err := r.Coupons.Get(r.Ctx, "WELCOME")
		require.NoError(t, err)
		require.Equal(t, int64(1), c.Uses)
		require.Equal(t, 1, countRows(t, d, `SELECT COUNT(*) FROM coupon_redemptions WHERE code = 'WELCOME'`))
	})
}
