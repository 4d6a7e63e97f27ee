package warehouse

import (
	"testing"

	"github.com/waybill/waybill/internal/apitest"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/httpapi"
)

// apiEnv is a running API over a fresh database with one key per role.
type apiEnv struct {
	*apitest.Server
	t *testing.T
	d *db.DB
}

func newAPI(t *testing.T, d *db.DB) *apiEnv {
	t.Helper()
	s := NewStore(d)
	return &apiEnv{Server: apitest.New(t, d, func(api *httpapi.API) { Register(api, s) }), t: t, d: d}
}

// snapshot is what a refused request must leave as it was, for Run: every
// table this package writes, plus the audit log.
func (e *apiEnv) snapshot() any { return counts(e.t, e.d) }
