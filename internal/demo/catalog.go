// Package demo makes the realistic, deterministic data that `waybill demo`
// loads: a few hundred products with plausible weights, sizes, categories,
// barcodes and handling flags, warehouses in different regions with bin
// layouts, and opening stock. The same seed gives the same data.
package demo

import (
	"fmt"
	"math/rand/v2"
	"strconv"
)

// Product is one demo SKU, in the catalogue's own units.
type Product struct {
	SKU                            string
	Name                           string
	Category                       string
	Attributes                     map[string]string
	Barcode                        string // EAN-13 with a valid check digit
	WeightG                        int
	LengthMM, WidthMM, HeightMM    int
	Fragile, Liquid, Valuable, Haz bool
	PriceMinor                     int64
	Currency                       string
}

// family describes a kind of product and the ranges real ones fall in.
type family struct {
	category, noun            string
	brands                    []string
	weightG                   [2]int // min, max
	dimsMM                    [3][2]int
	priceMinor                [2]int64
	fragile, liquid, valuable bool
	hazmat                    bool
	colours, sizes            []string
}

var families = []family{
	{category: "apparel", noun: "Cotton T-Shirt", brands: []string{"Northwind", "Kestrel", "Linden"}, weightG: [2]int{140, 220},
		dimsMM: [3][2]int{{250, 300}, {200, 250}, {15, 30}}, priceMinor: [2]int64{1299, 2999},
		colours: []string{"black", "white", "navy", "heather grey", "olive"}, sizes: []string{"XS", "S", "M", "L", "XL"}},
	{category: "apparel", noun: "Hooded Sweatshirt", brands: []string{"Northwind", "Kestrel"}, weightG: [2]int{480, 720},
		dimsMM: [3][2]int{{320, 360}, {260, 300}, {50, 80}}, priceMinor: [2]int64{3999, 6999},
		colours: []string{"black", "charcoal", "forest green"}, sizes: []string{"S", "M", "L", "XL"}},
	{category: "footwear", noun: "Running Shoe", brands: []string{"Stride", "Apex"}, weightG: [2]int{620, 980},
		dimsMM: [3][2]int{{320, 350}, {200, 220}, {110, 130}}, priceMinor: [2]int64{6999, 14999},
		colours: []string{"white/blue", "black", "coral"}, sizes: []string{"38", "39", "40", "41", "42", "43", "44"}},
	{category: "books", noun: "Paperback Novel", brands: []string{"Harbour Press", "Quill & Ink"}, weightG: [2]int{180, 520},
		dimsMM: [3][2]int{{178, 216}, {108, 140}, {15, 45}}, priceMinor: [2]int64{899, 2199}},
	{category: "kitchen", noun: "Ceramic Mug 350 ml", brands: []string{"Hearth", "Glaze Co"}, weightG: [2]int{310, 380},
		dimsMM: [3][2]int{{120, 125}, {90, 95}, {95, 100}}, priceMinor: [2]int64{1199, 1899}, fragile: true,
		colours: []string{"sand", "slate", "sage"}},
	{category: "kitchen", noun: "Borosilicate Carafe 1 l", brands: []string{"Glaze Co"}, weightG: [2]int{540, 620},
		dimsMM: [3][2]int{{110, 120}, {110, 120}, {240, 260}}, priceMinor: [2]int64{2499, 3499}, fragile: true},
	{category: "grocery", noun: "Whole Bean Coffee", brands: []string{"Ridge Roasters", "Morning Field"}, weightG: [2]int{260, 1040},
		dimsMM: [3][2]int{{190, 260}, {110, 140}, {70, 90}}, priceMinor: [2]int64{999, 3299}, sizes: []string{"250 g", "500 g", "1 kg"}},
	{category: "grocery", noun: "Extra Virgin Olive Oil 750 ml", brands: []string{"Oliveto"}, weightG: [2]int{1150, 1250},
		dimsMM: [3][2]int{{75, 80}, {75, 80}, {290, 310}}, priceMinor: [2]int64{1299, 2199}, fragile: true, liquid: true},
	{category: "beauty", noun: "Eau de Parfum 50 ml", brands: []string{"Maison Lune", "Verde"}, weightG: [2]int{210, 290},
		dimsMM: [3][2]int{{60, 70}, {40, 50}, {120, 140}}, priceMinor: [2]int64{5900, 12900}, fragile: true, liquid: true, hazmat: true},
	{category: "beauty", noun: "Face Moisturiser 50 ml", brands: []string{"Verde", "Calm Skin"}, weightG: [2]int{90, 130},
		dimsMM: [3][2]int{{60, 70}, {60, 70}, {50, 60}}, priceMinor: [2]int64{1599, 3999}, liquid: true},
	{category: "electronics", noun: "Wireless Earbuds", brands: []string{"Sonata", "Pulse"}, weightG: [2]int{120, 180},
		dimsMM: [3][2]int{{100, 120}, {80, 100}, {40, 50}}, priceMinor: [2]int64{4999, 19999}, valuable: true, hazmat: true,
		colours: []string{"black", "white"}},
	{category: "electronics", noun: "13-inch Laptop", brands: []string{"Orbit", "Vantage"}, weightG: [2]int{1800, 2300},
		dimsMM: [3][2]int{{380, 400}, {260, 280}, {60, 80}}, priceMinor: [2]int64{79900, 189900}, fragile: true, valuable: true, hazmat: true,
		colours: []string{"silver", "space grey"}},
	{category: "electronics", noun: "USB-C Cable 2 m", brands: []string{"Pulse", "Linkline"}, weightG: [2]int{60, 90},
		dimsMM: [3][2]int{{150, 180}, {90, 110}, {20, 30}}, priceMinor: [2]int64{899, 2499}},
	{category: "toys", noun: "Wooden Building Blocks (50)", brands: []string{"Little Oak"}, weightG: [2]int{1400, 1900},
		dimsMM: [3][2]int{{300, 320}, {220, 240}, {100, 120}}, priceMinor: [2]int64{2999, 4999}},
	{category: "home", noun: "Linen Duvet Cover", brands: []string{"Linden", "Hearth"}, weightG: [2]int{1100, 1600},
		dimsMM: [3][2]int{{400, 420}, {300, 320}, {80, 100}}, priceMinor: [2]int64{7999, 14999},
		colours: []string{"natural", "white", "terracotta"}, sizes: []string{"single", "double", "king"}},
	{category: "garden", noun: "Lawn Fertiliser 5 kg", brands: []string{"GreenRow"}, weightG: [2]int{5050, 5200},
		dimsMM: [3][2]int{{450, 480}, {300, 320}, {90, 110}}, priceMinor: [2]int64{1999, 2999}, hazmat: true},
	{category: "jewellery", noun: "Sterling Silver Pendant", brands: []string{"Argent"}, weightG: [2]int{20, 45},
		dimsMM: [3][2]int{{80, 100}, {60, 80}, {30, 40}}, priceMinor: [2]int64{8900, 34900}, valuable: true},
	{category: "sports", noun: "Yoga Mat 6 mm", brands: []string{"Apex", "Balance"}, weightG: [2]int{1100, 1500},
		dimsMM: [3][2]int{{610, 630}, {120, 150}, {120, 150}}, priceMinor: [2]int64{2499, 5999},
		colours: []string{"plum", "teal", "black"}},
}

