package carton

import (
	"strings"
	"time"
)

// Item is one line of an order as the pack station sees it: the product's
// size and weight, the handling it needs and how many units.
type Item struct {
	ID       string `json:"id"`
	Dims     [3]int `json:"dims_mm"`  // length, width, height; a liquid stands on its height
	Weight   int64  `json:"weight_g"` // of one unit
	Quantity int    `json:"quantity"`
	Fragile  bool   `json:"fragile,omitempty"`  // wrapped; nothing heavier rests on it
	Liquid   bool   `json:"liquid,omitempty"`   // upright, in a sealed bag
	Valuable bool   `json:"valuable,omitempty"` // only in a plain carton, so the print does not invite theft
	Hazmat   bool   `json:"hazmat,omitempty"`   // never in a parcel with anything that is not hazmat
}

// Carton is one carton in a warehouse's catalogue, with what the packer
// and the carrier need: inside size to load, outside size to price.
type Carton struct {
	Code     string `json:"code"`
	Inner    [3]int `json:"inner_mm"` // the third dimension is the height, opening on top
	Outer    [3]int `json:"outer_mm"`
	Tare     int64  `json:"tare_g"`
	MaxGross int64  `json:"max_gross_g"` // tare and contents together
	Cost     int64  `json:"cost_minor"`
	Material string `json:"material"` // corrugated, mailer, ...
	Plain    bool   `json:"plain"`    // no brand print
	Stock    int    `json:"stock"`    // on hand; a carton out of stock is not used
}

// Materials are the protection and fill a parcel uses, priced so that the
// cost of protecting an item weighs in the carton choice.
type Materials struct {
	WrapMM             int   `json:"wrap_mm"`     // bubble wrap thickness added on every side of a fragile unit
	WrapCost           int64 `json:"wrap_cost"`   // per fragile unit
	WrapWeight         int64 `json:"wrap_weight"` // g per fragile unit
	BagCost            int64 `json:"bag_cost"`    // sealed bag per liquid unit
	BagWeight          int64 `json:"bag_weight"`
	FillCostPerLitre   int64 `json:"fill_cost_per_litre"` // air pillows, per litre of void (rounded up)
	FillWeightPerLitre int64 `json:"fill_weight_per_litre"`
}

// Parcel is what the carrier prices: outer size and gross weight.
type Parcel struct {
	Outer [3]int // mm
	Gross int64  // g
}

// PriceFunc is the carrier's price for a parcel in minor units, false when
// the carrier cannot take it; dimensional weight is its concern.
type PriceFunc func(Parcel) (int64, bool)

// Request is one cartonization: an order's items, the cartons at hand, the
// materials and the carrier's price.
type Request struct {
	Items     []Item
	Cartons   []Carton
	Materials Materials
	Price     PriceFunc
	// Budget bounds the whole choice; 0 means 200 ms. Each load's greedy
	// pass always completes, so the answer can come a little late on huge
	// orders, never without a plan.
	Budget time.Duration
	// Support is the fraction of a unit's base that must rest on what is
	// under it; 0 means DefaultSupport, a negative value turns it off.
	Support float64
	Seed    uint64
}

// DefaultSupport is the base fraction a unit must rest on unless the
// request says otherwise: most of it, as a packer would stack by hand.
const DefaultSupport = 0.75

// Limits on a request, so that a hostile one cannot run the search long.
const (
	MaxUnits   = 2_000
	MaxCartons = 500
)

func (r *Request) validate() error {
	if len(r.Items) == 0 {
		return invalid("items: none")
	}
	units := 0
	for i, it := range r.Items {
		if strings.TrimSpace(it.ID) == "" {
			return invalid("items[%d].id: empty", i)
		}
		for j, d := range it.Dims {
			if d < 1 || d > MaxDim/10 {
				return invalid("items[%d].dims_mm[%d]: %d is not 1..%d", i, j, d, MaxDim/10)
			}
		}
		if it.Weight < 0 || it.Weight > 1e9 {
			return invalid("items[%d].weight_g: %d is not 0..1000000000", i, it.Weight)
		}
		if it.Quantity < 1 || it.Quantity > MaxUnits {
			return invalid("items[%d].quantity: %d is not 1..%d", i, it.Quantity, MaxUnits)
		}
		units += it.Quantity
		if units > MaxUnits {
			return invalid("items: more than %d units", MaxUnits)
		}
	}
	if len(r.Cartons) > MaxCartons {
		return invalid("cartons: %d, at most %d", len(r.Cartons), MaxCartons)
	}
	for i, c := range r.Cartons {
		if strings.TrimSpace(c.Code) == "" || c.Code == OwnPackaging {
			return invalid("cartons[%d].code: empty or reserved", i)
		}
		for j := range 3 {
			if c.Inner[j] < 1 || c.Inner[j] > MaxDim/10 {
				return invalid("cartons[%d].inner_mm[%d]: %d is not 1..%d", i, j, c.Inner[j], MaxDim/10)
			}
			if c.Outer[j] < c.Inner[j] || c.Outer[j] > MaxDim/10 {
				return invalid("cartons[%d].outer_mm[%d]: %d is smaller than inside or over %d", i, j, c.Outer[j], MaxDim/10)
			}
		}
		if c.Tare < 0 || c.MaxGross <= c.Tare || c.MaxGross > 1e9 {
			return invalid("cartons[%d].max_gross_g: %d must exceed the tare %d (and be under a tonne)", i, c.MaxGross, c.Tare)
		}
		if c.Cost < 0 || c.Stock < 0 {
			return invalid("cartons[%d]: cost and stock must not be negative", i)
		}
	}
	m := r.Materials
	if m.WrapMM < 0 || m.WrapMM > 1000 || m.WrapCost < 0 || m.WrapWeight < 0 || m.BagCost < 0 || m.BagWeight < 0 ||
		m.FillCostPerLitre < 0 || m.FillWeightPerLitre < 0 {
		return invalid("materials: negative amounts (or wrap over 1000 mm)")
	}
	if r.Price == nil {
		return invalid("price: no carrier price given")
	}
	if r.Budget < 0 || r.Support > 1 {
		return invalid("budget must not be negative, support at most 1")
	}
	return nil
}
