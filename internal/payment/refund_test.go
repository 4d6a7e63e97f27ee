package payment_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/db/dbtest"
	"github.com/waybill/waybill/internal/flowtest"
	"github.com/waybill/waybill/internal/fulfilment"
	"github.com/waybill/waybill/internal/order"
	"github.com/waybill/waybill/internal/payment"
	"github.com/waybill/waybill/internal/payment/gateway"
	"github.com/waybill/waybill/internal/review"
)

// Refunds reach the order: a released order refunded in full is cancelled
// (its fulfilment too, so the warehouse never ships refunded goods, and its
// stock goes back); a refund of more than was captured holds the order for
// a person; a cancelled paid order owes its capture back until refunded;
// an unpaid cancelled order is voided.
func TestRefundsReachTheOrder(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		r := flowtest.New(t, d, flowtest.Options{})
		skus := r.AddProducts(t, 1)
		r.AddWarehouse(t, "US-EWR1")
		r.Receive(t, "US-EWR1", skus[0], 10)
		refund := func(o order.Order, id string, amount int64) payment.Outcome {
			t.Helper()
			out, err := r.Payments.Apply(r.Ctx, gateway.Event{Gateway: "test", EventID: id, Type: "charge.refunded",
				Kind: gateway.KindRefunded, OrderRef: o.ID, AmountMinor: amount, Currency: o.Currency,
				OccurredAt: flowtest.PayAt.Add(time.Minute), Raw: []byte(`{}`)})
			require.NoError(t, err)
			return out
		}

		released := r.ReleasedOrder(t, "rf-1", flowtest.Line(skus[0], 2))
		require.Equal(t, int64(2), r.Reserved(t, "US-EWR1", skus[0]))
		out := refund(released, "rf-1a", 500)
		require.True(t, out.Applied)
		got := r.Get(t, released.ID)
		require.Equal(t, order.PartiallyRefunded, got.PaymentStatus)
		require.Equal(t, order.Released, got.Status, "a part refund leaves the order standing")
		out = refund(released, "rf-1b", released.TotalMinor)
		require.Contains(t, out.Outcome, "order cancelled")
		got = r.Get(t, released.ID)
		require.Equal(t, order.Cancelled, got.Status)
		require.Equal(t, order.Refunded, got.PaymentStatus)
		require.Equal(t, released.TotalMinor, got.RefundedMinor)
		require.Equal(t, fulfilment.Cancelled, got.Fulfilments[0].Status, "the warehouse will not ship refunded goods")
		require.Zero(t, r.Reserved(t, "US-EWR1", skus[0]), "its stock went back")

		over := r.PaidOrder(t, "rf-2", flowtest.Line(skus[0], 1))
		out = refund(over, "rf-2a", 1_000_000_000_000)
		require.Contains(t, out.Outcome, "more than the 10.00 USD captured")
		got = r.Get(t, over.ID)
		require.Equal(t, order.OnHold, got.Status)
		require.Equal(t, order.Refunded, got.PaymentStatus)
		tasks, err := r.Tasks.List(r.Ctx, review.Filter{OrderID: over.ID})
		require.NoError(t, err)
		require.Len(t, tasks, 1)
		require.Equal(t, review.PaymentMismatch, tasks[0].Kind, "a person looks at it")

		paid := r.PaidOrder(t, "rf-3", flowtest.Line(skus[0], 1))
		got, err = r.Orders.Cancel(r.Ctx, paid.ID, "customer changed their mind")
		require.NoError(t, err)
		require.Equal(t, order.RefundDue, got.PaymentStatus)
		require.Equal(t, paid.TotalMinor, got.RefundDueMinor, "everything captured is owed back")
		refund(paid, "rf-3a", paid.TotalMinor)
		got = r.Get(t, paid.ID)
		require.Equal(t, order.Refunded, got.PaymentStatus)
		require.Equal(t, order.Cancelled, got.Status)

		unpaid := r.Accepted(t, flowtest.Request("rf-4", flowtest.Line(skus[0], 1)))
		out = refund(unpaid, "rf-4a", 300)
		require.Contains(t, out.Outcome, "before any capture")
		require.Equal(t, order.AwaitingPayment, r.Get(t, unpaid.ID).PaymentStatus, "a refund of nothing changes nothing")
		got, err = r.Orders.Cancel(r.Ctx, unpaid.ID, "abandoned")
		require.NoError(t, err)
		require.Equal(t, order.Voided, got.PaymentStatus)
		require.Zero(t, got.RefundDueMinor)
	})
}
