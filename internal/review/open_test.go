package review

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/clock"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/db/dbtest"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/id"
)

func TestOpen(t *testing.T) {
	dbtest.EachAt(t, start, func(t *testing.T, d *db.DB, clk *clock.Fixed) {
		f := setup(t, d)
		f.store = NewStore(d, Config{SLAs: map[Kind]time.Duration{SpecialRequest: 48 * time.Hour, CouponCase: -time.Hour}})
		orderID := f.addOrder()
		open := func(tasks ...NewTask) {
			t.Helper()
			require.NoError(t, d.Write(f.ctx, func(tx *db.Tx) error { return f.store.Open(f.ctx, tx, tasks...) }))
		}
		open(NewTask{OrderID: orderID, Kind: VerifyAddress, Reason: "  PO box in line1  "},
			NewTask{OrderID: orderID, Kind: SpecialRequest},
			NewTask{OrderID: orderID, Kind: CouponCase, Reason: strings.Repeat("é", 3000)})
		clk.Advance(time.Minute)
		open(NewTask{OrderID: orderID, Kind: VerifyAddress, Reason: "held again"})

		tasks, err := f.store.List(f.ctx, Filter{OrderID: orderID, Limit: 10})
		require.NoError(t, err)
		require.Len(t, tasks, 3, "a second unfinished verify_address task is not opened")
		byKind := map[Kind]Task{}
		for _, tk := range tasks {
			byKind[tk.Kind] = tk
			require.Equal(t, StatusOpen, tk.Status)
			require.Equal(t, start, tk.CreatedAt)
			require.Empty(t, tk.Assignee)
			require.True(t, strings.HasPrefix(tk.ID, "rtk_"), tk.ID)
		}
		require.Equal(t, "PO box in line1", byKind[VerifyAddress].Reason)
		require.Equal(t, start.Add(4*time.Hour), byKind[VerifyAddress].DueAt, "the default SLA")
		require.Equal(t, start.Add(48*time.Hour), byKind[SpecialRequest].DueAt, "the configured SLA")
		require.Equal(t, standardReasons[SpecialRequest], byKind[SpecialRequest].Reason, "an empty reason gets the kind's text")
		require.Equal(t, start.Add(8*time.Hour), byKind[CouponCase].DueAt, "a non-positive SLA keeps the default")
		require.Equal(t, maxText, len([]rune(byKind[CouponCase].Reason)), "a long reason is cut, not refused")

		var n int
		require.NoError(t, d.Read(f.ctx, func(tx *db.Tx) (err error) { n, err = OpenTasks(f.ctx, tx, orderID); return err }))
		require.Equal(t, 3, n)

		// A claimed task closes too; the order's tasks are all done afterwards
		// and the same kind may be opened again.
		f.do(actor.CustomerService, "POST", "/v1/review-tasks/"+byKind[VerifyAddress].ID+"/claim", "", 200)
		by := actor.Actor{ID: "key_orders", Name: "storefront", Role: actor.Integration}
		require.NoError(t, d.Write(f.ctx, func(tx *db.Tx) error {
			return CloseAll(f.ctx, tx, orderID, Cancel, "customer cancelled", by)
		}))
		require.NoError(t, d.Read(f.ctx, func(tx *db.Tx) (err error) { n, err = OpenTasks(f.ctx, tx, orderID); return err }))
		require.Zero(t, n)
		for _, tk := range tasks {
			got, err := f.store.Task(f.ctx, tk.ID)
			require.NoError(t, err)
			require.Equal(t, StatusDone, got.Status)
			require.Equal(t, Cancel, got.Outcome)
			require.Equal(t, "customer cancelled", got.OutcomeNote)
			require.Equal(t, "key_orders", got.ClosedBy)
			require.Equal(t, start.Add(time.Minute), *got.ClosedAt)
			require.Contains(t, f.auditActions(tk.ID), "review_task.close")
		}
		open(NewTask{OrderID: orderID, Kind: VerifyAddress, Reason: "held a third time"})
		require.NoError(t, d.Read(f.ctx, func(tx *db.Tx) (err error) { n, err = OpenTasks(f.ctx, tx, orderID); return err }))
		require.Equal(t, 1, n)

		// Programming errors fail the caller's transaction.
		require.Error(t, d.Write(f.ctx, func(tx *db.Tx) error {
			return f.store.Open(f.ctx, tx, NewTask{OrderID: orderID, Kind: "phone_call"})
		}))
		require.Error(t, d.Write(f.ctx, func(tx *db.Tx) error { return CloseAll(f.ctx, tx, orderID, "", "x", by) }))
		require.Error(t, d.Write(f.ctx, func(tx *db.Tx) error { return CloseAll(f.ctx, tx, orderID, Cancel, "x", actor.Actor{}) }))
	})
}

// TestOpenBeforeOrder: the engine may open a task before it writes the
// batch's orders; the reference is checked when the transaction commits.
func TestOpenBeforeOrder(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		var orderID string
		require.NoError(t, d.Write(f.ctx, func(tx *db.Tx) error {
			orderID = id.New("ord", tx.Now)
			if err := f.store.Open(f.ctx, tx, NewTask{OrderID: orderID, Kind: RiskReview, Reason: "score 80"}); err != nil {
				return err
			}
			_, err := tx.ExecContext(f.ctx, `INSERT INTO orders (id, number, channel, external_ref, status, payment_status,
				payment_method, currency, subtotal_minor, discount_minor, shipping_minor, total_minor, customer_name,
				customer_email, customer_phone, locale, shipping_address, coupons, special_requests, created_at, updated_at)
				VALUES ($1, $1, 'web', $1, 'on_hold', 'cod_pending', 'cod', 'USD', 0, 0, 0, 0, 'A', 'a@example.com', '+1', 'en',
				'{}', '[]', '{}', $2, $2)`, orderID, tx.Now)
			return err
		}))
		tasks, err := f.store.List(f.ctx, Filter{OrderID: orderID, Limit: 5})
		require.NoError(t, err)
		require.Len(t, tasks, 1)

		err = d.Write(f.ctx, func(tx *db.Tx) error {
			return f.store.Open(f.ctx, tx, NewTask{OrderID: "ord_NOSUCHORDER", Kind: RiskReview})
		})
		require.Error(t, err, "a task for an order that never arrives is refused at commit")
	})
}

func TestConfigValidate(t *testing.T) {
	require.NoError(t, Config{}.Validate())
	require.NoError(t, Config{SLAs: map[Kind]time.Duration{VerifyAddress: time.Hour}}.Validate())
	err := Config{SLAs: map[Kind]time.Duration{"phone": time.Hour, RiskReview: 0}}.Validate()
	require.True(t, errs.Is(err, errs.Invalid))
	var got []string
	for _, fe := range errs.FieldsOf(err) {
		got = append(got, fe.Path+" "+fe.Code)
	}
	require.Equal(t, []string{"slas.phone unknown_value", "slas.risk_review out_of_range"}, got)
	s := NewStore(nil, Config{SLAs: map[Kind]time.Duration{PaymentMismatch: 30 * time.Minute}})
	require.Equal(t, 30*time.Minute, s.SLA(PaymentMismatch))
	require.Equal(t, 24*time.Hour, s.SLA(SpecialRequest))
}
