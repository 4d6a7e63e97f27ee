package inventory

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/auth"
	"github.com/waybill/waybill/internal/httpapi"
)

// apiEnv is the fixture behind a running API with one key per role.
type apiEnv struct {
	*fixture
	url  string
	keys map[actor.Role]string
}

func newAPI(f *fixture) *apiEnv {
	f.t.Helper()
	keys := auth.NewKeys(f.d)
	srv := httpapi.New(httpapi.Options{Auth: keys})
	Register(srv.API(), f.s)
	ts := httptest.NewServer(srv.Handler())
	f.t.Cleanup(ts.Close)
	e := &apiEnv{fixture: f, url: ts.URL, keys: map[actor.Role]string{}}
	for _, r := range actor.Roles {
		_, secret, err := keys.Create(f.ctx, "test "+string(r), r)
		require.NoError(f.t, err)
		e.keys[r] = secret
	}
	return e
}

type response struct {
	Status int
	Fields []string // "path code" of each problem entry
	Body   map[string]any
	Raw    string
	Type   string
}

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

// scenario is one row of an HTTP table test; detail, when set, must appear
// in the problem's detail.
type scenario struct {
	name         string
	role         actor.Role
	method, path string
	body         string
	status       int
	fields       []string
	detail       string
}

// run plays scenarios in order: a refused one must write nothing, and no
// answer may be a 500.
func (e *apiEnv) run(scenarios []scenario) {
	e.t.Helper()
	for _, sc := range scenarios {
		before := e.counts()
		res := e.do(sc.role, sc.method, sc.path, sc.body)
		require.Equal(e.t, sc.status, res.Status, "%s: %s", sc.name, res.Raw)
		require.Equal(e.t, sc.fields, res.Fields, "%s: %s", sc.name, res.Raw)
		if res.Status >= 400 {
			require.Equal(e.t, before, e.counts(), "%s wrote something", sc.name)
			require.Equal(e.t, "application/problem+json", res.Type, sc.name)
			require.Contains(e.t, res.Body["detail"], sc.detail, sc.name)
		}
	}
}
