package notify

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/clock"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/notify/smtptest"
)

// The senders' errors quote what the mail server and the SMS gateway said,
// and both echo the customer's contact data; what leaves a sender has it
// masked, with its kind (and Retry-After) intact for the job.
func TestNotifySendersRedactContactData(t *testing.T) {
	t.Parallel()
	clk := clock.NewFixed(time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC))
	r, err := NewRenderer()
	require.NoError(t, err)
	msg, err := r.Render(sample("en"))
	require.NoError(t, err)

	t.Run("smtp", func(t *testing.T) {
		srv := smtptest.Start(t)
		srv.Refuse(func(rcpt string) string { return "550 5.1.1 <" + rcpt + ">: Recipient address rejected" })
		s, err := NewSMTPSender(SMTPConfig{Host: srv.Host, Port: srv.Port, From: "shop@example.com", TLS: TLSNone, Timeout: 5 * time.Second}, clk)
		require.NoError(t, err)
		err = s.Send(context.Background(), "li.wei@example.com", msg, "k1")
		require.True(t, errs.Is(err, errs.Invalid), "a refused recipient is given up: %v", err)
		require.Contains(t, err.Error(), "l***@example.com")
		require.NotContains(t, err.Error(), "li.wei@example.com")

		err = s.Send(context.Background(), "li.wei@@example.com", msg, "k2")
		require.True(t, errs.Is(err, errs.Invalid))
		require.NotContains(t, err.Error(), "li.wei")
		require.Empty(t, srv.Messages())
	})
	t.Run("sms", func(t *testing.T) {
		for _, tc := range []struct {
			status int
			kind   errs.Kind
		}{{http.StatusServiceUnavailable, errs.Unavailable}, {http.StatusBadRequest, errs.Invalid}} {
			srv, _ := gateway(t, func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Retry-After", "30")
				http.Error(w, `{"error":"subscriber +8613812345678 (13812345678) unreachable"}`, tc.status)
			})
			_, err := newProvider(t, srv.URL, clk).SendSMS(context.Background(), "+8613812345678", msg.SMS, "k1")
			require.True(t, errs.Is(err, tc.kind), "%d: %v", tc.status, err)
			require.Contains(t, err.Error(), "+***78 (***78) unreachable")
			require.False(t, strings.Contains(err.Error(), "13812345678"), err.Error())
			if tc.kind == errs.Unavailable {
				after, ok := RetryAfter(err)
				require.True(t, ok)
				require.Equal(t, 30*time.Second, after, "Retry-After reads through the mask")
			}
		}
	})
}
