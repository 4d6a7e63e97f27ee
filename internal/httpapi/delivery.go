package httpapi

import (
	"net"
	"net/http"

	"github.com/danielgtaylor/huma/v2"
)

// Delivery is what a signed webhook's input keeps besides its documented
// fields: every header as sent (a verifier refuses a repeated signature
// header, which a single huma header field would hide) and the caller's
// address. Embed it in an input type and call Capture from its Resolve.
type Delivery struct {
	Header http.Header
	Remote string // the caller's IP address
}

// Capture fills d from the request.
func (d *Delivery) Capture(ctx huma.Context) []error {
	d.Header = http.Header{}
	ctx.EachHeader(func(name, value string) { d.Header.Add(name, value) })
	d.Remote = ctx.RemoteAddr()
	if host, _, err := net.SplitHostPort(d.Remote); err == nil {
		d.Remote = host
	}
	return nil
}
