package gateway

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/waybill/waybill/internal/clock"
	"github.com/waybill/waybill/internal/errs"
)

// ParseConfig reads the payment gateways from one setting, so an
// operator configures them in an environment variable:
//
//	WAYBILL_GATEWAYS="shop=standard:whsec_AAA…,stripe=stripe:whsec_BBB…"
//
// Entries are separated by commas; each is name=scheme:secret, optionally
// followed by :previous_secret while a secret is being rotated (neither
// base64 nor Stripe's secrets contain ':' or ','). An empty setting means no
// gateways. Errors name the entry by position and gateway, never the secret.
// The secrets themselves are checked by NewVerifiers.
func ParseConfig(s string) (map[string]Config, error) {
	out := map[string]Config{}
	if strings.TrimSpace(s) == "" {
		return out, nil
	}
	var f errs.Fields
	for i, entry := range strings.Split(s, ",") {
		path := fmt.Sprintf("gateways[%d]", i)
		name, rest, ok := strings.Cut(strings.TrimSpace(entry), "=")
		name = strings.TrimSpace(name)
		parts := strings.Split(rest, ":")
		switch {
		case !ok || name == "" || len(parts) < 2 || len(parts) > 3:
			f.Add(path, errs.CodeFormat, "%s must be name=scheme:secret or name=scheme:secret:previous_secret", path)
			continue
		case len(name) > 64 || strings.ContainsAny(name, " \t/?#%") || !isPrintableASCII(name):
			f.Add(path, errs.CodeFormat, "%s: the gateway name must be 1-64 printable ASCII characters, no spaces or URL delimiters", path)
			continue
		case out[name].Gateway != "":
			f.Add(path, errs.CodeDuplicate, "%s: gateway %q is configured twice", path, name)
			continue
		}
		cfg := Config{Gateway: name, Scheme: Scheme(parts[0]), Secret: parts[1]}
		if len(parts) == 3 {
			cfg.PreviousSecret = parts[2]
		}
		switch {
		case cfg.Scheme != SchemeStandard && cfg.Scheme != SchemeStripe:
			f.Add(path, errs.CodeUnknown, "%s: gateway %q: scheme must be %s or %s", path, name, SchemeStandard, SchemeStripe)
		case cfg.Secret == "" || len(parts) == 3 && cfg.PreviousSecret == "":
			f.Add(path, errs.CodeRequired, "%s: gateway %q: the secret is empty", path, name)
		default:
			out[name] = cfg
		}
	}
	if err := f.Err(); err != nil {
		return nil, fmt.Errorf("payment gateways: %w", err)
	}
	return out, nil
}

// NewVerifiers builds a verifier per configured gateway on clk, refusing a
// bad secret at start-up rather than failing every event later; its result
// is what payment.Register takes.
func NewVerifiers(cfgs map[string]Config, clk clock.Clock) (map[string]*Verifier, error) {
	out := make(map[string]*Verifier, len(cfgs))
	for _, name := range slices.Sorted(maps.Keys(cfgs)) {
		cfg := cfgs[name]
		if cfg.Gateway == "" {
			cfg.Gateway = name
		}
		if cfg.Gateway != name {
			return nil, errs.E(errs.Invalid, "payment gateway %q is configured under the name %q", cfg.Gateway, name)
		}
		v, err := New(cfg, clk)
		if err != nil {
			return nil, err
		}
		out[name] = v
	}
	return out, nil
}

func isPrintableASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] <= ' ' || s[i] > '~' {
			return false
		}
	}
	return true
}
