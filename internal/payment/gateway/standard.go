package gateway

import (
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	standardwebhooks "github.com/standard-webhooks/standard-webhooks/libraries/go"
)

// The Standard Webhooks headers, as the specification names them.
const (
	HeaderWebhookID        = "webhook-id"
	HeaderWebhookTimestamp = "webhook-timestamp"
	HeaderWebhookSignature = "webhook-signature"
)

// Bounds on the signature header: enough for a few rotated v1 and v1a
// signatures, small enough that garbage costs nothing to refuse.
const (
	maxSignatureHeader  = 4096
	maxSignatureEntries = 16
)

// verifyStandard checks the three headers and tries every v1 signature
// against every key. The reference library computes and compares the HMAC
// (in constant time); it is told to skip its own timestamp check because
// that one reads the wall clock, and ours reads the injected one.
func (v *Verifier) verifyStandard(h http.Header, body []byte) error {
	id, err := oneHeader(h, HeaderWebhookID, MaxIDLen)
	if err != nil {
		return err
	}
	tsRaw, err := oneHeader(h, HeaderWebhookTimestamp, 64)
	if err != nil {
		return err
	}
	sigRaw, err := oneHeader(h, HeaderWebhookSignature, maxSignatureHeader)
	if err != nil {
		return err
	}
	if !validMsgID(id) {
		return refuse(ErrMalformedHeader, "%s must be printable ASCII without spaces or '.'", HeaderWebhookID)
	}
	ts, ok := parseUnix(tsRaw)
	if !ok {
		return refuse(ErrMalformedHeader, "%s must be Unix seconds", HeaderWebhookTimestamp)
	}
	v1, err := standardSignatures(sigRaw)
	if err != nil {
		return err
	}
	if err := v.checkTimestamp(HeaderWebhookTimestamp, ts); err != nil {
		return err
	}
	if len(v1) == 0 {
		return refuse(ErrNoMatchingSignature, "%s holds no v1 signature", HeaderWebhookSignature)
	}
	clean := http.Header{}
	clean.Set(HeaderWebhookID, id)
	clean.Set(HeaderWebhookTimestamp, tsRaw)
	clean.Set(HeaderWebhookSignature, strings.Join(v1, " "))
	for _, key := range v.keys {
		wh, _ := standardwebhooks.NewWebhookRaw(key) // never fails
		switch err := wh.VerifyIgnoringTimestamp(body, clean); {
		case err == nil:
			return nil
		case !errors.Is(err, standardwebhooks.ErrNoMatchingSignature):
			return refuse(ErrMalformedHeader, "%v", err)
		}
	}
	return refuse(ErrNoMatchingSignature, "no %s entry matches the body with this gateway's secret", HeaderWebhookSignature)
}

// standardSignatures splits the space-separated "version,signature" list
// and keeps the v1 entries; other versions (v1a, future ones) are skipped,
// as the specification asks. An entry without a comma is garbage.
func standardSignatures(raw string) ([]string, error) {
	var v1 []string
	n := 0
	for entry := range strings.SplitSeq(raw, " ") {
		if entry == "" {
			continue
		}
		if n++; n > maxSignatureEntries {
			return nil, refuse(ErrMalformedHeader, "%s holds more than %d signatures", HeaderWebhookSignature, maxSignatureEntries)
		}
		version, sig, ok := strings.Cut(entry, ",")
		if !ok || version == "" || sig == "" || strings.Contains(sig, ",") {
			return nil, refuse(ErrMalformedHeader, "%s entries must be \"<version>,<signature>\"", HeaderWebhookSignature)
		}
		if version == "v1" {
			if mac, err := base64.StdEncoding.DecodeString(sig); err != nil || len(mac) != sha256.Size {
				return nil, refuse(ErrMalformedHeader, "a v1 signature is the base64 of a 32-byte HMAC-SHA256")
			}
			v1 = append(v1, entry)
		}
	}
	if n == 0 {
		return nil, refuse(ErrMissingHeader, "missing %s header", HeaderWebhookSignature)
	}
	return v1, nil
}

// validMsgID refuses ids with '.', which the specification forbids because
// the id is joined to the timestamp and body with dots before signing.
func validMsgID(id string) bool { return id != "" && isToken(id) && !strings.Contains(id, ".") }

// standardKey decodes a "whsec_" secret; the specification asks for 24 to
// 64 random bytes, and a shorter key would be guessable.
func standardKey(secret string) ([]byte, error) {
	key, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(secret, "whsec_"))
	switch {
	case err != nil:
		return nil, errors.New(`want "whsec_" followed by standard base64`)
	case len(key) < 24 || len(key) > 64:
		return nil, fmt.Errorf("the key must be 24 to 64 bytes, got %d", len(key))
	}
	return key, nil
}

// SignStandard returns the three Standard Webhooks headers for body, so tests
// can post genuine events and Waybill's outgoing webhooks can be signed the
// way its own intake checks them.
func SignStandard(secret, msgID string, ts time.Time, body []byte) (http.Header, error) {
	key, err := standardKey(secret)
	if err != nil {
		return nil, fmt.Errorf("sign webhook: %w", err)
	}
	if !validMsgID(msgID) || len(msgID) > MaxIDLen {
		return nil, fmt.Errorf("sign webhook: id %q must be printable ASCII without spaces or '.'", msgID)
	}
	wh, _ := standardwebhooks.NewWebhookRaw(key) // never fails
	sig, err := wh.Sign(msgID, ts, body)
	if err != nil {
		return nil, fmt.Errorf("sign webhook: %w", err)
	}
	h := http.Header{}
	h.Set(HeaderWebhookID, msgID)
	h.Set(HeaderWebhookTimestamp, strconv.FormatInt(ts.Unix(), 10))
	h.Set(HeaderWebhookSignature, sig)
	return h, nil
}
