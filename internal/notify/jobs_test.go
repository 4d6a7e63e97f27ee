package notify_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/clock"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/db/dbtest"
	"github.com/waybill/waybill/internal/flowtest"
	"github.com/waybill/waybill/internal/job"
	"github.com/waybill/waybill/internal/order"
)

// A mail server that refuses the address and an SMS gateway that echoes the
// number, first in a 503 and then in a final 400: the e-mail job fails, the
// SMS job retries and fails, and neither the address nor the number is in
// jobs.last_error or the log, where only their masked forms are.
func TestNotifyErrorsHideContactData(t *testing.T) {
	dbtest.EachAt(t, time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC), func(t *testing.T, d *db.DB, clk *clock.Fixed) {
		r := newNotifyRig(t, d, clk)
		r.smtp.Refuse(func(rcpt string) string { return "550 5.1.1 <" + rcpt + ">: Recipient address rejected" })
		r.sms.Answer(func(n int) (int, string) {
			if n == 1 {
				return http.StatusServiceUnavailable, `{"error":"` + phone + ` is not reachable now"}`
			}
			return http.StatusBadRequest, `{"error":"number ` + phone + ` (` + phone[2:] + `) is blocked"}`
		})
		o := r.COD(t, "redact-1", flowtest.Line(r.SKUs[0], 1))
		r.run(t)

		key := o.ID + ":confirmation"
		got := r.jobs(t)
		require.Len(t, got, 2)
		require.Equal(t, []string{"notify.email", key, "failed"}, []string{got[0].Kind, got[0].Key, got[0].State})
		require.Contains(t, got[0].LastError, "the mail server refused the message for good (550)")
		require.Contains(t, got[0].LastError, "5.1.1 <a***@example.com>: Recipient address rejected")
		require.Equal(t, jobRow{"notify.sms", key, "failed",
			`the SMS gateway rejected the message (400): {"error":"number +***00 (***00) is blocked"}`}, got[1])
		require.Len(t, r.sms.Calls(), 2, "the 503 was retried")
		logs := r.logs.String()
		require.Contains(t, logs, "a***@example.com", "the failures are logged")
		require.Contains(t, logs, "+***00")
		for _, secret := range []string{email, phone, phone[2:]} {
			require.NotContains(t, logs, secret)
			for _, j := range got {
				require.NotContains(t, j.LastError, secret)
			}
		}
	})
}

// A permanently refused e-mail does not stop the SMS, which goes exactly once.
func TestNotifyRefusedEmailStillSendsSMS(t *testing.T) {
	dbtest.EachAt(t, time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC), func(t *testing.T, d *db.DB, clk *clock.Fixed) {
		r := newNotifyRig(t, d, clk)
		r.smtp.Refuse(func(rcpt string) string { return "550 5.1.1 <" + rcpt + ">: no such user" })
		o := r.COD(t, "refused-1", flowtest.Line(r.SKUs[0], 1))
		r.run(t)

		key := o.ID + ":confirmation"
		got := r.jobs(t)
		require.Len(t, got, 2)
		require.Equal(t, "failed", got[0].State, "the e-mail is given up at once")
		require.Equal(t, jobRow{"notify.sms", key, "done", ""}, got[1])
		calls := r.sms.Calls()
		require.Len(t, calls, 1, "the SMS is sent exactly once")
		require.Equal(t, phone, calls[0].To)
		require.Contains(t, calls[0].Text, o.Number)
		require.Empty(t, r.smtp.Messages())
	})
}

// An SMS gateway that answers 503 and then 200: the SMS is retried under
// the same reference, and the e-mail, which went through at once, is not
// sent again.
func TestNotifySMSRetryDoesNotResendEmail(t *testing.T) {
	dbtest.EachAt(t, time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC), func(t *testing.T, d *db.DB, clk *clock.Fixed) {
		r := newNotifyRig(t, d, clk)
		r.sms.Answer(func(n int) (int, string) {
			if n == 1 {
				return http.StatusServiceUnavailable, `{"error":"try again"}`
			}
			return http.StatusOK, `{"id":"sms_1"}`
		})
		o := r.COD(t, "retry-1", flowtest.Line(r.SKUs[0], 1))
		r.run(t)

		key := o.ID + ":confirmation"
		require.Equal(t, []jobRow{{"notify.email", key, "done", ""}, {"notify.sms", key, "done", ""}}, r.jobs(t))
		calls := r.sms.Calls()
		require.Len(t, calls, 2)
		require.Equal(t, calls[0].Reference, calls[1].Reference, "the retry carries the same idempotency key")
		mails := r.smtp.Messages()
		require.Len(t, mails, 1, "the e-mail went once")
		require.Equal(t, []string{email}, mails[0].To)
		require.Contains(t, mails[0].Data, o.Number)
	})
}

// A cancel sends the cancellation notice on both channels; jobs of the old
// kinds that sent every channel in one job, still queued after an upgrade,
// fan out into the per-channel jobs, and fanning out twice adds nothing.
func TestNotifyCancellationAndOldKinds(t *testing.T) {
	dbtest.EachAt(t, time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC), func(t *testing.T, d *db.DB, clk *clock.Fixed) {
		r := newNotifyRig(t, d, clk)
		o := r.COD(t, "old-1", flowtest.Line(r.SKUs[0], 1))
		require.NoError(t, d.Write(r.Ctx, func(tx *db.Tx) error {
			// As an older version left it: one job per message, keyed by the order.
			if _, err := tx.ExecContext(r.Ctx, `DELETE FROM jobs WHERE kind LIKE 'notify.%'`); err != nil {
				return err
			}
			return job.Enqueue(r.Ctx, tx, must(t, order.ConfirmationJob{OrderID: o.ID}, o.ID))
		}))
		r.run(t)
		require.Len(t, r.smtp.Messages(), 1)
		require.Len(t, r.sms.Calls(), 1)

		require.NoError(t, d.Write(r.Ctx, func(tx *db.Tx) error {
			// A confirmation run again (a retried fan-out) finds its jobs there.
			return job.Enqueue(r.Ctx, tx, must(t, order.ConfirmationJob{OrderID: o.ID}, o.ID+"@again"))
		}))
		r.run(t)
		require.Len(t, r.smtp.Messages(), 1, "nothing is sent twice")
		require.Len(t, r.sms.Calls(), 1)

		_, err := r.Orders.Cancel(r.Ctx, o.ID, "the customer asked")
		require.NoError(t, err)
		r.run(t)
		mails := r.smtp.Messages()
		require.Len(t, mails, 2)
		require.Contains(t, mails[1].Data, "has been cancelled")
		require.Len(t, r.sms.Calls(), 2)
		cancelled := o.ID + ":cancellation"
		got := r.jobs(t)
		require.Contains(t, got, jobRow{"notify.email", cancelled, "done", ""})
		require.Contains(t, got, jobRow{"notify.sms", cancelled, "done", ""})
		for _, j := range got {
			require.Equal(t, "done", j.State, j)
		}
	})
}
