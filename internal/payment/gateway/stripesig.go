package gateway

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// HeaderStripeSignature carries Stripe's timestamp and signatures.
const HeaderStripeSignature = "Stripe-Signature"

// stripeKey accepts the endpoint secret as Stripe shows it ("whsec_..."); Stripe
// keys the HMAC with that string itself, prefix included, not its decoding.
func stripeKey(secret string) ([]byte, error) {
	if len(secret) < 16 || len(secret) > 256 || !isToken(secret) {
		return nil, errors.New("want the endpoint secret as Stripe shows it: 16-256 printable characters")
	}
	return []byte(secret), nil
}

// verifyStripe checks "t=<unix>,v1=<hex>[,v1=...][,v0=...]": one timestamp,
// at least one v1 signature, each compared in constant time with the HMAC of
// "t.body" under every key. v0 and unknown schemes are ignored, as Stripe's
// own libraries do; a v1 value that is not hex cannot match and is skipped.
// Unlike Stripe's libraries, timestamps too far ahead are refused as well.
func (v *Verifier) verifyStripe(h http.Header, body []byte) error {
	raw, err := oneHeader(h, HeaderStripeSignature, maxSignatureHeader)
	if err != nil {
		return err
	}
	var (
		tsRaw string
		sigs  [][]byte
		n     int
	)
	for item := range strings.SplitSeq(raw, ",") {
		if n++; n > maxSignatureEntries {
			return refuse(ErrMalformedHeader, "%s holds more than %d items", HeaderStripeSignature, maxSignatureEntries)
		}
		k, val, ok := strings.Cut(strings.TrimSpace(item), "=")
		switch {
		case !ok || k == "" || val == "":
			return refuse(ErrMalformedHeader, "%s items must be \"<key>=<value>\"", HeaderStripeSignature)
		case k == "t" && tsRaw != "":
			return refuse(ErrMalformedHeader, "%s has more than one timestamp", HeaderStripeSignature)
		case k == "t":
			tsRaw = val
		case k == "v1":
			if sig, err := hex.DecodeString(val); err == nil && len(sig) == sha256.Size {
				sigs = append(sigs, sig)
			}
		}
	}
	if tsRaw == "" {
		return refuse(ErrMalformedHeader, "%s has no t= timestamp", HeaderStripeSignature)
	}
	ts, ok := parseUnix(tsRaw)
	if !ok {
		return refuse(ErrMalformedHeader, "%s t= must be Unix seconds", HeaderStripeSignature)
	}
	if err := v.checkTimestamp(HeaderStripeSignature+" timestamp", ts); err != nil {
		return err
	}
	if len(sigs) == 0 {
		return refuse(ErrNoMatchingSignature, "%s holds no v1 signature", HeaderStripeSignature)
	}
	for _, key := range v.keys {
		want := stripeMAC(key, ts, body)
		for _, sig := range sigs {
			if hmac.Equal(want, sig) {
				return nil
			}
		}
	}
	return refuse(ErrNoMatchingSignature, "no %s v1 signature matches the body with this gateway's secret", HeaderStripeSignature)
}

// stripeMAC is Stripe's v1 signature: HMAC-SHA256 over "t.body".
func stripeMAC(key []byte, ts int64, body []byte) []byte {
	m := hmac.New(sha256.New, key)
	m.Write(strconv.AppendInt(nil, ts, 10))
	m.Write([]byte{'.'})
	m.Write(body)
	return m.Sum(nil)
}

// SignStripe returns the Stripe-Signature header for body as Stripe computes
// it, so tests and a local gateway simulator can post genuine Stripe events.
func SignStripe(secret string, ts time.Time, body []byte) http.Header {
	sig := stripeMAC([]byte(secret), ts.Unix(), body)
	h := http.Header{}
	h.Set(HeaderStripeSignature, "t="+strconv.FormatInt(ts.Unix(), 10)+",v1="+hex.EncodeToString(sig))
	return h
}
