// Package apitest serves a capability's operations over real HTTP for its
// tests, with one API key per role, and reads answers the way scenario
// tables assert on them. Like net/http/httptest, it is imported by tests only.
package apitest

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/auth"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/httpapi"
)

// Server is a running API over d with a key for every role.
type Server struct {
	t    testing.TB
	URL  string
	Keys map[actor.Role]string
}

// New serves the operations register adds, closing at the test's end, with
// Idempotency-Key handling on d as the served binary has it. Every answer
// is checked against the OpenAPI document (Conformance); an answer the
// document does not describe fails the test.
func New(t testing.TB, d *db.DB, register func(api *httpapi.API)) *Server {
	t.Helper()
	keys := auth.NewKeys(d)
	srv := httpapi.New(httpapi.Options{Auth: keys, Idempotency: d})
	register(srv.API())
	conform := NewConformance(srv.API().OpenAPI())
	ts := httptest.NewServer(conform.Wrap(srv.Handler()))
	t.Cleanup(ts.Close)
	t.Cleanup(func() {
		for _, p := range conform.Problems() {
			t.Errorf("the OpenAPI document does not describe this answer: %s", p)
		}
	})
	s := &Server{t: t, URL: ts.URL, Keys: map[actor.Role]string{}}
	ctx := actor.With(context.Background(), actor.CLI("test"))
	for _, r := range actor.Roles {
		_, secret, err := keys.Create(ctx, "test "+string(r), r)
		require.NoError(t, err)
		s.Keys[r] = secret
	}
	return s
}

// Response is what a scenario asserts on.
type Response struct {
	Status int
	Fields []string // "path code" of each problem entry, in order
	Body   map[string]any
	Raw    string
	Type   string // Content-Type
	Header http.Header
}

// FieldCodes lists err's invalid fields as "path code", the form of
// Response.Fields, so a store test and an API test assert a refusal alike.
func FieldCodes(err error) []string {
	var out []string
	for _, f := range errs.FieldsOf(err) {
		out = append(out, f.Path+" "+f.Code)
	}
	return out
}

// ProblemFields decodes a problem answer's field entries: each field's
// code by its path.
func ProblemFields(t testing.TB, raw []byte) map[string]string {
	t.Helper()
	var p httpapi.Problem
	require.NoError(t, json.Unmarshal(raw, &p), "%s", raw)
	out := map[string]string{}
	for _, e := range p.Errors {
		out[e.Path] = e.Code
	}
	return out
}

// Do sends body (JSON, or "" for none) as role ("" sends no key).
func (s *Server) Do(role actor.Role, method, path, body string) Response {
	s.t.Helper()
	return s.Send(role, method, path, body, nil)
}

// Send is Do with extra request headers, such as Idempotency-Key.
func (s *Server) Send(role actor.Role, method, path, body string, header map[string]string) Response {
	s.t.Helper()
	contentType := ""
	if body != "" {
		contentType = "application/json"
	}
	return s.send(role, method, path, contentType, strings.NewReader(body), header)
}

// Stream sends body as it reads it, with contentType, for uploads that are
// not JSON (a CSV import); a reader that never ends tests a size limit
// without the test holding the body in memory.
func (s *Server) Stream(role actor.Role, method, path, contentType string, body io.Reader) Response {
	s.t.Helper()
	return s.send(role, method, path, contentType, body, nil)
}

// For returns s reporting to t, for requests sent from a subtest: a failed
// request must stop the goroutine of the test that sent it, not its parent's.
func (s *Server) For(t testing.TB) *Server {
	c := *s
	c.t = t
	return &c
}

func (s *Server) send(role actor.Role, method, path, contentType string, body io.Reader, header map[string]string) Response {
	s.t.Helper()
	req, err := http.NewRequest(method, s.URL+path, body)
	require.NoError(s.t, err)
	for k, v := range header {
		req.Header.Set(k, v)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if role != "" {
		req.Header.Set("Authorization", "Bearer "+s.Keys[role])
	}
	res, err := http.DefaultClient.Do(req)
	require.NoError(s.t, err)
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	require.NoError(s.t, err)
	out := Response{Status: res.StatusCode, Raw: string(raw), Type: res.Header.Get("Content-Type"), Header: res.Header}
	if len(raw) > 0 && strings.Contains(out.Type, "json") {
		require.True(s.t, json.Valid(raw), "%s %s answered %s that is not JSON: %s", method, path, out.Type, raw)
	}
	_ = json.Unmarshal(raw, &out.Body)
	var problem struct {
		Errors []struct{ Field, Code string }
	}
	if json.Unmarshal(raw, &problem) == nil {
		for _, f := range problem.Errors {
			out.Fields = append(out.Fields, f.Field+" "+f.Code)
		}
	}
	return out
}
