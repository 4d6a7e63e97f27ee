package batch

import "time"

// load is what a set of orders puts on a cart, and the span of their due
// times.
type load struct {
	totes          int
	volume, weight float64
	first, last    time.Time // earliest and latest due
	orders         int
}

// loadOf is one order's load; an order fills at least one tote.
func loadOf(o Order) load {
	return load{totes: max(o.Totes, 1), volume: o.Volume, weight: o.Weight, first: o.Due, last: o.Due, orders: 1}
}

// plus is the load of both sets together.
func (a load) plus(b load) load {
	if a.orders == 0 {
		return b
	}
	if b.orders == 0 {
		return a
	}
	r := load{totes: a.totes + b.totes, volume: a.volume + b.volume, weight: a.weight + b.weight,
		first: a.first, last: a.last, orders: a.orders + b.orders}
	if b.first.Before(r.first) {
		r.first = b.first
	}
	if b.last.After(r.last) {
		r.last = b.last
	}
	return r
}

// fits says whether the load goes on one cart. A small tolerance keeps
// sums of fractional volumes from refusing an exact fit.
func (c Cart) fits(l load) bool {
	const tol = 1e-9
	return (c.Totes == 0 || l.totes <= c.Totes) &&
		(c.Volume == 0 || l.volume <= c.Volume+tol) &&
		(c.Weight == 0 || l.weight <= c.Weight+tol)
}

// allowed says whether the load may share one walk: it fits the cart and
// its orders' due times lie within the problem's spread.
func (p Problem) allowed(l load) bool {
	return p.Cart.fits(l) && p.dueFits(l)
}

// dueFits says whether the load's due times lie within the spread.
func (p Problem) dueFits(l load) bool {
	return l.last.Sub(l.first) <= p.DueSpread
}

// loadOfSet sums the loads of the given orders.
func (p Problem) loadOfSet(orders []int) load {
	var l load
	for _, i := range orders {
		l = l.plus(loadOf(p.Orders[i]))
	}
	return l
}
