package flowtest

import (
	"testing"

	"github.com/waybill/waybill/internal/clock"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/setting"
	"github.com/waybill/waybill/internal/warehouse"
)

// USShop is a Rig set up for review and release: COD is offered in the US
// (so a COD order is confirmed at intake and goes straight to review), two
// products SKU-000 and SKU-001 with no stock yet, and two rated warehouses:
// EAST serves the whole US at 9.00 a parcel in 4 days, WEST serves postal
// codes starting with 9 (California) at 3.00 in a day. The job runner runs
// on clk.
type USShop struct {
	*Rig
	SKUs []string
}

// NewUSShop builds a USShop over d; opts may set more (the engine's
// settings are the defaults with COD offered in the US only).
func NewUSShop(t testing.TB, d *db.DB, clk *clock.Fixed, opts Options) *USShop {
	t.Helper()
	rules := setting.Defaults()
	rules.CODCountries = []string{"US"}
	opts.Engine.Settings = setting.Static(rules)
	opts.Clock = clk
	s := &USShop{Rig: New(t, d, opts)}
	s.SKUs = s.AddProducts(t, 2)
	s.AddRatedWarehouse(t, "EAST", warehouse.Region{Country: "US", ParcelCostMinor: 900, TransitDays: 4})
	s.AddRatedWarehouse(t, "WEST", warehouse.Region{Country: "US", PostalPrefixes: []string{"9"}, ParcelCostMinor: 300, TransitDays: 1})
	return s
}
