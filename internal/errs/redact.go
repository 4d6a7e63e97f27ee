package errs

import (
	"regexp"
	"strings"
)

// Contact data reaches error text from outside: a mail server's "550 5.1.1
// <bob@example.com>: Recipient address rejected", an SMS gateway that echoes
// the number it refused. Such text goes to logs and to jobs.last_error, where
// it outlives the order's retention and is read by people who have no need
// for it, so it is masked before it is logged or stored.
var (
	// emailPattern is an addr-spec loose enough for what servers echo, with a
	// domain of at least two labels ending in a letter, so ids and dedupe keys
	// such as "ord_01J…@1764000000" are left alone.
	emailPattern = regexp.MustCompile(`[\p{L}\p{N}.!#$%&'*+/=?^_{|}~-]+@(?:[\p{L}\p{N}-]+\.)+\p{L}[\p{L}\p{N}-]*`)
	// phonePattern is an international number, written with or without
	// separators ("+8613812345678", "+1 650-253-0000"), or any run of seven to
	// fifteen digits standing alone (E.164 has at most fifteen). Dates, times,
	// amounts under a million, microsecond timestamps and the digits inside
	// ids (no word boundary) are not phone numbers. A match never ends inside
	// a run of digits, so two numbers side by side are masked one by one.
	phonePattern = regexp.MustCompile(`\+\d(?:[ .()-]{0,2}\d){6,14}\b|\b\d{7,15}\b`)
)

// Redact masks the e-mail addresses and phone numbers in s: an address keeps
// its first character and its domain ("b***@example.com"), which is what an
// operator needs to tell one mail provider's refusals from another's; a number
// keeps its last two digits ("+***78"), enough to match a complaint.
func Redact(s string) string {
	s = emailPattern.ReplaceAllStringFunc(s, func(addr string) string {
		at := strings.LastIndexByte(addr, '@')
		first := []rune(addr[:at])[0]
		return string(first) + "***" + addr[at:]
	})
	return phonePattern.ReplaceAllStringFunc(s, func(num string) string {
		var digits []byte
		for i := 0; i < len(num); i++ {
			if num[i] >= '0' && num[i] <= '9' {
				digits = append(digits, num[i])
			}
		}
		masked := "***" + string(digits[len(digits)-2:])
		if num[0] == '+' {
			masked = "+" + masked
		}
		return masked
	})
}

// Redacted is err with its text passed through Redact. It unwraps to err, so
// its kind, and anything else errors.As finds, reads through unchanged; only
// what is printed, logged or stored is masked. nil stays nil.
func Redacted(err error) error {
	if err == nil {
		return nil
	}
	if _, ok := err.(redacted); ok {
		return err
	}
	return redacted{err}
}

type redacted struct{ err error }

func (r redacted) Error() string { return Redact(r.err.Error()) }
func (r redacted) Unwrap() error { return r.err }
