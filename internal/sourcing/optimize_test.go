package sourcing_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/sourcing"
)

// site is a warehouse serving all of Brazil at one rate.
func site(id string, parcel, perKg int64, days int, cats ...string) sourcing.Warehouse {
	return sourcing.Warehouse{ID: id, Code: id, Country: "BR", Categories: cats,
		Regions: []sourcing.Region{{Country: "BR", ParcelCost: parcel, PerKgCost: perKg, TransitDays: days}}}
}

func line(product string, qty int64) sourcing.Line {
	return sourcing.Line{ProductID: product, Category: "general", Quantity: qty, WeightGrams: 500}
}

func order(lines ...sourcing.Line) sourcing.Request {
	return sourcing.Request{Country: "BR", PostalCode: "01310100", Lines: lines}
}

// shippedFrom is each line's warehouses, in allocation order.
func shippedFrom(plan sourcing.Plan) map[int][]string {
	out := map[int][]string{}
	for _, a := range plan.Allocations {
		out[a.Line] = append(out[a.Line], a.WarehouseID)
	}
	return out
}

func TestOptimizer(t *testing.T) {
	tests := []struct {
		name    string
		ws      []sourcing.Warehouse
		req     sourcing.Request
		stock   stock
		want    map[int][]string
		parcels int
		short   []int64
	}{
		{
			name:  "one warehouse holding everything ships it all in one parcel, though another is nearer for one line",
			ws:    []sourcing.Warehouse{site("near", 900, 100, 1), site("far", 1100, 150, 3)},
			req:   order(line("mug", 1), line("tea", 2)),
			stock: stock{"near": {"mug": 5}, "far": {"mug": 5, "tea": 5}},
			want:  map[int][]string{0: {"far"}, 1: {"far"}}, parcels: 1, short: []int64{0, 0},
		},
		{
			name:  "a split where no single warehouse holds everything",
			ws:    []sourcing.Warehouse{site("a", 900, 100, 1), site("b", 1000, 100, 1), site("c", 5000, 100, 1)},
			req:   order(line("mug", 1), line("tea", 1)),
			stock: stock{"a": {"mug": 1}, "b": {"tea": 1}, "c": {"mug": 1, "tea": 1}},
			want:  map[int][]string{0: {"a"}, 1: {"b"}}, parcels: 2, short: []int64{0, 0},
		},
		{
			name:  "a category the cheap warehouse does not handle ships from one that does",
			ws:    []sourcing.Warehouse{site("dry", 500, 50, 1, "books"), site("any", 1500, 200, 2)},
			req:   order(line("mug", 1)),
			stock: stock{"dry": {"mug": 9}, "any": {"mug": 9}},
			want:  map[int][]string{0: {"any"}}, parcels: 1, short: []int64{0},
		},
		{
			name:  "fewest units short beats a cheaper plan",
			ws:    []sourcing.Warehouse{site("a", 900, 100, 1), site("b", 3000, 100, 1)},
			req:   order(line("mug", 3)),
			stock: stock{"a": {"mug": 2}, "b": {"mug": 1}},
			want:  map[int][]string{0: {"a", "b"}}, parcels: 2, short: []int64{0},
		},
		{
			name:  "lines of one product share its stock; what nobody holds is short",
			ws:    []sourcing.Warehouse{site("a", 900, 100, 1)},
			req:   order(line("mug", 2), line("mug", 2), line("tea", 1)),
			stock: stock{"a": {"mug": 3}},
			want:  map[int][]string{0: {"a"}, 1: {"a"}}, parcels: 1, short: []int64{0, 1, 1},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			plan := sourcing.Optimizer{Warehouses: tc.ws}.Source(tc.req, tc.stock.available)
			require.Equal(t, tc.want, shippedFrom(plan))
			require.Equal(t, tc.parcels, plan.Parcels)
			require.Equal(t, tc.short, plan.Short)
			require.Equal(t, "exact", plan.Explanation.Method)
		})
	}
}

// A promise turns the cheaper but slower warehouse into the dearer choice.
func TestOptimizerLatenessChangesTheWinner(t *testing.T) {
	slow, fast := site("slow", 900, 100, 5), site("fast", 1200, 100, 1)
	fast.ShipDelayDays = 1
	ws := []sourcing.Warehouse{slow, fast}
	st := stock{"slow": {"mug": 1}, "fast": {"mug": 1}}
	req := order(line("mug", 1))

	plan := sourcing.Optimizer{Warehouses: ws}.Source(req, st.available)
	require.Equal(t, "slow", plan.Allocations[0].WarehouseID, "no promise: the cheaper rate wins")

	req.PromisedDays = 3
	plan = sourcing.Optimizer{Warehouses: ws}.Source(req, st.available)
	require.Equal(t, "fast", plan.Allocations[0].WarehouseID, "2 days late at 500 a day outweighs 300 of shipping")
	require.Equal(t, []sourcing.Arrival{{WarehouseID: "fast", Days: 2}}, plan.Arrivals)

	plan = sourcing.Optimizer{Warehouses: ws, Pricing: sourcing.Pricing{LatenessPenaltyPerDay: -1}}.Source(req, st.available)
	require.Equal(t, "slow", plan.Allocations[0].WarehouseID, "lateness priced at nothing")
	require.Equal(t, []sourcing.Arrival{{WarehouseID: "slow", Days: 5, LateDays: 2}}, plan.Arrivals)
}

