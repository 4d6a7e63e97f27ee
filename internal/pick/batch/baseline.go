package batch

import (
	"cmp"
	"slices"
)

// PickByOrder is the baseline without batching: every order walked on its
// own, in release order.
func PickByOrder(p Problem) (Plan, error) {
	if err := p.Validate(); err != nil {
		return Plan{}, err
	}
	var pl Plan
	for _, i := range p.releaseOrder() {
		pl.Batches = append(pl.Batches, p.batchOf([]int{i}))
	}
	pl.total()
	return pl, nil
}

// FCFS is the batching baseline: orders taken in release order (due time,
// then as given), each added to the current cart until the next one does
// not fit or is due too much later, which starts a new cart.
func FCFS(p Problem) (Plan, error) {
	if err := p.Validate(); err != nil {
		return Plan{}, err
	}
	var pl Plan
	var cur []int
	var curLoad load
	for _, i := range p.releaseOrder() {
		next := curLoad.plus(loadOf(p.Orders[i]))
		if len(cur) > 0 && !p.allowed(next) {
			pl.Batches = append(pl.Batches, p.batchOf(cur))
			cur, next = nil, loadOf(p.Orders[i])
		}
		cur, curLoad = append(cur, i), next
	}
	if len(cur) > 0 {
		pl.Batches = append(pl.Batches, p.batchOf(cur))
	}
	pl.total()
	return pl, nil
}

// releaseOrder is the indexes of the orders by due time, then as given.
func (p Problem) releaseOrder() []int {
	idx := make([]int, len(p.Orders))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int { return p.Orders[a].Due.Compare(p.Orders[b].Due) })
	return idx
}

// batchOf routes the given orders as one walk.
func (p Problem) batchOf(orders []int) Batch {
	var pts []int
	for _, i := range orders {
		pts = append(pts, p.Orders[i].Locations...)
	}
	route, d := p.Router.Route(pts)
	return Batch{Orders: slices.Clone(orders), Route: route, Distance: d}
}

// sortBatches puts batches in release order: earliest due order first,
// then the lowest order index; orders inside a batch by index.
func (p Problem) sortBatches(bs []Batch) {
	key := func(b Batch) (int, int) {
		first := b.Orders[0]
		for _, i := range b.Orders {
			if p.Orders[i].Due.Before(p.Orders[first].Due) {
				first = i
			}
		}
		return first, slices.Min(b.Orders)
	}
	for i := range bs {
		slices.Sort(bs[i].Orders)
	}
	slices.SortStableFunc(bs, func(a, b Batch) int {
		fa, ma := key(a)
		fb, mb := key(b)
		if c := p.Orders[fa].Due.Compare(p.Orders[fb].Due); c != 0 {
			return c
		}
		return cmp.Compare(ma, mb)
	})
}
