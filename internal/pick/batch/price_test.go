package batch

import "testing"

// TestPricingBounds: the bounds local search cuts swaps with hold. A walk
// with an order traded for another is never shorter than the walk with the
// first order only taken out, on the grid's matrix and on aisles with
// precedence classes.
func TestPricingBounds(t *testing.T) {
	ps := randomProblems(t, 6)
	for _, blocks := range []int{1, 2} {
		r, _, _, _ := aisles(t, blocks, true)
		ps = append(ps, aisleProblem(r, 80, uint64(blocks)))
	}
	for n, p := range ps {
		s := newState(p)
		s.seedBuild()
		for _, w := range s.bs {
			s.withoutEach(w)
			for k, o := range w.orders {
				bound := s.distWithout(w, k)
				for q := range p.Orders {
					if s.of[q] == w.id {
						continue
					}
					if _, d := s.reshape(w, o, q, nil); d < bound-boundTol {
						t.Fatalf("problem %d: batch %d with order %d traded for %d walks %v, below %v without it",
							n, w.id, o, q, d, bound)
					}
				}
			}
		}
	}
}
