package order_test

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/clock"
	"github.com/waybill/waybill/internal/coupon"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/db/dbtest"
	"github.com/waybill/waybill/internal/flowtest"
	"github.com/waybill/waybill/internal/job"
	"github.com/waybill/waybill/internal/notify"
	"github.com/waybill/waybill/internal/order"
	"github.com/waybill/waybill/internal/shortage"
)

// sentMail records what the confirmation job hands the e-mail sender; the
// SMTP sender itself is tested against a real SMTP sink in internal/notify.
type sentMail struct {
	mu   sync.Mutex
	msgs map[string]notify.Rendered // by idempotency key
	to   []string
}

func (s *sentMail) Send(_ context.Context, to string, msg notify.Rendered, key string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.msgs[key] = msg
	s.to = append(s.to, to)
	return nil
}

// mailRunner is a job runner with the order stage's handlers, whose e-mails
// are recorded.
func mailRunner(t *testing.T, d *db.DB, clk *clock.Fixed, f *flowtest.Rig) (*job.Runner, *sentMail) {
	t.Helper()
	mail := &sentMail{msgs: map[string]notify.Rendered{}}
	renderer, err := notify.NewRenderer()
	require.NoError(t, err)
	runner := job.New(d, clk, slog.New(slog.DiscardHandler), job.Config{})
	order.RegisterJobs(runner, f.Orders, notify.Messenger{Renderer: renderer, Email: mail}, slog.New(slog.DiscardHandler))
	return runner, mail
}

// A prepaid order not paid within its window is cancelled by the timer job
// created with it, and its stock comes back; a paid one is left alone. Every
// order's confirmation is sent once, in its language.
func TestOrderJobs(t *testing.T) {
	dbtest.EachAt(t, time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC), func(t *testing.T, d *db.DB, clk *clock.Fixed) {
		f := setup(t, d, order.Config{}) // the default payment window, 30 minutes
		f.AddProducts(t, 1)
		f.AddWarehouse(t, "US-EWR1")
		f.Receive(t, "US-EWR1", "SKU-000", 10)
		runner, mail := mailRunner(t, d, clk, f)

		place := func(ref string, locale string) order.Order {
			req := flowtest.Request(ref, flowtest.Line("SKU-000", 2))
			req.Locale = locale
			r := f.Engine.Place(f.Ctx, req, nil)
			require.NoError(t, r.Err)
			var o order.Order
			require.NoError(t, json.Unmarshal(r.Body, &o))
			return o
		}
		unpaid, paid := place("j-1", "en"), place("j-2", "zh-CN")
		require.NoError(t, d.Write(f.Ctx, func(tx *db.Tx) error { // the payment arrives (its own tests cover the webhook)
			_, err := tx.ExecContext(f.Ctx, `UPDATE orders SET payment_status = 'paid', status = 'confirmed' WHERE id = $1`, paid.ID)
			return err
		}))
		require.Equal(t, int64(4), reserved(t, f, "SKU-000"))

		n, err := runner.RunDue(context.Background())
		require.NoError(t, err)
		require.Equal(t, 4, n, "both confirmations are due at once, by e-mail and by SMS (no SMS sender: logged); the timers are not (and no order waits for the receipt)")
		require.Len(t, mail.msgs, 2)
		require.ElementsMatch(t, []string{"ada@example.com", "ada@example.com"}, mail.to)
		var subjects []string
		for _, m := range mail.msgs {
			subjects = append(subjects, m.Subject)
		}
		require.Contains(t, subjects[0]+subjects[1], unpaid.Number)
		require.Contains(t, subjects[0]+subjects[1], paid.Number)

		clk.Advance(29 * time.Minute)
		n, err = runner.RunDue(context.Background())
		require.NoError(t, err)
		require.Zero(t, n)

		clk.Advance(2 * time.Minute)
		n, err = runner.RunDue(context.Background())
		require.NoError(t, err)
		require.Equal(t, 2, n)
		got, err := f.Orders.Get(f.Ctx, unpaid.ID)
		require.NoError(t, err)
		require.Equal(t, order.Cancelled, got.Status)
		got, err = f.Orders.Get(f.Ctx, paid.ID)
		require.NoError(t, err)
		require.Equal(t, order.Confirmed, got.Status, "a paid order is not cancelled by its timer")
		require.Equal(t, int64(2), reserved(t, f, "SKU-000"), "the unpaid order's stock is back")

		evs, err := f.Orders.Events(f.Ctx, unpaid.ID)
		require.NoError(t, err)
		require.Equal(t, "order.cancelled", evs[len(evs)-1].Type)
		require.Equal(t, "timer", evs[len(evs)-1].Actor)
		rep, err := f.Stock.Reconcile(f.Ctx)
		require.NoError(t, err)
		require.True(t, rep.OK)
		n, err = runner.RunDue(context.Background())
		require.NoError(t, err)
		require.Equal(t, 2, n, "the cancellation notice, queued with the cancel, one job per channel")
		require.Len(t, mail.msgs, 3)
		var notice notify.Rendered
		for _, m := range mail.msgs {
			if strings.Contains(m.Subject, "cancelled") {
				notice = m
			}
		}
		require.Equal(t, "Your order "+unpaid.Number+" has been cancelled", notice.Subject)
		require.Contains(t, notice.Text, "because we did not receive its payment in time")
		require.Equal(t, int64(8), runner.Stats().Succeeded, "two confirmations and one notice on two channels, two timers")
	})
}

