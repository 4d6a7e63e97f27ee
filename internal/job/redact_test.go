package job

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/errs"
)

// A handler's error that carries a customer's e-mail address or phone
// number (a provider's reply passed up unmasked) is masked before it is
// stored in last_error or logged, whether the job is retried or failed.
func TestFailureTextHidesContactData(t *testing.T) {
	each(t, Config{}, func(t *testing.T, b bundle) {
		var logs bytes.Buffer
		r := New(b.db, b.clk, slog.New(slog.NewJSONHandler(&logs, nil)), Config{})
		r.Handle("notify", func(_ context.Context, j Claimed) error {
			if j.Key == "refused" {
				return errs.Wrap(errs.Invalid, errors.New("550 5.1.1 <bob@example.com>: Recipient address rejected"), "refused")
			}
			return errors.New(`sms gateway: {"error":"+16502530000 unreachable"}`)
		})
		enqueue(t, b.db, Job{Kind: "notify", Key: "refused"}, Job{Kind: "notify", Key: "down"})
		require.Equal(t, 2, runDue(t, r))

		refused, down := load(t, b.db, "notify", "refused"), load(t, b.db, "notify", "down")
		require.Equal(t, "failed", refused.State)
		require.Equal(t, "refused: 550 5.1.1 <b***@example.com>: Recipient address rejected", refused.LastError)
		require.Equal(t, "queued", down.State)
		require.Equal(t, `sms gateway: {"error":"+***00 unreachable"}`, down.LastError)
		require.Contains(t, logs.String(), "b***@example.com", "the failure is logged")
		for _, secret := range []string{"bob@example.com", "6502530000"} {
			require.NotContains(t, logs.String(), secret)
		}
	})
}
