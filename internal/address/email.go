package address

import (
	"net/mail"
	"strings"
	"unicode/utf8"

	"github.com/waybill/waybill/internal/errs"
)

// The lengths SMTP allows (RFC 5321 §4.5.3.1), in bytes: a longer address
// cannot be delivered to, so it is refused at intake rather than at sending.
const (
	maxEmail      = 254
	maxEmailLocal = 64
	maxEmailLabel = 63
)

// NormalizeEmail checks raw is one bare address ("ana@example.com": no
// display name, comment or angle brackets, no quoted local part) whose domain
// has a dot, and returns it trimmed with the domain in lower case. The local
// part keeps its case, as the receiving server may treat it as significant.
// Errors are *InputError.
func NormalizeEmail(raw string) (string, error) {
	s := strings.TrimSpace(raw)
	switch {
	case s == "":
		return "", inputErr(errs.CodeRequired, "an email address is required")
	case !utf8.ValidString(s) || strings.ContainsFunc(s, isControl):
		return "", inputErr(errs.CodeFormat, "an email address must be text without control characters")
	case len(s) > maxEmail:
		return "", inputErr(errs.CodeTooLong, "an email address must be at most %d bytes, got %d", maxEmail, len(s))
	}
	a, err := mail.ParseAddress(s)
	if err != nil || a.Name != "" || a.Address != s {
		// A display name, a comment, <brackets> or a quoted local part all
		// parse to something other than the input itself.
		return "", inputErr(errs.CodeFormat, "%q is not a plain email address like ana@example.com", errs.Clip(s))
	}
	at := strings.LastIndexByte(s, '@')
	local, domain := s[:at], s[at+1:]
	if len(local) > maxEmailLocal {
		return "", inputErr(errs.CodeTooLong, "the part before @ may be at most %d bytes, got %d", maxEmailLocal, len(local))
	}
	if msg := checkDomain(domain); msg != "" {
		return "", inputErr(errs.CodeFormat, "%q %s", errs.Clip(s), msg)
	}
	return local + "@" + strings.ToLower(domain), nil
}

// checkDomain says what is wrong with an email domain that net/mail
// accepted, or "" when nothing is. A domain literal ("[192.0.2.1]") or a
// single label ("localhost") cannot be reached from the public internet.
func checkDomain(d string) string {
	switch {
	case strings.HasPrefix(d, "["):
		return "names an IP address; use a domain name, like example.com"
	case !strings.Contains(d, "."):
		return "needs a domain with a dot, like example.com"
	}
	for label := range strings.SplitSeq(d, ".") {
		switch {
		case label == "":
			return "has an empty part in its domain"
		case len(label) > maxEmailLabel:
			return "has a domain label longer than 63 bytes"
		case label[0] == '-' || label[len(label)-1] == '-':
			return "has a domain label that starts or ends with a hyphen"
		}
	}
	return ""
}
