package warehouse

import (
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
	"github.com/waybill/waybill/internal/httpapi"
)

// apiEnv is a running API over a fresh database with one key per role.
type apiEnv struct {
	t     *testing.T
	d     *db.DB
	store *Store
	url   string
	keys  map[actor.Role]string
}

func newAPI(t *testing.T, d *db.DB) *apiEnv {
	t.Helper()
	keys := auth.NewKeys(d)
	srv := httpapi.New(httpapi.Options{Auth: keys})
	s := NewStore(d)
	Register(srv.API(), s)
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	e := &apiEnv{t: t, d: d, store: s, url: ts.URL, keys: map[actor.Role]string{}}
	for _, r := range actor.Roles {
		_, secret, err := keys.Create(testCtx(), "test "+string(r), r)
		require.NoError(t, err)
		e.keys[r] = secret
	}
	return e
}

// response is what a scenario asserts on: status, problem fields, body.
type response struct {
	Status int
	Fields []string // "path code" of each problem entry
	Body   map[string]any
	Raw    string
	Type   string // Content-Type
}

// do sends a request as role ("" sends no key).
func (e *apiEnv) do(role actor.Role, method, path, body string) response {
	e.t.Helper()
	req, err := http.NewRequest(method, e.url+path, strings.NewReader(body))
	require.NoError(e.t, err)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if role != "" {
		req.Header.Set("Authorization", "Bearer "+e.keys[role])
	}
	res, err := http.DefaultClient.Do(req)
	require.NoError(e.t, err)
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	require.NoError(e.t, err)
	out := response{Status: res.StatusCode, Raw: string(raw), Type: res.Header.Get("Content-Type")}
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

// scenario is one row of an HTTP table test.
type scenario struct {
	name         string
	role         actor.Role
	method, path string
	body         string
	status       int
	fields       []string // expected problem entries, in order; nil for none
}

// run plays the scenarios in order; a refused one must leave every table as
// it was, and no answer may be a 500.
func (e *apiEnv) run(scenarios []scenario) {
	e.t.Helper()
	for _, sc := range scenarios {
		before := counts(e.t, e.d)
		res := e.do(sc.role, sc.method, sc.path, sc.body)
		require.Equal(e.t, sc.status, res.Status, "%s: %s", sc.name, res.Raw)
		require.Equal(e.t, sc.fields, res.Fields, "%s: %s", sc.name, res.Raw)
		if res.Status >= 400 {
			require.Equal(e.t, before, counts(e.t, e.d), "%s wrote something", sc.name)
			require.Equal(e.t, "application/problem+json", res.Type, sc.name)
		}
	}
}
