package httpapi_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/danielgtaylor/huma/v2"
	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/httpapi"
)

// checkedIn runs a domain check on every field, as the order intake does,
// so the tests see what a caller gets when schema and domain both speak.
type checkedIn struct {
	Body struct {
		Name  string `json:"name,omitempty" maxLength:"5"`
		Lines []line `json:"lines,omitempty"`
	}
}

func (in *checkedIn) Resolve(huma.Context) []error {
	var f errs.Fields
	if in.Body.Name != "ok" {
		f.Add("name", errs.CodeUnknown, "name must be ok")
	}
	if len(in.Body.Lines) == 0 {
		f.Add("lines", errs.CodeRequired, "at least one line")
	}
	for i, l := range in.Body.Lines {
		if l.SKU != "A" {
			f.Add("lines["+strconv.Itoa(i)+"].sku", errs.CodeUnknown, "no such sku")
		}
	}
	return httpapi.ResolveErrors(f.Err())
}

func checkedServer(t *testing.T) *httptest.Server {
	t.Helper()
	srv := httpapi.New(httpapi.Options{Auth: keys{}})
	httpapi.Register(srv.API(), huma.Operation{OperationID: "check", Method: http.MethodPost, Path: "/v1/checked"},
		[]actor.Role{actor.Admin}, func(context.Context, *checkedIn) (*struct{ Body map[string]string }, error) {
			return &struct{ Body map[string]string }{map[string]string{"ok": "yes"}}, nil
		})
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	return ts
}

func send(t *testing.T, method, url, contentType, body string) (int, http.Header, httpapi.Problem, string) {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer admin-key")
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	var p httpapi.Problem
	if resp.StatusCode >= 400 {
		require.Equal(t, "application/problem+json", resp.Header.Get("Content-Type"), "%s", raw)
		require.NoError(t, json.Unmarshal(raw, &p), "%s", raw)
		require.Equal(t, resp.StatusCode, p.Status)
	}
	return resp.StatusCode, resp.Header, p, string(raw)
}

// A body that cannot be read is one problem, never a list of complaints
// about fields that were never sent; a value of the wrong type hides the
// domain's complaints about its inside; otherwise schema and domain
// problems come back together.
func TestUnreadableBodyIsOneProblem(t *testing.T) {
	ts := checkedServer(t)
	url := ts.URL + "/v1/checked"
	fieldsOf := func(p httpapi.Problem) map[string]string {
		got := map[string]string{}
		for _, f := range p.Errors {
			got[f.Path] = f.Code
		}
		return got
	}

	status, _, p, raw := send(t, "POST", url, "application/json", `{"name":`)
	require.Equal(t, 400, status, raw)
	require.Equal(t, map[string]string{"": errs.CodeFormat}, fieldsOf(p), raw)
	require.Contains(t, p.Detail, "malformed JSON at byte 8")

	status, _, p, raw = send(t, "POST", url, "application/json", `[1,2]`)
	require.Equal(t, 422, status, raw)
	require.Equal(t, map[string]string{"": errs.CodeType}, fieldsOf(p), raw)

	status, _, p, raw = send(t, "POST", url, "text/plain", `{"name":"ok"}`)
	require.Equal(t, 415, status, raw)
	require.Equal(t, map[string]string{"header.Content-Type": errs.CodeUnknown}, fieldsOf(p), raw)
	require.Contains(t, p.Errors[0].Message, "application/json")

	status, _, p, raw = send(t, "POST", url, "application/json", `{"name":"ok","lines":"x"}`)
	require.Equal(t, 422, status, raw)
	require.Equal(t, map[string]string{"lines": errs.CodeType}, fieldsOf(p), raw)

	// All at once: the schema's (too long) and the domain's (unknown sku).
	status, _, p, raw = send(t, "POST", url, "application/json", `{"name":"toolong","lines":[{"sku":"B","quantity":1}]}`)
	require.Equal(t, 422, status, raw)
	require.Equal(t, map[string]string{"name": errs.CodeTooLong, "lines[0].sku": errs.CodeUnknown}, fieldsOf(p), raw)

	status, _, _, raw = send(t, "POST", url, "application/json", `{"name":"ok","lines":[{"sku":"A","quantity":2.0}]}`)
	require.Equal(t, 200, status, raw)
}

// Unknown routes and wrong methods answer problem+json like the rest.
func TestUnmatchedRoutesAreProblems(t *testing.T) {
	ts := checkedServer(t)
	status, _, p, raw := send(t, "GET", ts.URL+"/v1/nope", "", "")
	require.Equal(t, 404, status, raw)
	require.Equal(t, "not_found", p.Code)
	require.Contains(t, p.Detail, "/v1/nope")

	status, h, p, raw := send(t, "DELETE", ts.URL+"/v1/checked", "", "")
	require.Equal(t, 405, status, raw)
	require.Equal(t, "POST", h.Get("Allow"))
	require.Contains(t, p.Detail, "allowed: POST")
}

// The reference page shows what to send, field by field with its limits,
// and renders `code` in the prose as code rather than literal backticks.
func TestDocsShowBodyFields(t *testing.T) {
	ts := newServer(t)
	resp, err := http.Get(ts.URL + "/docs")
	require.NoError(t, err)
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	page := string(raw)
	require.Contains(t, page, "<code>lines[].sku</code>")
	require.Contains(t, page, "up to 10 characters")
	require.Contains(t, page, "<code>mode</code></td><td>string</td><td></td><td>one of a, b")
	require.Contains(t, page, "<code>Authorization: Bearer &lt;API key&gt;</code>")
	require.NotContains(t, page, "`")
}
