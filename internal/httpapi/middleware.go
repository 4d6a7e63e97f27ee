package httpapi

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"net"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/danielgtaylor/huma/v2"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/errs"
)

type requestIDKey struct{}

// withRequest tags each request with an id (kept from X-Request-Id when sane),
// limits the body, and counts it in the metrics by route pattern.
func (s *Server) withRequest(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		reqID := r.Header.Get("X-Request-Id")
		if reqID == "" || len(reqID) > 64 || strings.ContainsFunc(reqID, func(c rune) bool { return c < 0x21 || c > 0x7e }) {
			var b [8]byte
			_, _ = rand.Read(b[:])
			reqID = hex.EncodeToString(b[:])
		}
		w.Header().Set("X-Request-Id", reqID)
		if bad := badText(r); len(bad) > 0 {
			writeProblem(w, problemOf(&errs.Error{Kind: errs.Invalid, Message: "the request URL has invalid text", Fields: bad}))
			return
		}
		r = r.WithContext(context.WithValue(r.Context(), requestIDKey{}, reqID))
		if len(s.opts.TrustedProxies) > 0 { // everything after this sees the client, not the proxy
			peer, _, _ := net.SplitHostPort(r.RemoteAddr)
			if isTrusted(peer, s.opts.TrustedProxies) && strings.EqualFold(r.Header.Get("X-Forwarded-Proto"), "https") {
				r = r.WithContext(context.WithValue(r.Context(), httpsKey{}, true))
			}
			r.RemoteAddr = net.JoinHostPort(clientAddr(r, s.opts.TrustedProxies), "0")
		}
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		running := &runningRequest{id: reqID, method: r.Method, path: r.URL.Path, since: start}
		s.running.Store(running, nil)
		defer s.running.Delete(running)
		next.ServeHTTP(rec, r)
		route := r.Pattern
		if route == "" {
			route = "unmatched"
		}
		s.metrics.requests.WithLabelValues(r.Method, route, strconv.Itoa(rec.status)).Inc()
		s.metrics.latency.WithLabelValues(r.Method, route).Observe(time.Since(start).Seconds())
	})
}

// recoverPanics answers a panicking handler with a problem and logs it, so a
// bug costs one request, never the process.
func (s *Server) recoverPanics(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.log.ErrorContext(r.Context(), "panic in handler", "panic", v, "path", r.URL.Path)
				writeProblem(w, problemOf(errs.E(errs.Internal, "panic")))
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// authenticate admits a request to an operation only with a key whose role
// the operation lists, and puts the actor in the context for the audit log.
func (s *Server) authenticate(ctx huma.Context, next func(huma.Context)) {
	op := ctx.Operation()
	roles := RolesOf(op)
	if roles == nil {
		next(ctx)
		return
	}
	// A refused request's body is never read: the connection closes after
	// the answer instead of waiting for the rest of the body.
	refuse := func(status int, msg string) {
		ctx.SetHeader("Connection", "close")
		if status == http.StatusUnauthorized {
			ctx.SetHeader("WWW-Authenticate", `Bearer realm="waybill"`)
		}
		_ = huma.WriteErr(s.api, ctx, status, msg)
	}
	scheme, key, _ := strings.Cut(strings.TrimSpace(ctx.Header("Authorization")), " ")
	if !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(key) == "" { // the scheme is case-insensitive (RFC 9110)
		refuse(http.StatusUnauthorized, "a valid API key is required")
		return
	}
	who, err := s.opts.Auth.Authenticate(ctx.Context(), strings.TrimSpace(key))
	if err != nil {
		if errs.Is(err, errs.Unauthorized) {
			refuse(http.StatusUnauthorized, "a valid API key is required")
			return
		}
		s.log.ErrorContext(ctx.Context(), "authenticate", "err", err)
		_ = huma.WriteErr(s.api, ctx, http.StatusServiceUnavailable, "cannot check the API key now; retry")
		return
	}
	if !slices.ContainsFunc(roles, func(r actor.Role) bool { return r == who.Role }) {
		refuse(http.StatusForbidden, "role "+string(who.Role)+" may not call "+op.OperationID+"; allowed: "+joinRoles(roles))
		return
	}
	if op.Metadata[unconfinedOnly] == true && len(who.Channels)+len(who.Warehouses) > 0 {
		refuse(http.StatusForbidden, "this API key is confined to some channels or warehouses; "+op.OperationID+" needs a key that is not")
		return
	}
	host, _, err := net.SplitHostPort(ctx.RemoteAddr())
	if err != nil {
		host = ctx.RemoteAddr()
	}
	who.RemoteAddr = host
	who.RequestID, _ = ctx.Context().Value(requestIDKey{}).(string)
	next(huma.WithContext(ctx, actor.With(ctx.Context(), who)))
}

type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (r *statusRecorder) WriteHeader(code int) {
	r.status = code
	r.ResponseWriter.WriteHeader(code)
}

func (r *statusRecorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

func writeProblem(w http.ResponseWriter, p *Problem) {
	w.Header().Set("Content-Type", "application/problem+json")
	w.WriteHeader(p.Status)
	_ = json.NewEncoder(w).Encode(p)
}

// badText lists the path and query parameters that are not valid UTF-8 or
// hold a NUL, which no Waybill value may contain and PostgreSQL cannot store.
func badText(r *http.Request) []errs.FieldError {
	clean := func(s string) bool { return utf8.ValidString(s) && !strings.ContainsRune(s, 0) }
	var bad []errs.FieldError
	add := func(field string) {
		bad = append(bad, errs.FieldError{Path: field, Code: errs.CodeFormat, Message: "must be valid UTF-8 without NUL characters"})
	}
	if !clean(r.URL.Path) {
		add("path")
	}
	query := r.URL.Query()
	keys := make([]string, 0, len(query))
	for key := range query {
		keys = append(keys, key)
	}
	slices.Sort(keys)
	for _, key := range keys {
		switch {
		case !clean(key):
			add("query")
		case !slices.ContainsFunc(query[key], func(v string) bool { return !clean(v) }):
		default:
			add("query." + key)
		}
	}
	return bad
}
