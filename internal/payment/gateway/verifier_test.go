package gateway

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/errs"
)

func TestReceive(t *testing.T) {
	b := setup(t)
	stripeBody := stripeEventJSON("payment_intent.succeeded", stripeIntent)
	for _, tc := range []struct {
		name    string
		v       *Verifier
		sign    func(body string) map[string][]string
		body    string
		kind    errs.Kind // "" for success
		cause   error
		gateway string
	}{
		{"standard, generic body", b.standard, func(s string) map[string][]string {
			return signedStandard(t, vectorSecret, "msg_1", vectorTime, s)
		}, genericPaid, "", nil, "acme"},
		{"stripe", b.stripe, func(s string) map[string][]string {
			return SignStripe(stripeSecret, vectorTime, []byte(s))
		}, stripeBody, "", nil, "stripe"},
		{"standard verifier, stripe headers", b.standard, func(s string) map[string][]string {
			return SignStripe(stripeSecret, vectorTime, []byte(s))
		}, genericPaid, errs.Unauthorized, ErrMissingHeader, ""},
		{"stripe verifier, standard headers", b.stripe, func(s string) map[string][]string {
			return signedStandard(t, vectorSecret, "msg_1", vectorTime, s)
		}, stripeBody, errs.Unauthorized, ErrMissingHeader, ""},
		{"signed but invalid body", b.standard, func(s string) map[string][]string {
			return signedStandard(t, vectorSecret, "msg_1", vectorTime, s)
		}, strings.Replace(genericPaid, `"EUR"`, `"EURO"`, 1), errs.Invalid, nil, ""},
		{"signed stripe body in the generic format", b.stripe, func(s string) map[string][]string {
			return SignStripe(stripeSecret, vectorTime, []byte(s))
		}, genericPaid, errs.Invalid, nil, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ev, err := tc.v.Receive(tc.sign(tc.body), []byte(tc.body))
			if tc.kind == "" {
				require.NoError(t, err)
				require.Equal(t, tc.gateway, ev.Gateway)
				require.Equal(t, KindPaid, ev.Kind)
				require.Equal(t, tc.body, string(ev.Raw))
				return
			}
			require.Equal(t, tc.kind, errs.KindOf(err), "%v", err)
			if tc.cause != nil {
				requireRefused(t, err, tc.cause)
			}
			require.Equal(t, Event{}, ev)
		})
	}
	require.Equal(t, "acme", b.standard.Gateway())
}

func TestRefusalMessagesSayWhichCheckFailed(t *testing.T) {
	b := setup(t)
	b.clock.Advance(DefaultTolerance + 12*time.Second)
	err := b.standard.Verify(vectorHeader(), []byte(vectorBody))
	require.ErrorContains(t, err, "webhook-timestamp is 312s old; the tolerance is 5m0s")
	var e *errs.Error
	require.ErrorAs(t, err, &e)
	require.NotContains(t, e.Message, "g0hM9SsE", "never echo a signature")
}
