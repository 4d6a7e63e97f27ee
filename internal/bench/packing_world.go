package bench

import (
	"fmt"
	"hash/fnv"
	"path/filepath"
	"strconv"

	"github.com/waybill/waybill/internal/pack/carton"
)

// The world of the orders part: a carton catalogue, protection materials
// and a carrier price, all defined here so the figures can be checked.

// packingCartons is a realistic catalogue of a small e-commerce warehouse:
// three corrugated mailers and eight regular slotted cartons in common
// stock sizes (inches: 9x6x2, 12x9x3, 15x12x4 mailers; 6, 8, 10, 12 in
// cubes; 12x8x4, 16x12x12, 18 in cube, 24x16x16), single wall 3 mm a side
// (double wall 6 mm for the largest), tares and prices as in 2024
// catalogues of packaging suppliers for bundles of 25 (US cents), and two
// plain (unprinted) cartons for valuables. Max gross weights are the
// box-maker's ratings for the board.
func packingCartons() []carton.Carton {
	c := func(code string, l, w, h, wall int, tare, maxGross, cost int64, material string, plain bool) carton.Carton {
		return carton.Carton{Code: code, Inner: [3]int{l, w, h}, Outer: [3]int{l + 2*wall, w + 2*wall, h + 2*wall},
			Tare: tare, MaxGross: maxGross, Cost: cost, Material: material, Plain: plain, Stock: 10_000}
	}
	return []carton.Carton{
		c("MLR-0906", 229, 152, 51, 3, 70, 5_000, 48, "corrugated mailer", false),
		c("MLR-1209", 305, 229, 76, 3, 130, 9_000, 72, "corrugated mailer", false),
		c("MLR-1512", 381, 305, 102, 3, 230, 12_000, 98, "corrugated mailer", false),
		c("RSC-06", 152, 152, 152, 3, 110, 15_000, 38, "single wall RSC", false),
		c("RSC-1284", 305, 203, 102, 3, 160, 15_000, 49, "single wall RSC", false),
		c("RSC-08", 203, 203, 203, 3, 180, 20_000, 58, "single wall RSC", false),
		c("RSC-10", 254, 254, 254, 3, 290, 25_000, 84, "single wall RSC", false),
		c("RSC-12", 305, 305, 305, 3, 400, 30_000, 112, "single wall RSC", false),
		c("RSC-161212", 406, 305, 305, 3, 570, 30_000, 145, "single wall RSC", false),
		c("RSC-18", 457, 457, 457, 3, 900, 30_000, 230, "single wall RSC", false),
		c("DW-241616", 610, 406, 406, 6, 1_600, 30_000, 390, "double wall RSC", false),
		c("PLN-10", 254, 254, 254, 3, 290, 25_000, 99, "plain RSC", true),
		c("PLN-161212", 406, 305, 305, 3, 570, 30_000, 165, "plain RSC", true),
	}
}

// packingMaterials: 5 mm of bubble wrap per fragile unit (0.12 $ and
// 15 g), a sealed bag per liquid (0.06 $, 8 g), air pillows at 0.02 $ and
// 3 g per litre of void.
func packingMaterials() carton.Materials {
	return carton.Materials{WrapMM: 5, WrapCost: 12, WrapWeight: 15, BagCost: 6, BagWeight: 8, FillCostPerLitre: 2, FillWeightPerLitre: 3}
}

