package notify

import (
	"context"
	"strings"
	"unicode/utf16"

	"github.com/waybill/waybill/internal/errs"
)

// SMSProvider sends one text message. It is an interface because SMS goes
// through a third party that differs per deployment; HTTPSMSProvider speaks a
// generic JSON API. The idempotency key travels with the message so that a
// retried job does not text the customer twice; errs.Unavailable means retry
// (see RetryAfter), errs.Invalid means this message will never go.
type SMSProvider interface {
	SendSMS(ctx context.Context, to, text, idempotencyKey string) (providerMessageID string, err error)
}

// validE164 accepts the international format the intake normalised numbers
// to: a plus, a country code that does not start with 0, 7 to 15 digits.
func validE164(s string) bool {
	if len(s) < 8 || len(s) > 16 || s[0] != '+' || s[1] < '1' || s[1] > '9' {
		return false
	}
	for _, c := range s[2:] {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// checkSMS rejects what no provider would ever deliver, before any network
// call, as a permanent error.
func checkSMS(to, text, key string) error {
	var f errs.Fields
	if !validE164(to) {
		f.Add("to", errs.CodeFormat, "must be an E.164 number such as +8613812345678")
	}
	if strings.TrimSpace(text) == "" {
		f.Add("text", errs.CodeRequired, "an SMS needs text")
	}
	if key == "" {
		f.Add("idempotency_key", errs.CodeRequired, "an idempotency key is required so retries are not sent twice")
	}
	return f.Err()
}

// SMSSegments reports how many segments text takes, because carriers bill
// and split per segment: 160 characters of the GSM 7-bit alphabet (the
// extension characters such as € count twice) or, when any character is
// outside it, 70 UTF-16 units; longer texts split into 153 or 67 per part.
func SMSSegments(text string) int {
	septets, gsm := 0, true
	for _, r := range text {
		switch {
		case strings.ContainsRune(gsmBasic, r):
			septets++
		case strings.ContainsRune(gsmExtension, r):
			septets += 2
		default:
			gsm = false
		}
	}
	if gsm {
		return segments(septets, 160, 153)
	}
	return segments(len(utf16.Encode([]rune(text))), 70, 67)
}

func segments(n, single, multi int) int {
	if n <= single {
		return 1
	}
	return (n + multi - 1) / multi
}

// The GSM 03.38 default alphabet and its extension table (escape + char).
const (
	gsmBasic = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?" +
		"¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
	gsmExtension = "\f^{}\\[~]|€"
)
