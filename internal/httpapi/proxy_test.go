package httpapi

import (
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestClientAddrBelievesOnlyTrustedProxies(t *testing.T) {
	trusted, err := ParseProxies("10.0.0.0/8, 192.0.2.7")
	require.NoError(t, err)
	for _, c := range []struct{ peer, xff, want string }{
		{"203.0.113.9:5000", "198.51.100.1", "203.0.113.9"},                 // not a proxy: the header is the client's own claim
		{"192.0.2.7:443", "198.51.100.1", "198.51.100.1"},                   // one trusted proxy
		{"10.1.2.3:80", "6.6.6.6, 198.51.100.1, 192.0.2.7", "198.51.100.1"}, // a spoofed left entry is never read
		{"10.1.2.3:80", "", "10.1.2.3"},                                     // a proxy that sent no header
		{"10.1.2.3:80", "not-an-ip, 10.9.9.9", "10.9.9.9"},                  // malformed: stop at the last trusted hop
		{"[::ffff:10.1.2.3]:80", "2001:db8::1", "2001:db8::1"},              // IPv4-mapped peer, IPv6 client
		{"10.1.2.3:80", "10.2.2.2, 10.3.3.3", "10.2.2.2"},                   // only proxies: the leftmost
	} {
		r := httptest.NewRequest("GET", "/", nil)
		r.RemoteAddr = c.peer
		if c.xff != "" {
			r.Header.Set("X-Forwarded-For", c.xff)
		}
		require.Equal(t, c.want, clientAddr(r, trusted), "%+v", c)
	}
	_, err = ParseProxies("10.0.0.0/8, proxy.example")
	require.ErrorContains(t, err, `"proxy.example"`)
	none, err := ParseProxies(" ")
	require.NoError(t, err)
	require.Empty(t, none)
}

// Behind a trusted proxy every handler (the console's pages, the audit
// log, the sign-in limit) sees the client's address.
func TestServerPutsTheClientInRemoteAddr(t *testing.T) {
	trusted, err := ParseProxies("127.0.0.1")
	require.NoError(t, err)
	for _, c := range []struct {
		proxies []netip.Prefix
		want    string
	}{{trusted, "198.51.100.1"}, {nil, "127.0.0.1"}} {
		srv := New(Options{TrustedProxies: c.proxies})
		var seen string
		var https bool
		srv.Handle("GET /who", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			seen, _, _ = net.SplitHostPort(r.RemoteAddr)
			https = HTTPS(r)
		}))
		ts := httptest.NewServer(srv.Handler())
		req, _ := http.NewRequest("GET", ts.URL+"/who", nil)
		req.Header.Set("X-Forwarded-For", "198.51.100.1")
		req.Header.Set("X-Forwarded-Proto", "https")
		res, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		res.Body.Close()
		ts.Close()
		require.Equal(t, c.want, seen)
		require.Equal(t, c.proxies != nil, https, "only a trusted proxy may say the client used TLS")
	}
}
