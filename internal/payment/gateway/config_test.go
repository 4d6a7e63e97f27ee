package gateway

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/clock"
	"github.com/waybill/waybill/internal/errs"
)

func TestParseGatewayConfig(t *testing.T) {
	got, err := ParseConfig(" shop=standard:" + vectorSecret + " , stripe=stripe:" + stripeSecret + ":whsec_old_secret_0123456789")
	require.NoError(t, err)
	require.Equal(t, map[string]Config{
		"shop":   {Gateway: "shop", Scheme: SchemeStandard, Secret: vectorSecret},
		"stripe": {Gateway: "stripe", Scheme: SchemeStripe, Secret: stripeSecret, PreviousSecret: "whsec_old_secret_0123456789"},
	}, got)
	verifiers, err := NewVerifiers(got, clock.NewFixed(vectorTime))
	require.NoError(t, err)
	require.Equal(t, "stripe", verifiers["stripe"].Gateway())

	none, err := ParseConfig("  ")
	require.NoError(t, err)
	require.Empty(t, none)

	for _, tc := range []struct{ in, field, code string }{
		{"shop", "gateways[0]", errs.CodeFormat},
		{"shop=standard", "gateways[0]", errs.CodeFormat},
		{"=standard:" + vectorSecret, "gateways[0]", errs.CodeFormat},
		{"shop=standard:" + vectorSecret + ",", "gateways[1]", errs.CodeFormat},
		{"sh op=standard:" + vectorSecret, "gateways[0]", errs.CodeFormat},
		{"a/b=standard:" + vectorSecret, "gateways[0]", errs.CodeFormat},
		{"shop=paypal:" + vectorSecret, "gateways[0]", errs.CodeUnknown},
		{"shop=standard:", "gateways[0]", errs.CodeRequired},
		{"shop=standard:" + vectorSecret + ":", "gateways[0]", errs.CodeRequired},
		{"shop=standard:a:b:c", "gateways[0]", errs.CodeFormat},
		{"shop=standard:" + vectorSecret + ",shop=stripe:" + stripeSecret, "gateways[1]", errs.CodeDuplicate},
	} {
		_, err := ParseConfig(tc.in)
		require.Error(t, err, tc.in)
		require.Equal(t, errs.Invalid, errs.KindOf(err), tc.in)
		fields := errs.FieldsOf(err)
		require.Len(t, fields, 1, "%s: %v", tc.in, err)
		require.Equal(t, tc.field, fields[0].Path, tc.in)
		require.Equal(t, tc.code, fields[0].Code, tc.in)
		require.NotContains(t, err.Error(), "whsec_", "an error never shows a secret")
	}

	// The secret itself is checked when the verifiers are built.
	bad, err := ParseConfig("shop=standard:whsec_tooshort")
	require.NoError(t, err)
	_, err = NewVerifiers(bad, clock.NewFixed(vectorTime))
	require.Error(t, err)
	require.NotContains(t, err.Error(), "whsec_tooshort")
}

// FuzzParseGatewayConfig: any setting is parsed or refused as invalid, never
// echoes a secret it was given, and what parses makes sense.
func FuzzParseGatewayConfig(f *testing.F) {
	f.Add("shop=standard:" + vectorSecret + ",stripe=stripe:" + stripeSecret)
	f.Add("a=stripe:x:y")
	f.Add(",,=:")
	f.Add("sameasthename=bogus:sameasthename") // the name spells the secret, and the error names the gateway
	f.Fuzz(func(t *testing.T, s string) {
		cfgs, err := ParseConfig(s)
		if err != nil {
			require.Equal(t, errs.Invalid, errs.KindOf(err))
			for entry := range strings.SplitSeq(s, ",") {
				name, rest, _ := strings.Cut(entry, "=")
				// An error names the entry's gateway, which may happen to spell its secret too.
				if _, secrets, ok := strings.Cut(rest, ":"); ok && len(secrets) >= 12 && !strings.Contains(name, secrets) {
					require.NotContains(t, err.Error(), secrets, "an error never shows a secret")
				}
			}
			return
		}
		for name, c := range cfgs {
			require.Equal(t, name, c.Gateway)
			require.NotEmpty(t, c.Secret)
			require.True(t, c.Scheme == SchemeStandard || c.Scheme == SchemeStripe)
			require.False(t, strings.ContainsAny(name, " /,="))
		}
	})
}
