package gateway

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/errs"
)

func vectorHeader() http.Header {
	h := http.Header{}
	h.Set(HeaderWebhookID, vectorID)
	h.Set(HeaderWebhookTimestamp, "1614265330")
	h.Set(HeaderWebhookSignature, vectorSignature)
	return h
}

func TestStandardPublishedVector(t *testing.T) {
	b := setup(t)
	require.NoError(t, b.standard.Verify(vectorHeader(), []byte(vectorBody)))

	h, err := SignStandard(vectorSecret, vectorID, vectorTime, []byte(vectorBody))
	require.NoError(t, err)
	require.Equal(t, vectorSignature, h.Get(HeaderWebhookSignature))
	require.Equal(t, "1614265330", h.Get(HeaderWebhookTimestamp))
	require.Equal(t, vectorID, h.Get(HeaderWebhookID))
}

func TestStandardAccepts(t *testing.T) {
	for _, tc := range []struct {
		name   string
		header func(http.Header)
		offset time.Duration // clock moved by this after signing
	}{
		{"exact", nil, 0},
		{"just within tolerance, old", nil, DefaultTolerance},
		{"just within tolerance, new", nil, -DefaultTolerance},
		{"several signatures, one matches", func(h http.Header) {
			h.Set(HeaderWebhookSignature, "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= v1a,AAAA "+
				h.Get(HeaderWebhookSignature)+" v2,whatever")
		}, 0},
		{"extra spaces between signatures", func(h http.Header) {
			h.Set(HeaderWebhookSignature, "  "+h.Get(HeaderWebhookSignature)+"   v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= ")
		}, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := setup(t)
			h := vectorHeader()
			if tc.header != nil {
				tc.header(h)
			}
			b.clock.Advance(tc.offset)
			require.NoError(t, b.standard.Verify(h, []byte(vectorBody)))
		})
	}
}

func TestStandardRefusals(t *testing.T) {
	body := []byte(vectorBody)
	for _, tc := range []struct {
		name   string
		header func(http.Header)
		body   []byte
		offset time.Duration
		cause  error
	}{
		{"altered body", nil, []byte(`{"test": 2432232315}`), 0, ErrNoMatchingSignature},
		{"body with a trailing newline", nil, []byte(vectorBody + "\n"), 0, ErrNoMatchingSignature},
		{"altered timestamp", func(h http.Header) { h.Set(HeaderWebhookTimestamp, "1614265331") }, body, 0, ErrNoMatchingSignature},
		{"altered id", func(h http.Header) { h.Set(HeaderWebhookID, "msg_p5jXN8AQM9LWM0D4loKWxJel") }, body, 0, ErrNoMatchingSignature},
		{"bad signature", func(h http.Header) {
			h.Set(HeaderWebhookSignature, "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=")
		}, body, 0, ErrNoMatchingSignature},
		{"truncated signature", func(h http.Header) { h.Set(HeaderWebhookSignature, vectorSignature[:20]) }, body, 0, ErrMalformedHeader},
		{"right signature with junk after it", func(h http.Header) { h.Set(HeaderWebhookSignature, vectorSignature+",junk") }, body, 0, ErrMalformedHeader},
		{"signature not base64", func(h http.Header) { h.Set(HeaderWebhookSignature, "v1,!!!!") }, body, 0, ErrMalformedHeader},
		{"right signature, wrong version", func(h http.Header) {
			h.Set(HeaderWebhookSignature, strings.Replace(vectorSignature, "v1,", "v2,", 1))
		}, body, 0, ErrNoMatchingSignature},
		{"stale timestamp", nil, body, DefaultTolerance + time.Second, ErrStaleTimestamp},
		{"future timestamp", nil, body, -DefaultTolerance - time.Second, ErrFutureTimestamp},
		{"missing id", func(h http.Header) { h.Del(HeaderWebhookID) }, body, 0, ErrMissingHeader},
		{"missing timestamp", func(h http.Header) { h.Del(HeaderWebhookTimestamp) }, body, 0, ErrMissingHeader},
		{"missing signature", func(h http.Header) { h.Del(HeaderWebhookSignature) }, body, 0, ErrMissingHeader},
		{"empty signature", func(h http.Header) { h.Set(HeaderWebhookSignature, "") }, body, 0, ErrMissingHeader},
		{"only spaces", func(h http.Header) { h.Set(HeaderWebhookSignature, "   ") }, body, 0, ErrMissingHeader},
		{"signature without comma", func(h http.Header) { h.Set(HeaderWebhookSignature, "garbage") }, body, 0, ErrMalformedHeader},
		{"signature with empty part", func(h http.Header) { h.Set(HeaderWebhookSignature, "v1,") }, body, 0, ErrMalformedHeader},
		{"too many signatures", func(h http.Header) {
			h.Set(HeaderWebhookSignature, strings.Repeat("v1,AAAA ", 16)+vectorSignature)
		}, body, 0, ErrMalformedHeader},
		{"oversized signature header", func(h http.Header) {
			h.Set(HeaderWebhookSignature, vectorSignature+" v1,"+strings.Repeat("A", maxSignatureHeader))
		}, body, 0, ErrMalformedHeader},
		{"repeated signature header", func(h http.Header) { h.Add(HeaderWebhookSignature, vectorSignature) }, body, 0, ErrMalformedHeader},
		{"timestamp not a number", func(h http.Header) { h.Set(HeaderWebhookTimestamp, "yesterday") }, body, 0, ErrMalformedHeader},
		{"timestamp with sign", func(h http.Header) { h.Set(HeaderWebhookTimestamp, "+1614265330") }, body, 0, ErrMalformedHeader},
		{"timestamp with leading zero", func(h http.Header) { h.Set(HeaderWebhookTimestamp, "01614265330") }, body, 0, ErrMalformedHeader},
		{"timestamp in milliseconds", func(h http.Header) { h.Set(HeaderWebhookTimestamp, "1614265330000") }, body, 0, ErrMalformedHeader},
		{"timestamp overflowing int64", func(h http.Header) { h.Set(HeaderWebhookTimestamp, "99999999999999999999") }, body, 0, ErrMalformedHeader},
		{"id with a dot", func(h http.Header) { h.Set(HeaderWebhookID, "msg.1") }, body, 0, ErrMalformedHeader},
		{"id with a space", func(h http.Header) { h.Set(HeaderWebhookID, "msg 1") }, body, 0, ErrMalformedHeader},
		{"id too long", func(h http.Header) { h.Set(HeaderWebhookID, strings.Repeat("m", MaxIDLen+1)) }, body, 0, ErrMalformedHeader},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := setup(t)
			h := vectorHeader()
			if tc.header != nil {
				tc.header(h)
			}
			b.clock.Advance(tc.offset)
			requireRefused(t, b.standard.Verify(h, tc.body), tc.cause)
		})
	}
}

