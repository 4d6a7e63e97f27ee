package httpapi_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/danielgtaylor/huma/v2"
	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/httpapi"
)

// keys is an Authenticator with two fixed keys.
type keys struct{}

func (keys) Authenticate(_ context.Context, key string) (actor.Actor, error) {
	switch key {
	case "admin-key":
		return actor.Actor{ID: "key_admin", Role: actor.Admin}, nil
	case "warehouse-key":
		return actor.Actor{ID: "key_wh", Role: actor.Warehouse}, nil
	case "broken":
		return actor.Actor{}, errors.New("database down")
	}
	return actor.Actor{}, errs.E(errs.Unauthorized, "no")
}

type line struct {
	SKU      string  `json:"sku" minLength:"1" maxLength:"10"`
	Weight   float64 `json:"weight,omitempty" minimum:"0"`
	Quantity int     `json:"quantity" minimum:"1" maximum:"100"`
}

type thingIn struct {
	Body struct {
		Name  string `json:"name" maxLength:"5"`
		Lines []line `json:"lines" maxItems:"3"`
		Mode  string `json:"mode,omitempty" enum:"a,b"`
	}
}

func newServer(t *testing.T) *httptest.Server {
	t.Helper()
	srv := httpapi.New(httpapi.Options{Auth: keys{}, MaxBodyBytes: 1 << 10})
	api := srv.API()
	httpapi.Register(api, huma.Operation{OperationID: "make-thing", Method: http.MethodPost, Path: "/v1/things", MaxBodyBytes: 1 << 10},
		[]actor.Role{actor.Admin}, func(ctx context.Context, in *thingIn) (*struct{ Body map[string]string }, error) {
			who, _ := actor.From(ctx)
			switch in.Body.Name {
			case "dup":
				return nil, errs.E(errs.Conflict, "thing exists")
			case "bad":
				var f errs.Fields
				f.Add("lines[0].sku", errs.CodeUnknown, "no such SKU")
				return nil, f.Err()
			case "oops":
				return nil, fmt.Errorf("select: %w", errors.New("secret connection string"))
			case "panic":
				panic("boom")
			}
			return &struct{ Body map[string]string }{map[string]string{"actor": who.ID, "request": who.RequestID}}, nil
		})
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	return ts
}

