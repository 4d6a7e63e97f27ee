package inventory

import (
	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/httpapi"
	"github.com/waybill/waybill/internal/httpapi/apitest"
)

// apiEnv is the fixture behind a running API with one key per role.
type apiEnv struct {
	*fixture
	*apitest.Server
}

func newAPI(f *fixture) *apiEnv {
	f.t.Helper()
	return &apiEnv{fixture: f, Server: apitest.New(f.t, f.d, func(api *httpapi.API) { Register(api, f.s) })}
}

type response = apitest.Response

func (e *apiEnv) do(role actor.Role, method, path, body string) response {
	e.t.Helper()
	return e.Do(role, method, path, body)
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