// The engine writes a batch's jobs as one row per kind (job.Batch), and
// each order still gets its own confirmation, once, and its own payment
// timer: 12 orders placed in one transaction, 9 prepaid and 3 COD.
func TestIntakeBatchesItsJobs(t *testing.T) {
	dbtest.EachAt(t, time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC), func(t *testing.T, d *db.DB, clk *clock.Fixed) {
		f := setup(t, d, order.Config{})
		f.AddProducts(t, 1)
		f.AddWarehouse(t, "US-EWR1")
		f.Receive(t, "US-EWR1", "SKU-000", 100)
		e := order.NewEngine(d, nil, order.Config{Settings: f.Settings, Coupons: coupon.Intake{}, Shortages: shortage.Intake{}})
		const n, cod = 12, 3
		replies := make([]order.Reply, n)
		var wg sync.WaitGroup
		for i := range n {
			req := flowtest.Request(fmt.Sprintf("b-%02d", i), flowtest.Line("SKU-000", 1))
			if i < cod {
				req.PaymentMethod = "cod"
			}
			wg.Go(func() { replies[i] = e.Place(f.Ctx, req, nil) })
		}
		require.Eventually(t, func() bool { return e.Queued() == n }, 10*time.Second, time.Millisecond)
		e.Start() // the queue is full: one batch takes all twelve
		wg.Wait()
		e.Stop()
		require.Equal(t, int64(1), e.Stats().Batches)
		ids := map[string]string{} // order id → number
		for _, r := range replies {
			require.NoError(t, r.Err)
			var o order.Order
			require.NoError(t, json.Unmarshal(r.Body, &o))
			ids[o.ID] = o.Number
		}

		rows := map[string]int{} // kind → rows
		require.NoError(t, d.Read(f.Ctx, func(tx *db.Tx) error {
			rs, err := tx.QueryContext(f.Ctx, `SELECT kind FROM jobs`)
			if err != nil {
				return err
			}
			defer rs.Close()
			for rs.Next() {
				var k string
				if err := rs.Scan(&k); err != nil {
					return err
				}
				rows[k]++
			}
			return rs.Err()
		}))
		require.Equal(t, map[string]int{"notify.email[]": 1, "notify.sms[]": 1, "order.payment_timeout[]": 1, "order.review[]": 1}, rows,
			"four rows for 33 jobs")

		runner, mail := mailRunner(t, d, clk, f)
		for {
			ran, err := runner.RunDue(f.Ctx)
			require.NoError(t, err)
			if ran == 0 {
				break
			}
		}
		require.Len(t, mail.msgs, n, "one confirmation per order, each under its own key")
		confirmed := map[string]bool{}
		for _, m := range mail.msgs {
			for _, number := range ids {
				if strings.Contains(m.Subject, number) {
					require.False(t, confirmed[number], "order %s confirmed twice", number)
					confirmed[number] = true
				}
			}
		}
		require.Len(t, confirmed, n)

		clk.Advance(31 * time.Minute)
		ran, err := runner.RunDue(f.Ctx)
		require.NoError(t, err)
		require.Equal(t, 1, ran, "the nine timers are one row")
		cancelled := 0
		for id := range ids {
			o, err := f.Orders.Get(f.Ctx, id)
			require.NoError(t, err)
			if o.Status == order.Cancelled {
				cancelled++
				require.Equal(t, "prepaid", o.PaymentMethod)
			}
		}
		require.Equal(t, n-cod, cancelled, "every unpaid prepaid order timed out")
		require.Equal(t, int64(2*n+n-cod), runner.Stats().Succeeded, "each confirmation on each channel and each timer counts as a job")
		require.Equal(t, int64(cod), reserved(t, f, "SKU-000"), "the COD orders keep their stock")
		rep, err := f.Stock.Reconcile(f.Ctx)
		require.NoError(t, err)
		require.True(t, rep.OK)
	})
}
