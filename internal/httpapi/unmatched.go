package httpapi

import (
	"net/http"
	"strings"

	"github.com/waybill/waybill/internal/errs"
)

// unmatched answers what no route takes (an unknown path, 404; a known path
// with the wrong method, 405 with Allow) as a problem document, like every
// other refusal, instead of the mux's plain text.
func (s *Server) unmatched(mux *http.ServeMux) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h, pattern := mux.Handler(r)
		if pattern != "" {
			mux.ServeHTTP(w, r)
			return
		}
		// The mux's own answer knows which of the two it is and, for 405,
		// the methods the path allows.
		probe := &statusOnly{header: http.Header{}}
		h.ServeHTTP(probe, r)
		if s.pages != nil && (probe.status == http.StatusNotFound || probe.status == http.StatusMethodNotAllowed) &&
			!strings.HasPrefix(r.URL.Path, "/v1/") && strings.Contains(r.Header.Get("Accept"), "text/html") {
			s.pages(w, r, probe.status)
			return
		}
		switch probe.status {
		case http.StatusNotFound:
			writeProblem(w, problemOf(errs.E(errs.NotFound, "no such endpoint: %s %s (the API reference is at /docs)", r.Method, r.URL.Path)))
		case http.StatusMethodNotAllowed:
			w.Header().Set("Allow", probe.header.Get("Allow"))
			p := problemOf(errs.E(errs.Invalid, "%s is not allowed on %s; allowed: %s", r.Method, r.URL.Path, probe.header.Get("Allow")))
			p.Status, p.Title = http.StatusMethodNotAllowed, http.StatusText(http.StatusMethodNotAllowed)
			writeProblem(w, p)
		default: // a redirect to the canonical path, say
			for k, v := range probe.header {
				w.Header()[k] = v
			}
			w.WriteHeader(probe.status)
		}
	})
}

// statusOnly keeps the status and headers a handler answers with and drops
// its body.
type statusOnly struct {
	header http.Header
	status int
}

func (p *statusOnly) Header() http.Header { return p.header }
func (p *statusOnly) Write(b []byte) (int, error) {
	if p.status == 0 {
		p.status = http.StatusOK
	}
	return len(b), nil
}
func (p *statusOnly) WriteHeader(status int) {
	if p.status == 0 {
		p.status = status
	}
}
