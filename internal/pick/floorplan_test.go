package pick_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/pick"
	"github.com/waybill/waybill/internal/pick/route"
	"github.com/waybill/waybill/internal/warehouse"
)

// twoBlocks is a layout of two blocks: three aisles in front, two behind.
func twoBlocks() warehouse.Layout {
	return warehouse.Layout{
		Blocks:      []warehouse.Block{{Code: "F", Length: 10}, {Code: "B", Length: 10}},
		CrossAisles: []warehouse.CrossAisle{{Width: 2}, {Width: 2}, {Width: 2}},
		Aisles: []warehouse.Aisle{{Code: "A-01", Block: "F", X: 1, Length: 10}, {Code: "A-02", Block: "F", X: 4, Length: 10},
			{Code: "A-03", Block: "F", X: 7, Length: 10}, {Code: "B-01", Block: "B", X: 1, Length: 10}, {Code: "B-02", Block: "B", X: 4, Length: 8}},
		Depot: warehouse.Depot{Aisle: "A-01", Distance: 3},
		Zones: []warehouse.Zone{{Code: "A", Kind: warehouse.ZoneAmbient}, {Code: "B", Kind: warehouse.ZoneCold}},
		Bins: []warehouse.Placement{{Bin: "A-01-01-1", Aisle: "A-01", Side: warehouse.SideLeft, Position: 1, Level: 1, Zone: "A", PickFace: true},
			{Bin: "A-03-05-2", Aisle: "A-03", Side: warehouse.SideRight, Position: 9, Level: 2, Zone: "A", PickFace: true},
			{Bin: "B-02-03-4", Aisle: "B-02", Side: warehouse.SideLeft, Position: 6, Level: 4, Zone: "B"}},
	}
}

func TestLayoutRoute(t *testing.T) {
	rl, locs, err := pick.RouteLayout(twoBlocks())
	require.NoError(t, err)
	require.Equal(t, route.Layout{Aisles: 3, Blocks: 2, BlockLength: 12, AisleSpacing: 3, DepotAisle: 0, DepotDistance: 3}, rl)
	require.Equal(t, map[string]route.Location{"A-01-01-1": {Aisle: 0, Pos: 2}, "A-03-05-2": {Aisle: 2, Pos: 10},
		"B-02-03-4": {Aisle: 1, Pos: 19}}, locs)
	picks := []route.Location{locs["B-02-03-4"], locs["A-03-05-2"], locs["A-01-01-1"]}
	r, err := route.Plan(rl, picks, route.Options{})
	require.NoError(t, err)
	require.ElementsMatch(t, []int{0, 1, 2}, r.Order)
	require.Greater(t, r.Length, 2*19.0)

	// A single-block layout derived from bins routes exactly.
	var bins []warehouse.Bin
	for _, in := range warehouse.Grid(warehouse.GridSpec{Zones: []string{"A"}, Aisles: 5, Bays: 10, Levels: 2}) {
		bins = append(bins, warehouse.Bin{Code: in.Code, X: in.X, Y: in.Y})
	}
	l := warehouse.Derive(bins)
	rl, locs, err = pick.RouteLayout(l)
	require.NoError(t, err)
	require.Equal(t, 5, rl.Aisles)
	r, err = route.Plan(rl, []route.Location{locs["A-05-10-1"], locs["A-01-03-2"], locs["A-03-07-1"]}, route.Options{})
	require.NoError(t, err)
	require.Equal(t, route.MethodExact, r.Method)

	// Aisles off a grid are numbered in order, their mean gap apart.
	off := twoBlocks()
	off.Aisles[2].X = 5.2
	rl, locs, err = pick.RouteLayout(off)
	require.NoError(t, err)
	require.Equal(t, 3, rl.Aisles)
	require.InDelta(t, 2.1, rl.AisleSpacing, 1e-9)
	require.Equal(t, 2, locs["A-03-05-2"].Aisle)
	_, _, err = pick.RouteLayout(warehouse.Layout{})
	require.ErrorIs(t, err, route.ErrLayout)
}
