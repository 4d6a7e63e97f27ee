package gateway

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// A fixed Stripe vector, computed outside Go with
//
//	printf '%s' '1614265330.{"id":"evt_test_webhook","object":"event"}' |
//	  openssl dgst -sha256 -hmac 'whsec_test_secret_0123456789abcdef'
const (
	stripeVectorBody = `{"id":"evt_test_webhook","object":"event"}`
	stripeVectorSig  = "247e1bc25326a46ff43e4094832d16f60e7cf74c1c8850133d49af7920fad363"
)

// stripeDocSign computes a signature the way Stripe's documentation
// describes it, independently of the package: hex(HMAC-SHA256(secret, "t.body")).
func stripeDocSign(secret string, ts int64, body string) string {
	m := hmac.New(sha256.New, []byte(secret))
	fmt.Fprintf(m, "%d.%s", ts, body)
	return hex.EncodeToString(m.Sum(nil))
}

func stripeHeader(value string) http.Header {
	h := http.Header{}
	h.Set(HeaderStripeSignature, value)
	return h
}

func TestStripeFixedVector(t *testing.T) {
	b := setup(t)
	require.Equal(t, stripeVectorSig, stripeDocSign(stripeSecret, vectorTimestamp, stripeVectorBody))
	h := stripeHeader("t=1614265330,v1=" + stripeVectorSig)
	require.NoError(t, b.stripe.Verify(h, []byte(stripeVectorBody)))
	require.Equal(t, h, SignStripe(stripeSecret, vectorTime, []byte(stripeVectorBody)))
}

func TestStripeAccepts(t *testing.T) {
	good := stripeDocSign(stripeSecret, vectorTimestamp, stripeVectorBody)
	other := stripeDocSign(stripeSecret2, vectorTimestamp, stripeVectorBody)
	for _, tc := range []struct {
		name, header string
		offset       time.Duration
	}{
		{"documented form", "t=1614265330,v1=" + good, 0},
		{"with v0 and a second v1", "t=1614265330,v1=" + other + ",v1=" + good + ",v0=" + other, 0},
		{"timestamp last", "v1=" + good + ",t=1614265330", 0},
		{"unknown scheme ignored", "t=1614265330,v2=abc,v1=" + good, 0},
		{"non-hex v1 skipped", "t=1614265330,v1=zz,v1=" + good, 0},
		{"old within tolerance", "t=1614265330,v1=" + good, 300 * time.Second},
		{"new within tolerance", "t=1614265330,v1=" + good, -300 * time.Second},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := setup(t)
			b.clock.Advance(tc.offset)
			require.NoError(t, b.stripe.Verify(stripeHeader(tc.header), []byte(stripeVectorBody)))
		})
	}
}

func TestStripeRefusals(t *testing.T) {
	good := stripeDocSign(stripeSecret, vectorTimestamp, stripeVectorBody)
	wrongSecret := stripeDocSign(stripeSecret2, vectorTimestamp, stripeVectorBody)
	body := []byte(stripeVectorBody)
	for _, tc := range []struct {
		name   string
		header http.Header
		body   []byte
		offset time.Duration
		cause  error
	}{
		{"altered body", stripeHeader("t=1614265330,v1=" + good), []byte(`{"id":"evt_test_webhook","object":"evenT"}`), 0, ErrNoMatchingSignature},
		{"altered timestamp", stripeHeader("t=1614265331,v1=" + good), body, 0, ErrNoMatchingSignature},
		{"wrong secret", stripeHeader("t=1614265330,v1=" + wrongSecret), body, 0, ErrNoMatchingSignature},
		{"only v0", stripeHeader("t=1614265330,v0=" + good), body, 0, ErrNoMatchingSignature},
		{"upper-case v1 scheme", stripeHeader("t=1614265330,V1=" + good), body, 0, ErrNoMatchingSignature},
		{"truncated v1", stripeHeader("t=1614265330,v1=" + good[:62]), body, 0, ErrNoMatchingSignature},
		{"stale", stripeHeader("t=1614265330,v1=" + good), body, 301 * time.Second, ErrStaleTimestamp},
		{"future", stripeHeader("t=1614265330,v1=" + good), body, -301 * time.Second, ErrFutureTimestamp},
		{"missing header", http.Header{}, body, 0, ErrMissingHeader},
		{"empty header", stripeHeader(""), body, 0, ErrMissingHeader},
		{"no timestamp", stripeHeader("v1=" + good), body, 0, ErrMalformedHeader},
		{"two timestamps", stripeHeader("t=1614265330,t=1614265330,v1=" + good), body, 0, ErrMalformedHeader},
		{"timestamp not a number", stripeHeader("t=now,v1=" + good), body, 0, ErrMalformedHeader},
		{"negative timestamp", stripeHeader("t=-1,v1=" + good), body, 0, ErrMalformedHeader},
		{"item without =", stripeHeader("t=1614265330,v1"), body, 0, ErrMalformedHeader},
		{"trailing comma", stripeHeader("t=1614265330,v1=" + good + ","), body, 0, ErrMalformedHeader},
		{"empty value", stripeHeader("t=,v1=" + good), body, 0, ErrMalformedHeader},
		{"garbage", stripeHeader("Bearer abc"), body, 0, ErrMalformedHeader},
		{"too many items", stripeHeader("t=1614265330" + strings.Repeat(",v0=00", 16) + ",v1=" + good), body, 0, ErrMalformedHeader},
		{"oversized", stripeHeader("t=1614265330,v1=" + good + ",x=" + strings.Repeat("a", maxSignatureHeader)), body, 0, ErrMalformedHeader},
		{"repeated header", http.Header{HeaderStripeSignature: {"t=1614265330,v1=" + good, "t=1614265330,v1=" + good}}, body, 0, ErrMalformedHeader},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := setup(t)
			b.clock.Advance(tc.offset)
			requireRefused(t, b.stripe.Verify(tc.header, tc.body), tc.cause)
		})
	}
}

func TestStripeRotation(t *testing.T) {
	clk := setup(t).clock
	v, err := New(Config{Gateway: "stripe", Scheme: SchemeStripe, Secret: stripeSecret2, PreviousSecret: stripeSecret}, clk)
	require.NoError(t, err)
	body := []byte(stripeVectorBody)
	require.NoError(t, v.Verify(SignStripe(stripeSecret, vectorTime, body), body), "previous secret")
	require.NoError(t, v.Verify(SignStripe(stripeSecret2, vectorTime, body), body), "current secret")
	requireRefused(t, setup(t).stripe.Verify(SignStripe(stripeSecret2, vectorTime, body), body), ErrNoMatchingSignature)
}

func TestStripeBodyLimit(t *testing.T) {
	b := setup(t)
	big := []byte(strings.Repeat(" ", MaxBodyBytes+1))
	requireFields(t, b.stripe.Verify(SignStripe(stripeSecret, vectorTime, big), big), "body=too_long")
}
