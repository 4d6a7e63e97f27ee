package demo

import (
	"math/rand/v2"
	"slices"

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
}

// Warehouses returns four sites on four continents, each with 180 bins: zones
// A and B, five aisles of six bays on three levels.
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
	for i := range ws {
		ws[i].Bins = warehouse.Grid(warehouse.GridSpec{Zones: []string{"A", "B"}, Aisles: 5, Bays: 6, Levels: 3})
	}
	return ws
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
