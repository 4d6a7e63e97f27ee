package batch

// Router measures walks on a warehouse: the batching methods ask it for the
// walk through a batch's points, and the optimiser prices candidate
// batches with its distances before routing the ones it keeps. Two
// implement it: Layout, a matrix of shortest distances (the Foodmart
// instances), and AisleLayout, a warehouse of aisles walked by the routing
// optimiser of internal/pick/route.
type Router interface {
	// Points is how many points orders may name: 0..Points()-1.
	Points() int
	// Route is the walk from the depot through the given points and back:
	// the points in the order visited, each once (repeats are dropped),
	// and the walk's length. The same points in any order give the same
	// walk; the slice returned is the caller's.
	Route(points []int) ([]int, float64)
	// Dist is the shortest walk between two points, the same both ways,
	// or between a point and Depot. Being shortest, no leg is longer than
	// a detour through a third point: the optimiser's bounds rely on it.
	Dist(from, to int) float64
}

// Depot stands for the depot in Router.Dist: the start depot as from, the
// end depot as to.
const Depot = -1

// refiner is a router that shortens a given walk faster than routing its
// points afresh, in place, returning its length. The optimiser refines the
// walk it priced a move on instead of routing the batch again.
type refiner interface {
	improve(tour []int) float64
}

// classed is a router whose points have precedence classes its walks
// keep (lower classes first): the optimiser prices moves on walks that
// keep them too. Nil: no classes.
type classed interface {
	precedence() []int
}

// length is the walk through tour, in that order, from depot to depot.
func length(r Router, tour []int) float64 {
	prev, d := Depot, 0.0
	for _, p := range tour {
		d += r.Dist(prev, p)
		prev = p
	}
	return d + r.Dist(prev, Depot)
}

// walkLength is the length of r's walk through the points.
func walkLength(r Router, points []int) float64 {
	_, d := r.Route(points)
	return d
}
