package console

import (
	"net"
	"net/http"

	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/httpapi"
)

// contentSecurityPolicy admits only the console's own files: no inline
// script or style, no plug-ins, no framing, forms only to itself. htmx is
// configured (layout.html) not to inject its indicator style or eval.
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; " +
	"connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"

// secure sets the headers every console answer carries, before the
// handler runs so that refusals carry them too.
func secure(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "no-referrer") // set-up links carry their token in the URL
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Cache-Control", "no-store")
		next.ServeHTTP(w, r)
	})
}

// cookieName names the session cookie. It holds a random 256-bit secret;
// the database keeps its hash (internal/people).
const cookieName = "waybill_session"

func sessionCookie(r *http.Request) string {
	c, err := r.Cookie(cookieName)
	if err != nil {
		return ""
	}
	return c.Value
}

// setSession gives the browser its session: HttpOnly so script cannot read
// it, SameSite=Lax so other sites' forms do not carry it, Secure when the
// request came over TLS (directly, or through a trusted proxy that says
// so). It is a browser-session cookie without Expires: the server decides
// when a session ends (internal/people), by its clock.
func setSession(w http.ResponseWriter, r *http.Request, secret string) {
	http.SetCookie(w, &http.Cookie{Name: cookieName, Value: secret, Path: "/", HttpOnly: true,
		Secure: httpapi.HTTPS(r), SameSite: http.SameSiteLaxMode})
}

func clearSession(w http.ResponseWriter, r *http.Request) {
	if sessionCookie(r) == "" {
		return
	}
	http.SetCookie(w, &http.Cookie{Name: cookieName, Value: "", Path: "/", MaxAge: -1, HttpOnly: true,
		Secure: httpapi.HTTPS(r), SameSite: http.SameSiteLaxMode})
}

// remoteAddr is the client's address without its port: the rate limit
// and the audit log key on it. Behind a reverse proxy named in
// --trusted-proxies, the server has already put the client's address
// from X-Forwarded-For in its place (internal/httpapi/proxy.go).
func remoteAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

func isUnauthorized(err error) bool { return errs.Is(err, errs.Unauthorized) }
