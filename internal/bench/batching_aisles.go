package bench

import (
	"context"
	"fmt"

	"github.com/waybill/waybill/internal/pick/batch"
	"github.com/waybill/waybill/internal/pick/route"
)

// The aisle cases of `waybill bench batching`: generated orders batched on
// a warehouse of aisles, every walk planned by internal/pick/route (exact
// on the single block), as the warehouse stage batches them. Both layouts
// store the same 360 locations: twelve aisles 3 m apart and 30 m long, a
// location every metre, the depot 2 m before aisle 6; the second has a
// cross aisle halfway, making two blocks of 15 m.

// aisleLayout is the layout of some aisle cases, named for the report.
type aisleLayout struct {
	name   string
	layout route.Layout
}

// aisleLayouts are the layouts of the aisle cases.
func aisleLayouts() []aisleLayout {
	return []aisleLayout{
		{"1 block", route.Layout{Aisles: 12, Blocks: 1, BlockLength: 30, AisleSpacing: 3, DepotAisle: 6, DepotDistance: 2}},
		{"2 blocks", route.Layout{Aisles: 12, Blocks: 2, BlockLength: 15, AisleSpacing: 3, DepotAisle: 6, DepotDistance: 2}},
	}
}

// runAisles adds a case per layout and number of orders. Each method's
// run gets a new router, so none finds walks another has remembered.
func runAisles(ctx context.Context, rep *BatchingReport, o BatchingOptions) error {
	judged, fast := false, true
	for _, al := range aisleLayouts() {
		locs := slots(al.layout)
		for _, n := range o.AisleOrders {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			r, err := batch.NewAisleLayout(al.layout, locs, nil)
			if err != nil {
				return err
			}
			p := aisleOrders(r, len(locs), n, o.Cutoffs, o.Seed)
			fig, err := runBatching(func() (batch.Problem, error) {
				p.Router, err = batch.NewAisleLayout(al.layout, locs, nil)
				return p, err
			}, o.Seed)
			if err != nil {
				return fmt.Errorf("aisles, %s, %d orders: %w", al.name, n, err)
			}
			name := fmt.Sprintf("generated, %d cut-offs, %s of %d aisles", o.Cutoffs, al.name, al.layout.Aisles)
			rep.Aisles = append(rep.Aisles, BatchingInstance{Name: name, Generated: true, BatchingFigures: fig})
			if n >= 500 {
				judged, fast = true, fast && fig.Seconds < 2
			}
		}
	}
	rep.Targets.AislesSpeed = judged && fast
	return nil
}

// slots is a location every metre of every aisle, in the middle of each.
func slots(l route.Layout) []route.Location {
	var locs []route.Location
	for a := range l.Aisles {
		for m := range int(l.Length()) {
			locs = append(locs, route.Location{Aisle: a, Pos: float64(m) + 0.5})
		}
	}
	return locs
}

// aisleOrders draws n orders over the points by batch.Generate, from
// templates of 1 to 12 lines that cover every point; the cart is eight
// totes of 40 litres, as in the Foodmart instances.
func aisleOrders(r batch.Router, points, n, cutoffs int, seed uint64) batch.Problem {
	base := batch.Problem{Router: r, Cart: batch.Cart{Totes: 8, Volume: 320}}
	for at, size := 0, 1; at < points; at, size = at+size, size%12+1 {
		t := batch.Order{}
		for x := at; x < min(at+size, points); x++ {
			t.Locations = append(t.Locations, x)
		}
		base.Orders = append(base.Orders, t)
	}
	return batch.Generate(base, n, cutoffs, seed)
}
