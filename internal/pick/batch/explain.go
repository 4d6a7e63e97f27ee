package batch

import (
	"fmt"
	"strings"
)

// Explanation says why a plan is worth following: for each batch, its
// orders, the walk it takes and the walking it saves over picking those
// orders one by one.
type Explanation struct {
	Batches []BatchExplanation
	// Distance is the plan's total walk; SingleDistance the total walk of
	// picking every order on its own.
	Distance, SingleDistance float64
}

// BatchExplanation is one batch of an Explanation.
type BatchExplanation struct {
	Orders []string // the orders' IDs
	Totes  int
	// Distance is the batch's walk; SingleDistance what its orders would
	// walk one by one.
	Distance, SingleDistance float64
}

// Explain describes plan pl of problem p.
func Explain(p Problem, pl Plan) Explanation {
	var e Explanation
	for _, b := range pl.Batches {
		be := BatchExplanation{Distance: b.Distance}
		for _, i := range b.Orders {
			o := p.Orders[i]
			be.Orders = append(be.Orders, o.ID)
			be.Totes += max(o.Totes, 1)
			be.SingleDistance += walkLength(p.Router, o.Locations)
		}
		e.Batches = append(e.Batches, be)
		e.Distance += be.Distance
		e.SingleDistance += be.SingleDistance
	}
	return e
}

// String is the explanation for people, a line per batch.
func (e Explanation) String() string {
	var sb strings.Builder
	for i, b := range e.Batches {
		fmt.Fprintf(&sb, "batch %d: %s (%d totes): walk %.1f, one by one %.1f, saves %.1f\n",
			i+1, strings.Join(b.Orders, ", "), b.Totes, b.Distance, b.SingleDistance, b.SingleDistance-b.Distance)
	}
	fmt.Fprintf(&sb, "total: walk %.1f, one by one %.1f\n", e.Distance, e.SingleDistance)
	return sb.String()
}
