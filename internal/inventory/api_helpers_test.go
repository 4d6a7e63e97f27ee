package inventory

import (
	"github.com/waybill/waybill/internal/apitest"
	"github.com/waybill/waybill/internal/httpapi"
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

// snapshot is what a refused request must leave as it was, for Run.
func (e *apiEnv) snapshot() any { return e.counts() }
