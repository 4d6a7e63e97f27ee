package gateway

import (
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/clock"
	"github.com/waybill/waybill/internal/errs"
)

// The published Standard Webhooks test vector (specification libraries'
// tests): this secret, id, timestamp and body give this signature.
const (
	vectorSecret    = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
	vectorID        = "msg_p5jXN8AQM9LWM0D4loKWxJek"
	vectorTimestamp = 1614265330
	vectorBody      = `{"test": 2432232314}`
	vectorSignature = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
)

// Other secrets: a second Standard secret for rotation, and Stripe ones.
const (
	otherSecret   = "whsec_c2Vjb25kLXNlY3JldC1mb3Itcm90YXRpb24tdGVzdHM=" // "second-secret-for-rotation-tests"
	stripeSecret  = "whsec_test_secret_0123456789abcdef"
	stripeSecret2 = "whsec_test_secret_fedcba9876543210"
)

// vectorTime is the clock's time in every test: the vector's timestamp.
var vectorTime = time.Unix(vectorTimestamp, 0).UTC()

// bundle is what a test needs: a verifier for each scheme and their clock.
type bundle struct {
	clock    *clock.Fixed
	standard *Verifier
	stripe   *Verifier
}

// setup returns verifiers on a clock stopped at the vector's timestamp.
func setup(t testing.TB) bundle {
	t.Helper()
	clk := clock.NewFixed(vectorTime)
	std, err := New(Config{Gateway: "acme", Scheme: SchemeStandard, Secret: vectorSecret}, clk)
	require.NoError(t, err)
	str, err := New(Config{Gateway: "stripe", Scheme: SchemeStripe, Secret: stripeSecret}, clk)
	require.NoError(t, err)
	return bundle{clock: clk, standard: std, stripe: str}
}

// signedStandard returns vector-style headers for body at ts, signed with secret.
func signedStandard(t testing.TB, secret, id string, ts time.Time, body string) http.Header {
	t.Helper()
	h, err := SignStandard(secret, id, ts, []byte(body))
	require.NoError(t, err)
	return h
}

// requireRefused checks that err is Unauthorized because of cause.
func requireRefused(t *testing.T, err error, cause error) {
	t.Helper()
	require.Error(t, err)
	require.Equal(t, errs.Unauthorized, errs.KindOf(err), "kind of %v", err)
	require.True(t, errors.Is(err, cause), "want cause %v, got %v", cause, err)
}

// requireFields checks that err is Invalid and names exactly these
// path=code pairs, in any order.
func requireFields(t *testing.T, err error, want ...string) {
	t.Helper()
	require.Error(t, err)
	require.Equal(t, errs.Invalid, errs.KindOf(err), "kind of %v", err)
	var got []string
	for _, f := range errs.FieldsOf(err) {
		got = append(got, f.Path+"="+f.Code)
	}
	require.ElementsMatch(t, want, got, "fields of %v", err)
}
