package flowtest

import (
	_ "embed"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/pack"
)

// Eastline is the rate data of the table carrier the fixtures ship with:
// Eastline Parcel, ground (5 days, cheap) and air (1 day, dear), from
// warehouse EAST to the whole US.
//
//go:embed eastline.json
var Eastline []byte

// AddDock makes warehouse EAST (Newark, serving the US) ready to pack and
// ship: skus received in stock units each, a carton M (250 mm inside,
// 300 g, cartons of them on hand) and the Eastline carrier.
func (r *Rig) AddDock(t testing.TB, skus []string, stock, cartons int64) {
	t.Helper()
	r.AddWarehouse(t, "EAST")
	for _, sku := range skus {
		r.Receive(t, "EAST", sku, stock)
	}
	_, err := r.Packing.PutCarton(As(Chief), "EAST", "M", pack.Carton{InnerMM: [3]int64{250, 250, 250},
		OuterMM: [3]int64{262, 262, 262}, TareG: 300, MaxWeightG: 20000, CostMinor: 90, Material: "corrugated", OnHand: cartons, Active: true})
	require.NoError(t, err)
	_, err = r.Shipping.PutCarrier(As(Chief), Eastline, true)
	require.NoError(t, err)
}