func TestProblems(t *testing.T) {
	ts := newServer(t)
	tests := []struct {
		name, key, body string
		status          int
		code            string
		fields          map[string]string // path → code
	}{
		{name: "ok", key: "admin-key", body: `{"name":"x","lines":[{"sku":"A","quantity":1}]}`, status: 200},
		{name: "no key", body: `{}`, status: 401, code: "unauthorized"},
		{name: "unknown key", key: "nope", body: `{}`, status: 401, code: "unauthorized"},
		{name: "auth backend down", key: "broken", body: `{}`, status: 503, code: "unavailable"},
		{name: "wrong role", key: "warehouse-key", body: `{}`, status: 403, code: "forbidden"},
		{name: "malformed json", key: "admin-key", body: `{"name":`, status: 400, code: "invalid",
			fields: map[string]string{"": errs.CodeFormat}},
		{name: "missing fields", key: "admin-key", body: `{}`, status: 422, code: "invalid",
			fields: map[string]string{"name": errs.CodeRequired, "lines": errs.CodeRequired}},
		{name: "field errors at json paths", key: "admin-key", status: 422, code: "invalid",
			body: `{"name":"toolong","lines":[{"sku":"A","quantity":0},{"sku":"","quantity":"3"}],"mode":"c","extra":1}`,
			fields: map[string]string{"name": errs.CodeTooLong, "lines[0].quantity": errs.CodeOutOfRange,
				"lines[1].sku": errs.CodeOutOfRange, "lines[1].quantity": errs.CodeType, "mode": errs.CodeUnknown, "extra": errs.CodeUnexpected}},
		{name: "string for a float", key: "admin-key", body: `{"name":"x","lines":[{"sku":"A","quantity":1,"weight":"1"}]}`, status: 422,
			code: "invalid", fields: map[string]string{"lines[0].weight": errs.CodeType}},
		{name: "integer written as 3.0 is the whole number it is", key: "admin-key", body: `{"name":"x","lines":[{"sku":"A","quantity":3.0}]}`, status: 200},
		{name: "integer written as 30e-1", key: "admin-key", body: `{"name":"x","lines":[{"sku":"A","quantity":30e-1}]}`, status: 200},
		{name: "a fraction is not an integer", key: "admin-key", body: `{"name":"x","lines":[{"sku":"A","quantity":1},{"sku":"A","quantity":3.5}]}`, status: 422,
			code: "invalid", fields: map[string]string{"lines[1].quantity": errs.CodeType}},
		{name: "domain field error", key: "admin-key", body: `{"name":"bad","lines":[]}`, status: 422, code: "invalid",
			fields: map[string]string{"lines[0].sku": errs.CodeUnknown}},
		{name: "conflict", key: "admin-key", body: `{"name":"dup","lines":[]}`, status: 409, code: "conflict"},
		{name: "internal error hides cause", key: "admin-key", body: `{"name":"oops","lines":[]}`, status: 500, code: "internal"},
		{name: "panic is one 500", key: "admin-key", body: `{"name":"panic","lines":[]}`, status: 500, code: "internal"},
		{name: "oversized body", key: "admin-key", body: `{"name":"` + strings.Repeat("x", 2000) + `"}`, status: 413},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			req, _ := http.NewRequest(http.MethodPost, ts.URL+"/v1/things", strings.NewReader(tc.body))
			req.Header.Set("Content-Type", "application/json")
			if tc.key != "" {
				req.Header.Set("Authorization", "Bearer "+tc.key)
			}
			resp, err := http.DefaultClient.Do(req)
			require.NoError(t, err)
			defer resp.Body.Close()
			raw, _ := io.ReadAll(resp.Body)
			require.Equal(t, tc.status, resp.StatusCode, "%s", raw)
			require.NotEmpty(t, resp.Header.Get("X-Request-Id"))
			if tc.status == 200 {
				require.Contains(t, string(raw), `"actor":"key_admin"`)
				return
			}
			require.Equal(t, "application/problem+json", resp.Header.Get("Content-Type"))
			require.NotContains(t, string(raw), "secret connection string")
			var p httpapi.Problem
			require.NoError(t, json.Unmarshal(raw, &p), "%s", raw)
			require.Equal(t, tc.status, p.Status)
			if tc.code != "" {
				require.Equal(t, tc.code, p.Code)
			}
			if tc.fields != nil {
				got := map[string]string{}
				for _, f := range p.Errors {
					got[f.Path] = f.Code
				}
				require.Equal(t, tc.fields, got, "%s", raw)
			}
		})
	}
}

func TestURLTextMustBeCleanUTF8(t *testing.T) {
	ts := newServer(t)
	for url, field := range map[string]string{"/v1/things?mode=%FF": "query.mode", "/v1/things%00": "path", "/v1/things?%C3=a": "query"} {
		req, _ := http.NewRequest(http.MethodPost, ts.URL+url, strings.NewReader(`{"name":"x","lines":[]}`))
		req.Header.Set("Authorization", "Bearer admin-key")
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		var p httpapi.Problem
		require.NoError(t, json.NewDecoder(resp.Body).Decode(&p))
		resp.Body.Close()
		require.Equal(t, http.StatusUnprocessableEntity, resp.StatusCode, url)
		require.Equal(t, field, p.Errors[0].Path, url)
	}
}

func TestUnknownQueryParameterIsRefused(t *testing.T) {
	ts := newServer(t)
	req, _ := http.NewRequest(http.MethodPost, ts.URL+"/v1/things?bogus=1", strings.NewReader(`{"name":"x","lines":[]}`))
	req.Header.Set("Authorization", "Bearer admin-key")
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusUnprocessableEntity, resp.StatusCode)
}

func TestPageCursorRoundTrip(t *testing.T) {
	rows := []string{"a", "b", "c"}
	p := httpapi.NewPage(rows, 2, func(s string) string { return s })
	require.Equal(t, []string{"a", "b"}, p.Items)
	last, err := httpapi.DecodeCursor(p.NextCursor)
	require.NoError(t, err)
	require.Equal(t, "b", last)
	require.Empty(t, httpapi.NewPage(rows[:2], 2, func(s string) string { return s }).NextCursor)
	_, err = httpapi.DecodeCursor("!!!")
	require.Equal(t, "query.cursor", errs.FieldsOf(err)[0].Path)
}