// Products returns n deterministic products for seed.
func Products(seed uint64, n int) []Product {
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	out := make([]Product, 0, n)
	for i := range n {
		f := families[i%len(families)]
		p := Product{
			SKU:        fmt.Sprintf("WB-%s-%04d", code(f.category), i+1),
			Category:   f.category,
			Attributes: map[string]string{},
			Barcode:    ean13(fmt.Sprintf("50%010d", 1_000_000+i)),
			WeightG:    between(r, f.weightG),
			LengthMM:   between(r, f.dimsMM[0]),
			WidthMM:    between(r, f.dimsMM[1]),
			HeightMM:   between(r, f.dimsMM[2]),
			Fragile:    f.fragile, Liquid: f.liquid, Valuable: f.valuable, Haz: f.hazmat,
			PriceMinor: roundPrice(f.priceMinor[0] + r.Int64N(f.priceMinor[1]-f.priceMinor[0]+1)),
			Currency:   "USD",
		}
		brand := f.brands[r.IntN(len(f.brands))]
		p.Attributes["brand"] = brand
		p.Name = brand + " " + f.noun
		if len(f.colours) > 0 {
			c := f.colours[r.IntN(len(f.colours))]
			p.Attributes["colour"] = c
			p.Name += ", " + c
		}
		if len(f.sizes) > 0 {
			s := f.sizes[r.IntN(len(f.sizes))]
			p.Attributes["size"] = s
			p.Name += ", " + s
		}
		out = append(out, p)
	}
	return out
}

func code(category string) string {
	if len(category) < 3 {
		return category
	}
	return string([]byte{category[0] - 32, category[1] - 32, category[2] - 32})
}

func between(r *rand.Rand, lim [2]int) int { return lim[0] + r.IntN(lim[1]-lim[0]+1) }

// roundPrice ends a price in 99 minor units, as shops do.
func roundPrice(p int64) int64 { return max(99, p/100*100+99) }

// ean13 completes 12 digits with their GS1 mod-10 check digit.
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
