package webhook

import (
	"context"
	"errors"
	"fmt"
	"net/netip"
	"net/url"
	"strings"
	"syscall"
	"time"

	"github.com/waybill/waybill/internal/errs"
)

// Field codes for endpoint URLs an operator's settings refuse.
const (
	CodePrivateTarget = "private_address"
	CodeUnresolvable  = "unresolvable"
	CodeScheme        = "scheme_not_allowed"
)

// errPrivate is what a connection to a refused address fails with.
var errPrivate = errors.New("refused: the address is private, loopback or link-local (an operator may allow it)")

// nonPublic are ranges netip's predicates do not name but no webhook
// receiver lives in: "this network", carrier-grade NAT, benchmarking,
// IPv6 discard and documentation ranges, and NAT64 of such addresses.
var nonPublic = []netip.Prefix{
	netip.MustParsePrefix("0.0.0.0/8"),
	netip.MustParsePrefix("100.64.0.0/10"),
	netip.MustParsePrefix("192.0.0.0/24"),
	netip.MustParsePrefix("198.18.0.0/15"),
	netip.MustParsePrefix("240.0.0.0/4"),
	netip.MustParsePrefix("100::/64"),
	netip.MustParsePrefix("64:ff9b:1::/48"),
}

// blocked reports whether a is an address outbound webhooks must not reach
// unless the operator allows private targets.
func blocked(a netip.Addr) bool {
	a = a.Unmap()
	if !a.IsValid() || a.IsLoopback() || a.IsPrivate() || a.IsLinkLocalUnicast() || a.IsLinkLocalMulticast() ||
		a.IsInterfaceLocalMulticast() || a.IsMulticast() || a.IsUnspecified() {
		return true
	}
	for _, p := range nonPublic {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// checkURL validates an endpoint URL against the operator's settings,
// naming path. The host is resolved here too, so an obvious internal
// target is refused at once; the dialer checks again at connect time,
// since DNS may answer differently later (rebinding).
func (c Config) checkURL(ctx context.Context, path, raw string) error {
	var f errs.Fields
	u, err := url.Parse(raw)
	switch {
	case raw == "":
		f.Add(path, errs.CodeRequired, "url is required")
	case len(raw) > 2048:
		f.Add(path, errs.CodeTooLong, "url is at most 2048 characters")
	case err != nil || !u.IsAbs() || u.Host == "" || u.Hostname() == "":
		f.Add(path, errs.CodeFormat, "url must be an absolute URL such as https://example.com/hooks/waybill")
	case u.User != nil:
		f.Add(path, errs.CodeFormat, "url must not carry credentials; the signature authenticates Waybill")
	case u.Fragment != "":
		f.Add(path, errs.CodeFormat, "url must not have a fragment")
	case u.Scheme != "https" && !(u.Scheme == "http" && c.AllowHTTP):
		f.Add(path, CodeScheme, "url must be https (http only where the operator allows it)")
	}
	if err := f.Err(); err != nil || c.AllowPrivate {
		return err
	}
	host := u.Hostname()
	if a, err := netip.ParseAddr(host); err == nil {
		if blocked(a) {
			f.Add(path, CodePrivateTarget, "url points at a private, loopback or link-local address")
		}
		return f.Err()
	}
	if h := strings.ToLower(strings.TrimSuffix(host, ".")); h == "localhost" || strings.HasSuffix(h, ".localhost") {
		f.Add(path, CodePrivateTarget, "url points at this host")
		return f.Err()
	}
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	addrs, err := c.Resolver.LookupNetIP(ctx, "ip", host)
	if err != nil || len(addrs) == 0 {
		f.Add(path, CodeUnresolvable, "url's host %q does not resolve", errs.Clip(host))
		return f.Err()
	}
	for _, a := range addrs {
		if blocked(a) {
			f.Add(path, CodePrivateTarget, "url's host resolves to a private, loopback or link-local address")
			break
		}
	}
	return f.Err()
}

// control is the dialer's last word on every connection, after DNS: it
// refuses non-public addresses unless allowed, whatever the name resolved
// to when the endpoint was created.
func (c Config) control(_, address string, _ syscall.RawConn) error {
	if c.AllowPrivate {
		return nil
	}
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return fmt.Errorf("refused: cannot read the address %q: %w", address, err)
	}
	if blocked(ap.Addr()) {
		return errPrivate
	}
	return nil
}
