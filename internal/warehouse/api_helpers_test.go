package warehouse

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/httpapi"
	"github.com/waybill/waybill/internal/httpapi/apitest"
)

// apiEnv is a running API over a fresh database with one key per role.
type apiEnv struct {
	*apitest.Server
	t     *testing.T
	d     *db.DB
	store *Store
}

func newAPI(t *testing.T, d *db.DB) *apiEnv {
	t.Helper()
	s := NewStore(d)
	return &apiEnv{Server: apitest.New(t, d, func(api *httpapi.API) { Register(api, s) }), t: t, d: d, store: s}
}

type response = apitest.Response

// do sends a request as role ("" sends no key).
func (e *apiEnv) do(role actor.Role, method, path, body string) response {
	e.t.Helper()
	return e.Do(role, method, path, body)
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
