package httpapi

import (
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// ParseProxies reads the operator's list of reverse proxies whose
// X-Forwarded-For Waybill believes: addresses or CIDR ranges, separated by
// commas ("10.0.0.0/8, 192.0.2.7").
func ParseProxies(list string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, s := range strings.Split(list, ",") {
		s = strings.TrimSpace(s)
		if s == "" {
			continue
		}
		if p, err := netip.ParsePrefix(s); err == nil {
			out = append(out, p.Masked())
			continue
		}
		a, err := netip.ParseAddr(s)
		if err != nil {
			return nil, fmt.Errorf("%q is neither an IP address nor a CIDR range", s)
		}
		out = append(out, netip.PrefixFrom(a.Unmap(), a.Unmap().BitLen()))
	}
	return out, nil
}

// clientAddr is who sent the request: the connection's peer, unless the
// peer is a trusted proxy, in which case X-Forwarded-For is read from the
// right (each proxy appends the address it received from) past every
// trusted hop to the first address no trusted proxy stands for. A client
// cannot choose its own address by sending the header: entries left of an
// untrusted hop are never read.
func clientAddr(r *http.Request, trusted []netip.Prefix) string {
	peer := r.RemoteAddr
	if host, _, err := net.SplitHostPort(peer); err == nil {
		peer = host
	}
	if len(trusted) == 0 || !isTrusted(peer, trusted) {
		return peer
	}
	hops := strings.Split(strings.Join(r.Header.Values("X-Forwarded-For"), ","), ",")
	client := peer
	for i := len(hops) - 1; i >= 0; i-- {
		a, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
		if err != nil {
			return client // a malformed hop: stop at the last one we could trust
		}
		client = a.Unmap().String()
		if !isTrusted(client, trusted) {
			return client
		}
	}
	return client
}

func isTrusted(addr string, trusted []netip.Prefix) bool {
	a, err := netip.ParseAddr(addr)
	if err != nil {
		return false
	}
	a = a.Unmap()
	for _, p := range trusted {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

type httpsKey struct{}

// HTTPS reports whether the client reached Waybill over TLS: directly, or
// through a trusted proxy that terminated TLS and said so with
// X-Forwarded-Proto: https. Cookies are marked Secure then.
func HTTPS(r *http.Request) bool {
	v, _ := r.Context().Value(httpsKey{}).(bool)
	return r.TLS != nil || v
}
