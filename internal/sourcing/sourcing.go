// Package sourcing decides which warehouses ship an order. Its rules are
// pure functions over plain inputs, so they are tested and benchmarked
// without a database and the order engine can call them inside its batch
// transaction.
package sourcing

import (
	"slices"
	"strings"
)

// Warehouse is what sourcing needs to know about a site.
type Warehouse struct {
	ID, Code, Country string
	Regions           []Region // the destinations it serves
	Categories        []string // product categories handled; empty means all
	// ShipDelayDays is 0 if the site can still ship today, before its
	// cut-off, and 1 otherwise. The caller works it out from the cut-off,
	// the site's time zone and the clock, so sourcing stays pure.
	ShipDelayDays int
}

// Region is a destination a warehouse serves: a country, or the postal codes
// of a country that start with Prefix. Its rate is what one parcel from the
// warehouse to that destination costs and takes; the most specific region
// matching a destination gives the rate.
type Region struct {
	Country, Prefix string
	ParcelCost      int64 // minor units per parcel
	PerKgCost       int64 // minor units per kilogram in the parcel
	TransitDays     int   // days from hand-over to delivery
}

// Line is one order line to source. Lines of one product share its stock.
type Line struct {
	ProductID, Category string
	Quantity            int64
	WeightGrams         int64 // per unit; lines of one product weigh the same
}

// Request is an order to source to a destination.
type Request struct {
	Country, PostalCode string // PostalCode normalised: upper case, no spaces
	Lines               []Line
	PromisedDays        int // delivery promised within this many days; 0: no promise
}

// Available reports what a warehouse can still promise of a product.
type Available func(warehouseID, productID string) int64

// Allocation reserves Quantity of line Line in a warehouse.
type Allocation struct {
	Line        int
	WarehouseID string
	Quantity    int64
}

// Plan is a sourcing decision: allocations, and per line what no warehouse
// could cover. The rules that price their decisions (Optimizer, Greedy) also
// fill in the estimate and the explanation to keep with the order; Nearest
// leaves them zero.
type Plan struct {
	Allocations []Allocation
	Short       []int64
	Cost        int64     // estimated shipping plus penalties, minor units
	Parcels     int       // one per warehouse shipping
	Arrivals    []Arrival // per warehouse shipping, in allocation order
	Explanation Explanation
}

// Arrival is when a warehouse's parcel is expected, in days from now.
type Arrival struct {
	WarehouseID string `json:"warehouse_id"`
	Days        int    `json:"days"`
	LateDays    int    `json:"late_days,omitempty"` // past the promise
}

// Sourcer chooses warehouses for an order: Nearest, Greedy and Optimizer
// implement it.
type Sourcer interface {
	Source(req Request, avail Available) Plan
}

// Nearest ships each order from the best-matching eligible warehouse that can
// cover all of it, and otherwise line by line from the best-matching ones
// with stock, splitting where one cannot cover a line. "Best-matching" ranks
// the warehouses serving the destination by the most specific postal prefix,
// then those in the destination country, then by code: without geocoding,
// the region a warehouse is configured to serve is the proxy for distance.
type Nearest struct {
	Warehouses []Warehouse
}

// Source implements Sourcer.
func (n Nearest) Source(req Request, avail Available) Plan {
	plan := Plan{Short: make([]int64, len(req.Lines))}
	ranked := n.rank(req)
	used := map[[2]string]int64{}
	left := func(w, p string) int64 { return avail(w, p) - used[[2]string{w, p}] }
	demand := map[string]int64{}
	for _, l := range req.Lines {
		demand[l.ProductID] += l.Quantity
	}
	for _, w := range ranked {
		if coversAll(w, req.Lines, demand, left) {
			for i, l := range req.Lines {
				plan.Allocations = append(plan.Allocations, Allocation{Line: i, WarehouseID: w.ID, Quantity: l.Quantity})
			}
			return plan
		}
	}
	for i, l := range req.Lines {
		need := l.Quantity
		for _, w := range ranked {
			if need == 0 {
				break
			}
			if !handles(w, l.Category) {
				continue
			}
			take := min(need, left(w.ID, l.ProductID))
			if take <= 0 {
				continue
			}
			used[[2]string{w.ID, l.ProductID}] += take
			plan.Allocations = append(plan.Allocations, Allocation{Line: i, WarehouseID: w.ID, Quantity: take})
			need -= take
		}
		plan.Short[i] = need
	}
	return plan
}

func coversAll(w Warehouse, lines []Line, demand map[string]int64, left func(w, p string) int64) bool {
	for _, l := range lines {
		if !handles(w, l.Category) || left(w.ID, l.ProductID) < demand[l.ProductID] {
			return false
		}
	}
	return true
}

// rank returns the warehouses serving the destination, best first.
func (n Nearest) rank(req Request) []Warehouse {
	type scored struct {
		w      Warehouse
		prefix int
	}
	var out []scored
	for _, w := range n.Warehouses {
		best := -1
		for _, r := range w.Regions {
			if r.Country == req.Country && strings.HasPrefix(req.PostalCode, r.Prefix) {
				best = max(best, len(r.Prefix))
			}
		}
		if best >= 0 {
			out = append(out, scored{w, best})
		}
	}
	slices.SortStableFunc(out, func(a, b scored) int {
		if a.prefix != b.prefix {
			return b.prefix - a.prefix
		}
		if ah, bh := a.w.Country == req.Country, b.w.Country == req.Country; ah != bh {
			if ah {
				return -1
			}
			return 1
		}
		return strings.Compare(a.w.Code, b.w.Code)
	})
	ws := make([]Warehouse, len(out))
	for i, s := range out {
		ws[i] = s.w
	}
	return ws
}

func handles(w Warehouse, category string) bool {
	return len(w.Categories) == 0 || slices.Contains(w.Categories, category)
}