// packingPrice is a zone-less ground service: the billable weight is the
// greater of the actual weight and the dimensional weight (outer length x
// width x height in cm over 5000, kg), rounded up to the next 0.5 kg, and
// priced by weight breaks (US cents); above 30 kg billable, 1.10 $ per
// further kg. The carrier takes no parcel over 30 kg actual, longer than
// 120 cm, or over 300 cm length plus girth.
func packingPrice(p carton.Parcel) (int64, bool) {
	d := p.Outer
	long := max(d[0], d[1], d[2])
	girth := 2 * (d[0] + d[1] + d[2] - long)
	if p.Gross > 30_000 || long > 1_200 || long+girth > 3_000 {
		return 0, false
	}
	dim := (int64(d[0])*int64(d[1])*int64(d[2]) + 4) / 5 / 1000 // mm3 / 5000 cm3/kg = g
	bill := (max(p.Gross, dim) + 499) / 500 * 500
	breaks := []struct {
		upTo  int64
		price int64
	}{{500, 650}, {1_000, 750}, {2_000, 890}, {3_000, 1_020}, {5_000, 1_250}, {10_000, 1_790}, {15_000, 2_350}, {20_000, 2_890}, {30_000, 3_750}}
	for _, b := range breaks {
		if bill <= b.upTo {
			return b.price, true
		}
	}
	return 3_750 + (bill-30_000+999)/1_000*110, true
}

// Handling by Olist category (Portuguese names as in the file): fragile
// goods are wrapped, liquids stand and are bagged, valuables go plain,
// perfume is hazmat (flammable, UN1266 in limited quantity) as carriers
// treat it.
var (
	fragileCategories  = set("utilidades_domesticas", "la_cuisine", "portateis_casa_forno_e_cafe", "eletronicos", "audio", "cine_foto", "consoles_games", "pcs", "tablets_impressao_imagem", "pc_gamer", "artes")
	liquidCategories   = set("perfumaria", "bebidas", "alimentos_bebidas")
	valuableCategories = set("relogios_presentes", "telefonia", "pcs", "tablets_impressao_imagem", "pc_gamer")
	hazmatCategories   = set("perfumaria")
)

func set(names ...string) map[string]bool {
	m := map[string]bool{}
	for _, n := range names {
		m[n] = true
	}
	return m
}

// olistProduct is a product of the Olist catalogue as an order line.
type olistProduct struct {
	id       string
	category string
	dims     [3]int // mm
	weight   int64  // g
}

// readOlist reads the products with all of weight and size given.
func readOlist(dir string) ([]olistProduct, error) {
	rows, err := readColumns(filepath.Join(dir, "olist", "products.csv"), "product_id", "product_category_name",
		"product_weight_g", "product_length_cm", "product_width_cm", "product_height_cm")
	if err != nil {
		return nil, err
	}
	var out []olistProduct
	for _, r := range rows {
		p := olistProduct{id: r[0], category: r[1]}
		ok := true
		for i, s := range r[2:] {
			v, err := strconv.ParseFloat(s, 64)
			if err != nil || v <= 0 || v > 100_000 {
				ok = false
				break
			}
			if i == 0 {
				p.weight = int64(v)
			} else {
				p.dims[i-1] = int(v * 10)
			}
		}
		if ok {
			out = append(out, p)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("olist/products.csv: no product with weight and size")
	}
	return out, nil
}

// olistFor maps an Instacart product to an Olist product: FNV-1a of the
// seed and the Instacart product id, modulo the catalogue. The same
// product always maps to the same one, so reorders and popular products
// keep their frequency.
func olistFor(seed uint64, instacartProduct string, n int) int {
	h := fnv.New64a()
	fmt.Fprintf(h, "%d/%s", seed, instacartProduct)
	return int(h.Sum64() % uint64(n))
}

// instacartBaskets reads the order lines and returns each order's
// Instacart product ids, in the file's order, at most n orders.
func instacartBaskets(dir string, n int) ([][]string, error) {
	rows, err := readColumns(filepath.Join(dir, "instacart", "order_products__prior.csv"), "order_id", "product_id")
	if err != nil {
		return nil, err
	}
	var out [][]string
	last := ""
	for _, r := range rows {
		if r[0] != last {
			if len(out) == n {
				break
			}
			out = append(out, nil)
			last = r[0]
		}
		out[len(out)-1] = append(out[len(out)-1], r[1])
	}
	return out, nil
}
