package order_test

import (
	"testing"

	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/flowtest"
	"github.com/waybill/waybill/internal/order"
)

// setup is the whole flow over d (flowtest) with the engine configured as cfg.
func setup(t *testing.T, d *db.DB, cfg order.Config) *flowtest.Rig {
	t.Helper()
	return flowtest.New(t, d, flowtest.Options{Engine: cfg})
}
