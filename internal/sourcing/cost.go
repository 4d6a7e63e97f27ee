package sourcing

import (
	"cmp"
	"strings"
)

// Defaults of Pricing: a parcel beyond the first costs a pick, a box and a
// second delivery to the customer; a late day costs goodwill and refunds.
const (
	DefaultExtraParcelPenalty    = 800
	DefaultLatenessPenaltyPerDay = 500
)

// Pricing holds the penalties weighed against shipping cost, in minor units.
// Zero takes the default; a negative value means no penalty.
type Pricing struct {
	ExtraParcelPenalty    int64 // per parcel beyond the first
	LatenessPenaltyPerDay int64 // per parcel, per day past the promise
}

func (p Pricing) resolved() Pricing {
	return Pricing{
		ExtraParcelPenalty:    max(0, cmp.Or(p.ExtraParcelPenalty, DefaultExtraParcelPenalty)),
		LatenessPenaltyPerDay: max(0, cmp.Or(p.LatenessPenaltyPerDay, DefaultLatenessPenaltyPerDay)),
	}
}

// milli is a thousandth of a minor unit. Costs are summed in millis so that
// the per-kilogram term is exact per gram: the cost of a set of warehouses
// is then linear in what each ships, which is what makes filling from the
// cheapest per-kilogram warehouse first optimal (see problem.evaluate).
const milli = 1000

// toMinor rounds millis to the nearest minor unit.
func toMinor(m int64) int64 { return (m + milli/2) / milli }

// rateFor returns the most specific of w's regions that serves the
// destination, and whether any does.
func rateFor(w *Warehouse, req Request) (Region, bool) {
	best, found := Region{}, false
	for _, r := range w.Regions {
		if r.Country != req.Country || !strings.HasPrefix(req.PostalCode, r.Prefix) {
			continue
		}
		if !found || len(r.Prefix) > len(best.Prefix) {
			best, found = r, true
		}
	}
	return best, found
}

// arrival is the days until a parcel from w reaches the destination, and the
// days it is late against the promise.
func arrival(w *Warehouse, r Region, promised int) (days, late int) {
	days = w.ShipDelayDays + r.TransitDays
	if promised > 0 {
		late = max(0, days-promised)
	}
	return days, late
}

// outcome is the price of one way to ship the order. Lower is better, by
// units short first (an order is never left short to save money), then cost,
// then parcels, then the latest arrival.
type outcome struct {
	short    int64
	cost     int64 // millis, everything below included
	penalty  int64 // millis, extra parcels
	lateness int64 // millis
	parcels  int
	latest   int // days until the last parcel arrives
}

func (o outcome) better(than outcome) bool {
	if o.short != than.short {
		return o.short < than.short
	}
	if o.cost != than.cost {
		return o.cost < than.cost
	}
	if o.parcels != than.parcels {
		return o.parcels < than.parcels
	}
	return o.latest < than.latest
}
