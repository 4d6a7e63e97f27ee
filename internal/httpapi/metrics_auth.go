package httpapi

import (
	"crypto/sha256"
	"crypto/subtle"
	"net/http"
	"strings"

	"github.com/waybill/waybill/internal/errs"
)

// requireToken guards next (the /metrics page) with a shared bearer token
// when one is configured: the page tells anyone who can reach the port how
// busy the shop is and which routes fail, and a scraper can carry a token.
// Without a token the page stays open, as before, for a private network.
func requireToken(token string, next http.Handler) http.Handler {
	if token == "" {
		return next
	}
	// Comparing digests keeps the time taken independent of the token's
	// length as well as of its bytes.
	want := sha256.Sum256([]byte(token))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		scheme, got, _ := strings.Cut(strings.TrimSpace(r.Header.Get("Authorization")), " ")
		sum := sha256.Sum256([]byte(strings.TrimSpace(got)))
		if !strings.EqualFold(scheme, "Bearer") || subtle.ConstantTimeCompare(sum[:], want[:]) != 1 {
			w.Header().Set("WWW-Authenticate", `Bearer realm="waybill-metrics"`)
			writeProblem(w, problemOf(errs.E(errs.Unauthorized, "/metrics requires Authorization: Bearer <the metrics token>")))
			return
		}
		next.ServeHTTP(w, r)
	})
}
