package carton

import (
	"context"
	"time"
)

// Cartonize packs an order: units that fit no carton ship in their own
// packaging, hazmat units go apart from the rest (they may share parcels
// with each other), valuables only in plain cartons, and each group goes
// into the fewest parcels, then the cheapest (cartons, materials and the
// carrier's price), then the least void. The choice is deterministic for
// a seed unless the budget cuts a search short (Plan.Timeout says so).
func Cartonize(ctx context.Context, req Request) (Plan, error) {
	if err := req.validate(); err != nil {
		return Plan{}, err
	}
	pk := newPacker(ctx, &req)
	stock := make([]int, len(req.Cartons))
	for i, c := range req.Cartons {
		stock[i] = c.Stock
	}
	var plan Plan
	var hazmat, rest []unit
	all := pk.units()
	for _, u := range all {
		if tried, ok := pk.anyCarton(u, stock); !ok {
			plan.Parcels = append(plan.Parcels, pk.own(u, tried))
			continue
		}
		if req.Items[u.item].Hazmat {
			hazmat = append(hazmat, u)
		} else {
			rest = append(rest, u)
		}
	}
	for _, g := range [][]unit{hazmat, rest} {
		if len(g) > 0 {
			plan.Parcels = append(plan.Parcels, pk.group(g, stock)...)
		}
	}
	if pk.err != nil {
		return Plan{}, pk.err
	}
	plan.Timeout = pk.timedOut
	plan.summarise(len(all))
	return plan, nil
}

// anyCarton says whether some carton in stock could take unit u alone; if
// none can, it returns why each was turned down.
func (pk *packer) anyCarton(u unit, stock []int) ([]Attempt, bool) {
	var tried []Attempt
	plain := pk.req.Items[u.item].Valuable
	for ci, c := range pk.req.Cartons {
		a := Attempt{Carton: c.Code}
		switch {
		case stock[ci] < 1:
			a.Verdict = OutOfStock
		case plain && !c.Plain:
			a.Verdict = NotPlain
		case !pk.fitsAlone(u, c):
			a.Verdict = TooSmall
		case c.Tare+u.weight > c.MaxGross:
			a.Verdict = TooHeavy
		default:
			return nil, true
		}
		tried = append(tried, a)
	}
	return tried, false
}

// group packs units that may share parcels. With valuables among other
// units it compares everything in plain cartons with the valuables apart
// in plain cartons and the rest in any.
func (pk *packer) group(us []unit, stock []int) []PackedParcel {
	var valuable, other []unit
	for _, u := range us {
		if pk.req.Items[u.item].Valuable {
			valuable = append(valuable, u)
		} else {
			other = append(other, u)
		}
	}
	if len(valuable) == 0 || len(other) == 0 {
		return pk.split(us, len(valuable) > 0, stock)
	}
	sa := append([]int(nil), stock...)
	a := pk.split(us, true, sa)
	sb := append([]int(nil), stock...)
	b := append(pk.split(valuable, true, sb), pk.split(other, false, sb)...)
	if better(b, a) {
		copy(stock, sb)
		return b
	}
	copy(stock, sa)
	return a
}

// better orders parcel sets: fewer parcels, then cheaper, then less void.
func better(a, b []PackedParcel) bool {
	if len(a) != len(b) {
		return len(a) < len(b)
	}
	ca, va := total(a)
	cb, vb := total(b)
	if ca != cb {
		return ca < cb
	}
	return va < vb
}

func total(ps []PackedParcel) (cost int64, void float64) {
	for _, p := range ps {
		cost += p.Cost
		void += p.VoidLitres
	}
	return cost, void
}

// split puts units into one carton if any takes them all, else loads the
// carton that takes the most volume, right-sizes that parcel, and goes on
// with the rest.
func (pk *packer) split(us []unit, plain bool, stock []int) []PackedParcel {
	var out []PackedParcel
	for len(us) > 0 {
		if p, ci, ok := pk.choose(us, plain, stock); ok {
			stock[ci]--
			return append(out, p)
		}
		took := pk.most(us, plain, stock)
		if took == nil { // no carton left in stock for these units
			for _, u := range us {
				out = append(out, pk.own(u, []Attempt{{Carton: "*", Verdict: OutOfStock, Detail: "no carton left that takes it"}}))
			}
			return out
		}
		in, rest := partition(us, took)
		p, ci, ok := pk.choose(in, plain, stock)
		if !ok { // the carrier refuses every carton that takes this part: ship it as the load found it
			p, ci = pk.forced(took)
		}
		stock[ci]--
		out = append(out, p)
		us = rest
	}
	return out
}

// choose is the cheapest carton (then least void) that takes all of us.
func (pk *packer) choose(us []unit, plain bool, stock []int) (PackedParcel, int, bool) {
	var best PackedParcel
	bestCi := -1
	var tried []Attempt
	for ci := range pk.req.Cartons {
		p, a := pk.try(us, ci, plain, stock)
		tried = append(tried, a)
		if a.Verdict != Chosen {
			continue
		}
		if bestCi < 0 || p.Cost < best.Cost || (p.Cost == best.Cost && p.VoidLitres < best.VoidLitres) {
			best, bestCi = p, ci
		}
	}
	if bestCi < 0 {
		return PackedParcel{}, -1, false
	}
	for i := range tried {
		if tried[i].Verdict == Chosen && tried[i].Carton != pk.req.Cartons[bestCi].Code {
			tried[i].Verdict = Dearer
		}
	}
	best.Explanation.Tried = tried
	best.summarise()
	return best, bestCi, true
}

// newPacker starts a cartonization of a validated request: the defaults
// filled in and the deadline set.
func newPacker(ctx context.Context, req *Request) *packer {
	if req.Budget == 0 {
		req.Budget = 200 * time.Millisecond
	}
	pk := &packer{req: req, ctx: ctx, deadline: time.Now().Add(req.Budget), support: req.Support}
	if d, ok := ctx.Deadline(); ok && d.Before(pk.deadline) {
		pk.deadline = d
	}
	switch {
	case req.Support == 0:
		pk.support = DefaultSupport
	case req.Support < 0:
		pk.support = 0
	}
	return pk
}
