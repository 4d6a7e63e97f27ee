package risk

import (
	"net/netip"
	"strings"
)

// NormalizeEmail returns the mailbox an address delivers to, as velocity
// and per-customer rules count it: lower case (no provider people use
// distinguishes case), without a +tag ("ana+promo@" is "ana@"), and for
// Gmail without the dots it ignores, under one domain. It does not check
// the address; order validation has.
func NormalizeEmail(email string) string {
	s := strings.ToLower(strings.TrimSpace(email))
	at := strings.LastIndexByte(s, '@')
	if at < 0 {
		return s
	}
	local, domain := s[:at], strings.TrimSuffix(s[at+1:], ".")
	if i := strings.IndexByte(local, '+'); i > 0 {
		local = local[:i]
	}
	if domain == "googlemail.com" {
		domain = "gmail.com"
	}
	if domain == "gmail.com" {
		local = strings.ReplaceAll(local, ".", "")
	}
	return local + "@" + domain
}

// NormalizePhone returns the digits of a phone number: for the E.164 form
// orders store ("+44 20 7946 0958" written any way) the country code and
// number.
func NormalizePhone(phone string) string {
	var b strings.Builder
	for i := 0; i < len(phone); i++ {
		if c := phone[i]; c >= '0' && c <= '9' {
			b.WriteByte(c)
		}
	}
	return b.String()
}

// NormalizeIP returns the key of a client address: an IPv4 address as is
// (an IPv4-mapped IPv6 address as IPv4), and an IPv6 address as its /64
// network, because one household or phone is given a whole /64 and can
// change the rest at will. A port is ignored; anything unparsable is "".
func NormalizeIP(ip string) string {
	ip = strings.TrimSpace(ip)
	a, err := netip.ParseAddr(ip)
	if err != nil {
		ap, err := netip.ParseAddrPort(ip)
		if err != nil {
			return ""
		}
		a = ap.Addr()
	}
	a = a.Unmap().WithZone("")
	if a.Is4() {
		return a.String()
	}
	p, err := a.Prefix(64)
	if err != nil {
		return ""
	}
	return p.String()
}
