package demo

import (
	"math"
	"math/rand/v2"
	"slices"
	"strconv"

	"github.com/waybill/waybill/internal/warehouse"
)

// Warehouse is one demo site with the destinations it serves.
type Warehouse struct {
	Code, Name               string
	Line1, City, Region, Zip string
	Country                  string
	Lat, Lon                 float64
	Serves                   map[string][]string // country → postal prefixes (nil: whole country)
	Cutoff, Timezone         string
	Categories               []string // nil: every category
	Bins                     []warehouse.BinInput
	Layout                   warehouse.Layout // where the bins sit, for pick routes
}

// Warehouses returns four sites on four continents, each with 180 bins: zones
// A and B, five aisles of six bays on three levels. Frankfurt's layout has
// two blocks (zone A in front, zone B behind it, a cross aisle between);
// the others one block with zone B's aisles beside zone A's.
func Warehouses() []Warehouse {
	ws := []Warehouse{
		{Code: "US-EWR1", Name: "Newark Fulfilment Centre", Line1: "200 Doremus Ave", City: "Newark", Region: "NJ", Zip: "07105",
			Country: "US", Lat: 40.7254, Lon: -74.1350, Cutoff: "16:00", Timezone: "America/New_York",
			Serves: map[string][]string{"US": nil, "CA": nil}},
		{Code: "DE-FRA1", Name: "Frankfurt EU Hub", Line1: "Cargo City Süd, Gebäude 537", City: "Frankfurt am Main", Region: "HE", Zip: "60549",
			Country: "DE", Lat: 50.0379, Lon: 8.5622, Cutoff: "15:00", Timezone: "Europe/Berlin",
			Serves: map[string][]string{"DE": nil, "FR": nil, "GB": nil, "NL": nil, "BE": nil, "AT": nil}},
		{Code: "CN-SHA1", Name: "Shanghai Waigaoqiao Warehouse", Line1: "1 Jilong Road, Waigaoqiao FTZ", City: "Shanghai", Region: "SH", Zip: "200131",
			Country: "CN", Lat: 31.3381, Lon: 121.5878, Cutoff: "17:00", Timezone: "Asia/Shanghai",
			Serves: map[string][]string{"CN": nil, "HK": nil, "TW": nil}},
		{Code: "BR-GRU1", Name: "Guarulhos Distribution Centre", Line1: "Rodovia Hélio Smidt, 1500", City: "Guarulhos", Region: "SP", Zip: "07190-100",
			Country: "BR", Lat: -23.4356, Lon: -46.4731, Cutoff: "14:00", Timezone: "America/Sao_Paulo",
			Serves: map[string][]string{"BR": {"0", "1", "2", "3"}}, Categories: []string{"apparel", "footwear", "books", "electronics", "beauty", "sports"}},
	}
	zoneB := []string{warehouse.ZoneCold, warehouse.ZoneHazmat, warehouse.ZoneCaged, warehouse.ZoneAmbient}
	for i := range ws {
		ws[i].Bins = warehouse.Grid(warehouse.GridSpec{Zones: []string{"A", "B"}, Aisles: 5, Bays: 6, Levels: 3})
		ws[i].Layout = demoLayout(ws[i].Bins, ws[i].Code == "DE-FRA1", zoneB[i])
	}
	return ws
}

// demoLayout places the grid's bins: each zone-aisle of the codes is an
// aisle (bays 1.2 m apart, the first 0.6 m from the aisle's front end; odd
// bays on the left), levels 1-2 are pick faces and 3 reserve. With
// twoBlocks, zone B's aisles stand behind zone A's instead of beside them.
func demoLayout(bins []warehouse.BinInput, twoBlocks bool, kindB string) warehouse.Layout {
	const length, spacing = 7.8, 3.0
	l := warehouse.Layout{
		Blocks:      []warehouse.Block{{Code: "MAIN", Length: length}},
		CrossAisles: []warehouse.CrossAisle{{Width: 3}, {Width: 2}},
		Depot:       warehouse.Depot{Aisle: "A-01", Distance: 4},
		Zones:       []warehouse.Zone{{Code: "A", Kind: warehouse.ZoneAmbient}, {Code: "B", Kind: kindB}},
	}
	if twoBlocks {
		l.Blocks = []warehouse.Block{{Code: "FRONT", Length: length}, {Code: "BACK", Length: length}}
		l.CrossAisles = []warehouse.CrossAisle{{Width: 3}, {Width: 2.5}, {Width: 2}}
	}
	seen := map[string]bool{}
	for _, b := range bins {
		c, err := warehouse.ParseBinCode(b.Code)
		if err != nil {
			continue // the grid's codes all parse
		}
		aisle := c.Zone + "-" + c.Aisle
		if !seen[aisle] {
			seen[aisle] = true
			a := warehouse.Aisle{Code: aisle, Block: l.Blocks[0].Code, X: b.X, Length: length}
			if twoBlocks && c.Zone == "B" {
				a.Block, a.X = l.Blocks[1].Code, float64(len(l.Aisles)-5)*spacing
			}
			l.Aisles = append(l.Aisles, a)
		}
		bay, _ := strconv.Atoi(c.Bay)
		level, _ := strconv.Atoi(c.Level)
		side := warehouse.SideRight
		if bay%2 == 1 {
			side = warehouse.SideLeft
		}
		l.Bins = append(l.Bins, warehouse.Placement{Bin: b.Code, Aisle: aisle, Side: side, Position: math.Round((b.Y-0.6)*1000) / 1000,
			Level: level, Zone: c.Zone, PickFace: level <= 2})
	}
	return l
}

// Stock is an opening receipt of one product into one bin.
type Stock struct {
	Warehouse, Bin, SKU string
	Quantity            int
}

// OpeningStock places each product in two or three of the warehouses that
// handle its category, in one bin each, with skewed quantities (a few
// popular items deep, most shallow). The scarce products (ScarceSKUs) get
// one unit in the first warehouse only.
func OpeningStock(seed uint64, products []Product, ws []Warehouse) []Stock {
	r := rand.New(rand.NewPCG(seed, seed^0xda942042e4dd58b5))
	scarce := ScarceSKUs(products)
	var out []Stock
	for _, p := range products {
		if slices.Contains(scarce, p.SKU) {
			out = append(out, Stock{Warehouse: ws[0].Code, Bin: ws[0].Bins[0].Code, SKU: p.SKU, Quantity: 1})
			continue
		}
		placed := 0
		for _, i := range r.Perm(len(ws)) {
			w := ws[i]
			if placed == 3 || (placed >= 2 && r.IntN(2) == 0) || !handles(w, p.Category) {
				continue
			}
			qty := 5 + int(r.ExpFloat64()*40)
			out = append(out, Stock{Warehouse: w.Code, Bin: w.Bins[r.IntN(len(w.Bins))].Code, SKU: p.SKU, Quantity: qty})
			placed++
		}
	}
	return out
}

func handles(w Warehouse, category string) bool {
	return w.Categories == nil || slices.Contains(w.Categories, category)
}