func TestStandardBodyLimits(t *testing.T) {
	b := setup(t)
	big := []byte(`{"pad":"` + strings.Repeat("x", MaxBodyBytes) + `"}`)
	h := signedStandard(t, vectorSecret, "msg_big", vectorTime, string(big))
	requireFields(t, b.standard.Verify(h, big), "body=too_long")
	requireFields(t, b.standard.Verify(vectorHeader(), nil), "body=required")

	exact := []byte(`"` + strings.Repeat("x", MaxBodyBytes-2) + `"`)
	h = signedStandard(t, vectorSecret, "msg_exact", vectorTime, string(exact))
	require.NoError(t, b.standard.Verify(h, exact))
}

func TestStandardRotation(t *testing.T) {
	clk := setup(t).clock
	rotating, err := New(Config{Gateway: "acme", Scheme: SchemeStandard, Secret: otherSecret, PreviousSecret: vectorSecret}, clk)
	require.NoError(t, err)
	rotated, err := New(Config{Gateway: "acme", Scheme: SchemeStandard, Secret: otherSecret}, clk)
	require.NoError(t, err)

	oldSigned := vectorHeader()
	newSigned := signedStandard(t, otherSecret, vectorID, vectorTime, vectorBody)
	both := vectorHeader()
	both.Set(HeaderWebhookSignature, oldSigned.Get(HeaderWebhookSignature)+" "+newSigned.Get(HeaderWebhookSignature))

	require.NoError(t, rotating.Verify(oldSigned, []byte(vectorBody)), "old secret accepted during rotation")
	require.NoError(t, rotating.Verify(newSigned, []byte(vectorBody)), "new secret accepted during rotation")
	require.NoError(t, rotated.Verify(both, []byte(vectorBody)), "sender signing with both keys")
	requireRefused(t, rotated.Verify(oldSigned, []byte(vectorBody)), ErrNoMatchingSignature)
	requireRefused(t, setup(t).standard.Verify(newSigned, []byte(vectorBody)), ErrNoMatchingSignature)
}

func TestSignStandardRefuses(t *testing.T) {
	for name, tc := range map[string]struct{ secret, id string }{
		"short secret":   {"whsec_c2hvcnQ=", "msg_1"},
		"not base64":     {"whsec_!!!", "msg_1"},
		"id with dot":    {vectorSecret, "a.b"},
		"empty id":       {vectorSecret, ""},
		"id with spaces": {vectorSecret, "a b"},
	} {
		_, err := SignStandard(tc.secret, tc.id, vectorTime, []byte("{}"))
		require.Error(t, err, name)
	}
}

func TestNewRefusesBadConfig(t *testing.T) {
	clk := setup(t).clock
	for _, tc := range []struct {
		name string
		cfg  Config
		want []string
	}{
		{"no gateway", Config{Scheme: SchemeStandard, Secret: vectorSecret}, []string{"gateway=invalid_format"}},
		{"unknown scheme", Config{Gateway: "x", Scheme: "paypal", Secret: vectorSecret}, []string{"scheme=unknown_value"}},
		{"short standard secret", Config{Gateway: "x", Scheme: SchemeStandard, Secret: "whsec_c2hvcnQ="}, []string{"secret=invalid_format"}},
		{"missing secret", Config{Gateway: "x", Scheme: SchemeStripe}, []string{"secret=invalid_format"}},
		{"bad previous secret", Config{Gateway: "x", Scheme: SchemeStandard, Secret: vectorSecret, PreviousSecret: "nope"},
			[]string{"previous_secret=invalid_format"}},
		{"negative tolerance", Config{Gateway: "x", Scheme: SchemeStripe, Secret: stripeSecret, Tolerance: -time.Second},
			[]string{"tolerance=out_of_range"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := New(tc.cfg, clk)
			requireFields(t, err, tc.want...)
		})
	}
	_, err := New(Config{Gateway: "x", Scheme: SchemeStripe, Secret: stripeSecret}, nil)
	require.Equal(t, errs.Invalid, errs.KindOf(err))
}

func TestStandardCustomTolerance(t *testing.T) {
	clk := setup(t).clock
	v, err := New(Config{Gateway: "acme", Scheme: SchemeStandard, Secret: vectorSecret, Tolerance: 30 * time.Second}, clk)
	require.NoError(t, err)
	clk.Advance(30 * time.Second)
	require.NoError(t, v.Verify(vectorHeader(), []byte(vectorBody)))
	clk.Advance(time.Second)
	requireRefused(t, v.Verify(vectorHeader(), []byte(vectorBody)), ErrStaleTimestamp)
}
