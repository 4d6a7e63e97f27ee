package bench

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strconv"

	"github.com/waybill/waybill/internal/catalog"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/inventory"
	"github.com/waybill/waybill/internal/warehouse"
)

// The floor of `waybill bench picking`: one warehouse of two blocks of 20
// aisles (aisle A-21 stands behind behind A-20), 3 m apart, ten
// bays a side 1.2 m apart on three levels; levels 1 and 2 are pick faces,
// level 3 reserve. Every bin is in one ambient zone, so a walk may cross
// the cross aisle between the blocks. The depot faces A-10.
const (
	pickWarehouse = "US-PICK"
	pickAisles    = 20 // per block
	pickBays      = 10
	pickLevels    = 3
	pickBlockLen  = 12.0
)

// pickFloor is the floor's bins and the layout that places them.
func pickFloor() ([]warehouse.BinInput, warehouse.Layout) {
	l := warehouse.Layout{
		Blocks:      []warehouse.Block{{Code: "FRONT", Length: pickBlockLen}, {Code: "BACK", Length: pickBlockLen}},
		CrossAisles: []warehouse.CrossAisle{{Width: 3}, {Width: 2.5}, {Width: 2}},
		Depot:       warehouse.Depot{Aisle: "A-10", Distance: 4},
		Zones:       []warehouse.Zone{{Code: "A", Kind: warehouse.ZoneAmbient}},
	}
	var bins []warehouse.BinInput
	for a := 1; a <= 2*pickAisles; a++ {
		block, x := l.Blocks[(a-1)/pickAisles], float64((a-1)%pickAisles)*3
		aisle := fmt.Sprintf("A-%02d", a)
		l.Aisles = append(l.Aisles, warehouse.Aisle{Code: aisle, Block: block.Code, X: x, Length: pickBlockLen})
		for b := 1; b <= pickBays; b++ {
			pos := float64(b)*1.2 - 0.6
			side := warehouse.SideRight
			if b%2 == 1 {
				side = warehouse.SideLeft
			}
			for lv := 1; lv <= pickLevels; lv++ {
				code := fmt.Sprintf("%s-%02d-%d", aisle, b, lv)
				y := pos
				if block.Code == "BACK" {
					y += pickBlockLen + 2.5
				}
				bins = append(bins, warehouse.BinInput{Code: code, X: x, Y: y})
				l.Bins = append(l.Bins, warehouse.Placement{Bin: code, Aisle: aisle, Side: side, Position: pos, Level: lv,
					Zone: "A", PickFace: lv < pickLevels})
			}
		}
	}
	return bins, l
}

// pickProduct is one product of the catalogue and where it is stocked.
type pickProduct struct {
	sku, gtin           string
	face, reserve       string // bin codes
	heavy, fragile      bool
	demand              int64 // units the generated orders ask for
	faceQty, reserveQty int64
}

// pickCatalogue makes n products with an EAN-13 each, one in twenty heavy
// (routed first) and one in ten fragile (routed last), each slotted in a
// pick face and a reserve bin drawn at random: popularity and slot are
// independent, as in a warehouse never re-slotted.
func pickCatalogue(rng *rand.Rand, n int, bins []warehouse.BinInput) []pickProduct {
	var faces, reserves []string
	for _, b := range bins {
		if b.Code[len(b.Code)-1] == byte('0'+pickLevels) {
			reserves = append(reserves, b.Code)
		} else {
			faces = append(faces, b.Code)
		}
	}
	rng.Shuffle(len(faces), func(i, j int) { faces[i], faces[j] = faces[j], faces[i] })
	rng.Shuffle(len(reserves), func(i, j int) { reserves[i], reserves[j] = reserves[j], reserves[i] })
	ps := make([]pickProduct, n)
	for i := range ps {
		ps[i] = pickProduct{sku: fmt.Sprintf("PICK-%04d", i), gtin: ean13(fmt.Sprintf("40%010d", 7_000_000+i)),
			face: faces[i%len(faces)], reserve: reserves[i%len(reserves)], heavy: i%20 == 7, fragile: i%10 == 3}
	}
	return ps
}

// ean13 completes 12 digits with their GS1 check digit.
func ean13(twelve string) string {
	sum := 0
	for i, c := range twelve {
		d := int(c - '0')
		if i%2 == 1 {
			d *= 3
		}
		sum += d
	}
	return twelve + strconv.Itoa((10-sum%10)%10)
}

// seedFloor stores the warehouse, its bins and layout, the catalogue and
// its stock: each pick face holds four fifths of what the orders will ask
// for (at least one unit), the reserve bin one more than all of it, so
// some lines are picked from reserve.
func seedFloor(ctx context.Context, d *db.DB, ps []pickProduct) error {
	ins := make([]catalog.ProductInput, len(ps))
	for i, p := range ps {
		grams := int64(300 + 37*i%2500)
		if p.heavy {
			grams = 12_000
		}
		ins[i] = catalog.ProductInput{SKU: p.sku, Name: "Picking product " + p.sku, Category: "general", Barcodes: []string{p.gtin},
			WeightG: grams, LengthMM: 200, WidthMM: 150, HeightMM: 100, Fragile: p.fragile, PriceMinor: 1299, Currency: "USD"}
	}
	if _, err := catalog.NewStore(d).CreateMany(ctx, ins); err != nil {
		return fmt.Errorf("products: %w", err)
	}
	ws := warehouse.NewStore(d)
	if _, err := ws.Create(ctx, warehouse.Input{Code: pickWarehouse, Name: "Picking benchmark DC", Latitude: 40.7, Longitude: -74.1,
		Address:       warehouse.Address{Line1: "1 Dock St", City: "Newark", Region: "NJ", PostalCode: "07105", Country: "US"},
		RegionsServed: []warehouse.Region{{Country: "US"}}, CutoffTime: "16:00", Timezone: "America/New_York"}); err != nil {
		return fmt.Errorf("warehouse: %w", err)
	}
	bins, layout := pickFloor()
	for start := 0; start < len(bins); start += warehouse.MaxBinsPerCall {
		if _, err := ws.AddBins(ctx, pickWarehouse, bins[start:min(start+warehouse.MaxBinsPerCall, len(bins))]); err != nil {
			return fmt.Errorf("bins: %w", err)
		}
	}
	if _, err := ws.PutLayout(ctx, pickWarehouse, layout); err != nil {
		return fmt.Errorf("layout: %w", err)
	}
	var rs []inventory.Receipt
	for i := range ps {
		p := &ps[i]
		p.faceQty = max(1, p.demand*4/5)
		p.reserveQty = p.demand + 1
		rs = append(rs, inventory.Receipt{Warehouse: pickWarehouse, Bin: p.face, SKU: p.sku, Quantity: p.faceQty, Reference: "BENCH-PICK"},
			inventory.Receipt{Warehouse: pickWarehouse, Bin: p.reserve, SKU: p.sku, Quantity: p.reserveQty, Reference: "BENCH-PICK"})
	}
	if _, err := inventory.NewStore(d, inventory.WithWaiting(inventory.NoneWaiting)).ReceiveAll(ctx, rs); err != nil {
		return fmt.Errorf("stock: %w", err)
	}
	return nil
}
