package bench

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/waybill/waybill/internal/pack/carton"
)

// The carrier bills the greater of actual and dimensional weight, in
// half-kilo steps over weight breaks, and refuses what it cannot carry.
func TestPackingPrice(t *testing.T) {
	for _, c := range []struct {
		outer [3]int
		gross int64
		price int64
		ok    bool
	}{
		{[3]int{235, 158, 57}, 300, 650, true},                  // 2.1 l / 5000 = 0.42 kg: first break
		{[3]int{235, 158, 57}, 501, 750, true},                  // actual weight over 0.5 kg
		{[3]int{412, 311, 311}, 2_000, 1_790, true},             // 39.8 l -> 7.97 kg dimensional, billed 8 kg: the 10 kg break
		{[3]int{622, 418, 418}, 5_000, 3_750, true},             // 108.7 l -> 21.7 kg, billed 22 kg: the 30 kg break
		{[3]int{1_300, 100, 100}, 1_000, 0, false},              // longer than 120 cm
		{[3]int{300, 300, 300}, 31_000, 0, false},               // over 30 kg actual
		{[3]int{1_000, 700, 700}, 10_000, 0, false},             // 100 + 2 x 140 cm = 380 cm length plus girth
		{[3]int{1_000, 500, 400}, 10_000, 3_750 + 10*110, true}, // 200 l -> 40 kg: 10 kg over 30
	} {
		got, ok := packingPrice(carton.Parcel{Outer: c.outer, Gross: c.gross})
		require.Equal(t, c.ok, ok, "%v", c.outer)
		require.Equal(t, c.price, got, "%v %d g", c.outer, c.gross)
	}
}

// The same Instacart product always maps to the same Olist product, and
// the seed changes the mapping.
func TestOlistFor(t *testing.T) {
	require.Equal(t, olistFor(1, "123", 1000), olistFor(1, "123", 1000))
	differs := false
	for i := range 20 {
		id := string(rune('a' + i))
		if olistFor(1, id, 1000) != olistFor(2, id, 1000) {
			differs = true
		}
	}
	require.True(t, differs)
}

// A volume-rule parcel whose units do not fit its carton counts as what
// the cartonizer makes of them.
func TestPhysically(t *testing.T) {
	cartons := packingCartons()
	byCode := map[string]carton.Carton{}
	for _, c := range cartons {
		byCode[c.Code] = c
	}
	// A 40 cm rod has a tenth of the smallest mailer's volume but is longer than it.
	req := carton.Request{Items: []carton.Item{{ID: "rod", Dims: [3]int{400, 30, 30}, Weight: 500, Quantity: 1}},
		Cartons: cartons, Materials: packingMaterials(), Price: packingPrice}
	naive, err := carton.VolumeRule(req)
	require.NoError(t, err)
	require.Len(t, naive.Parcels, 1)
	require.Equal(t, "MLR-0906", naive.Parcels[0].Carton)
	fixed, fits, err := physically(context.Background(), req, naive.Parcels[0], byCode)
	require.NoError(t, err)
	require.False(t, fits)
	require.Len(t, fixed, 1)
	require.NotEqual(t, "MLR-0906", fixed[0].Carton)
	// A small cube fits where the rule put it.
	req.Items[0].Dims = [3]int{100, 100, 40}
	naive, err = carton.VolumeRule(req)
	require.NoError(t, err)
	_, fits, err = physically(context.Background(), req, naive.Parcels[0], byCode)
	require.NoError(t, err)
	require.True(t, fits)
}