// The most specific region gives the rate, and the cost adds up from it.
func TestOptimizerPricesFromTheMostSpecificRegion(t *testing.T) {
	w := sourcing.Warehouse{ID: "sp", Code: "SP", Regions: []sourcing.Region{
		{Country: "BR", ParcelCost: 2000, PerKgCost: 400, TransitDays: 4},
		{Country: "BR", Prefix: "01", ParcelCost: 800, PerKgCost: 100, TransitDays: 1},
	}}
	l := line("mug", 3) // 1.5 kg
	plan := sourcing.Optimizer{Warehouses: []sourcing.Warehouse{w}}.Source(order(l), stock{"sp": {"mug": 3}}.available)
	require.Equal(t, int64(800+150), plan.Cost)
	require.Equal(t, []sourcing.Arrival{{WarehouseID: "sp", Days: 1}}, plan.Arrivals)
}

// The explanation names every warehouse serving the destination, says why
// the others were left out, and prices the alternatives.
func TestOptimizerExplains(t *testing.T) {
	ws := []sourcing.Warehouse{
		site("a", 900, 100, 1), site("b", 1000, 100, 1), site("books", 100, 10, 1, "books"), site("empty", 100, 10, 1),
		{ID: "pt", Code: "pt", Regions: []sourcing.Region{{Country: "PT"}}},
	}
	st := stock{"a": {"mug": 1, "tea": 1}, "b": {"mug": 1, "tea": 1}, "books": {"mug": 1}}
	plan := sourcing.Optimizer{Warehouses: ws}.Source(order(line("mug", 1), line("tea", 1)), st.available)

	e := plan.Explanation
	require.Equal(t, 1, e.NotServing)
	require.Len(t, e.Candidates, 4)
	excluded := map[string]string{}
	for _, c := range e.Candidates {
		excluded[c.WarehouseID] = c.Excluded
	}
	require.Equal(t, map[string]string{"a": "", "b": "", "books": "handles none of the order's categories", "empty": "holds none of the order"}, excluded)
	require.Equal(t, []string{"a"}, e.Options[0].Warehouses)
	require.Equal(t, plan.Cost, e.Options[0].Cost)
	require.Equal(t, []string{"b"}, e.Options[1].Warehouses)
	require.Equal(t, int64(100), e.Options[1].Cost-e.Options[0].Cost)
	require.Contains(t, e.String(), "ships from a: 1 parcel(s)")
	require.Contains(t, e.String(), "next best b costs 100 more")
	require.Positive(t, e.Evaluated)

	var back sourcing.Explanation
	raw, err := json.Marshal(e)
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(raw, &back))
	require.Equal(t, e, back)
}

func TestOptimizerNothingToShip(t *testing.T) {
	plan := sourcing.Optimizer{Warehouses: []sourcing.Warehouse{site("a", 900, 100, 1)}}.Source(order(line("mug", 2)), stock{}.available)
	require.Empty(t, plan.Allocations)
	require.Equal(t, []int64{2}, plan.Short)
	require.Zero(t, plan.Parcels)
	require.Contains(t, plan.Explanation.Reason, "no warehouse serving BR 01310100 holds any of the order")
}

// Greedy takes each line from the nearest warehouse with stock, so it splits
// the order the optimiser ships whole.
func TestGreedySplitsLineByLine(t *testing.T) {
	ws := []sourcing.Warehouse{site("near", 900, 100, 1), site("far", 1100, 150, 3)}
	st := stock{"near": {"mug": 1}, "far": {"mug": 5, "tea": 5}}
	req := order(line("mug", 2), line("tea", 1))

	plan := sourcing.Greedy{Warehouses: ws}.Source(req, st.available)
	require.Equal(t, map[int][]string{0: {"near", "far"}, 1: {"far"}}, shippedFrom(plan))
	require.Equal(t, 2, plan.Parcels)
	require.Equal(t, int64(900+50+1100+150+sourcing.DefaultExtraParcelPenalty), plan.Cost, "half a kilo from near, a kilo from far")
	require.Equal(t, "greedy", plan.Explanation.Method)

	opt := sourcing.Optimizer{Warehouses: ws}.Source(req, st.available)
	require.Equal(t, 1, opt.Parcels)
	require.Less(t, opt.Cost, plan.Cost)
}
