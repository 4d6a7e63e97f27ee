package httpcarrier

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/waybill/waybill/internal/errs"
)

// SignatureHeader carries a webhook's timestamp and signatures.
const SignatureHeader = "Parcelway-Signature"

// SignatureTolerance is how far a webhook's signed timestamp may be from
// the clock, either way: a delivery replayed later, or one signed by a
// clock far ahead, is refused.
const SignatureTolerance = 5 * time.Minute

// Bounds on the signature header, so a hostile caller cannot make the
// check do much work.
const (
	maxSignatureHeader = 1024
	maxSignatureItems  = 8
)

// checkSignature verifies "t=<unix>,v1=<hex>[,v1=<hex>...]": one timestamp
// within SignatureTolerance of the clock, and at least one v1 that is the
// HMAC-SHA256 of "<t>.<body>" under the webhook secret, compared in
// constant time. Several v1 entries are allowed while Parcelway rolls the
// secret; other schemes are ignored. Every failure is errs.Unauthorized.
func (c *Client) checkSignature(h http.Header, body []byte) error {
	refuse := func(why string) error {
		return errs.E(errs.Unauthorized, "webhook from carrier %s refused: %s", c.cfg.Code, why)
	}
	values := h.Values(SignatureHeader)
	switch {
	case len(values) == 0:
		return refuse("no " + SignatureHeader + " header")
	case len(values) > 1 || len(values[0]) > maxSignatureHeader:
		return refuse("a malformed " + SignatureHeader + " header")
	}
	var (
		stamp string
		sigs  [][]byte
	)
	for i, item := range strings.Split(values[0], ",") {
		k, v, ok := strings.Cut(strings.TrimSpace(item), "=")
		switch {
		case i >= maxSignatureItems || !ok || (k == "t" && stamp != ""):
			return refuse("a malformed " + SignatureHeader + " header")
		case k == "t":
			stamp = v
		case k == "v1":
			if sig, err := hex.DecodeString(v); err == nil && len(sig) == sha256.Size {
				sigs = append(sigs, sig)
			}
		}
	}
	unix, err := strconv.ParseInt(stamp, 10, 64)
	if err != nil {
		return refuse("the signature has no t= timestamp in Unix seconds")
	}
	switch age := c.cfg.Clock.Now().Sub(time.Unix(unix, 0)); {
	case age > SignatureTolerance:
		return refuse("the signature is stale (signed " + age.Truncate(time.Second).String() + " ago)")
	case age < -SignatureTolerance:
		return refuse("the signature is dated in the future")
	}
	mac := hmac.New(sha256.New, []byte(c.cfg.WebhookSecret))
	mac.Write([]byte(stamp + "."))
	mac.Write(body)
	want := mac.Sum(nil)
	for _, sig := range sigs {
		if hmac.Equal(want, sig) {
			return nil
		}
	}
	return refuse("no v1 signature matches the body under the webhook secret")
}
