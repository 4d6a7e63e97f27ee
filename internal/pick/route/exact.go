package route

import (
	"cmp"
	"fmt"
	"math"
	"slices"
)

// stop is a point an aisle's configuration must cover: a pick (node i+1
// for pick i) or the depot (node 0, at the front of its aisle).
type stop struct {
	pos  float64
	node int
}

// step remembers how the programme reached a state, to rebuild the tour.
type step struct {
	from state
	cfg  config // vertical steps
	x, y int8   // horizontal steps
}

// Exact finds a shortest route through a single-block layout by Ratliff and
// Rosenthal's dynamic programme (1983): aisle by aisle from left to right,
// each state one of the seven equivalence classes of partial tours, each
// aisle covered by one of six configurations and joined to the next by 0, 1
// or 2 copies of each cross-aisle edge. Its time is linear in the aisles
// and the picks. The route lists the picks in the order the tour first
// meets them; picks at one location are visited together.
func Exact(l Layout, picks []Location) (Route, error) {
	if err := l.checkAll(picks); err != nil {
		return Route{}, err
	}
	if l.Blocks != 1 {
		return Route{}, fmt.Errorf("%w: the exact method needs a single block, got %d", ErrLayout, l.Blocks)
	}
	if len(picks) == 0 {
		return Route{Order: []int{}, Method: MethodExact}, nil // nothing to fetch: no walk
	}
	aisles := byAisle(l, picks)
	L := l.BlockLength
	inf := math.Inf(1)
	cost := make([]float64, 2*l.Aisles*nStates) // [2j]: left of aisle j, [2j+1]: right
	back := make([]step, len(cost))
	for i := range cost {
		cost[i] = inf
	}
	cost[0*nStates+int(stEmpty)] = 0
	for j := range l.Aisles {
		in, out := 2*j*nStates, (2*j+1)*nStates
		stops := aisles[j]
		var costs [nConfigs]float64
		for c := range nConfigs {
			costs[c] = aisleCost(c, stops, L)
		}
		moves := &verticalMoves[min(len(stops), 1)]
		for s := range state(nStates) {
			c0 := cost[in+int(s)]
			if c0 == inf {
				continue
			}
			for c, mv := range moves[s] {
				if !mv.ok {
					continue
				}
				if v := c0 + costs[c]; v < cost[out+int(mv.to)] {
					cost[out+int(mv.to)], back[out+int(mv.to)] = v, step{from: s, cfg: config(c)}
				}
			}
		}
		if j+1 == l.Aisles {
			break
		}
		next := (2*j + 2) * nStates
		for s := range state(nStates) {
			c0 := cost[out+int(s)]
			if c0 == inf {
				continue
			}
			for xy, mv := range horizontalMoves[s] {
				if !mv.ok {
					continue
				}
				x, y := xy/3, xy%3
				if v := c0 + float64(x+y)*l.AisleSpacing; v < cost[next+int(mv.to)] {
					cost[next+int(mv.to)], back[next+int(mv.to)] = v, step{from: s, x: int8(x), y: int8(y)}
				}
			}
		}
	}
	last, best := state(0), inf
	for s := range state(nStates) {
		if v := cost[(2*l.Aisles-1)*nStates+int(s)]; s.final() && v < best {
			last, best = s, v
		}
	}
	if best == inf {
		return Route{}, fmt.Errorf("route: no tour found") // cannot happen: the depot's aisle always has a stop
	}
	g := rebuild(l, aisles, back, last, len(picks))
	return Route{Order: g.order(len(picks)), Length: best + 2*l.DepotDistance, Method: MethodExact}, nil
}

// byAisle sorts the stops of each aisle from front to back; the depot is a
// stop at the front of its aisle, so every tour reaches it. The aisles'
// slices share one array.
func byAisle(l Layout, picks []Location) [][]stop {
	all := make([]stop, 0, len(picks)+1)
	all = append(all, stop{pos: 0, node: 0})
	aisleOf := func(s stop) int {
		if s.node == 0 {
			return l.DepotAisle
		}
		return picks[s.node-1].Aisle
	}
	for i, p := range picks {
		all = append(all, stop{pos: p.Pos, node: i + 1})
	}
	slices.SortFunc(all, func(x, y stop) int {
		return cmp.Or(cmp.Compare(aisleOf(x), aisleOf(y)), cmp.Compare(x.pos, y.pos), cmp.Compare(x.node, y.node))
	})
	aisles := make([][]stop, l.Aisles)
	for start := 0; start < len(all); {
		a, end := aisleOf(all[start]), start+1
		for end < len(all) && aisleOf(all[end]) == a {
			end++
		}
		aisles[a] = all[start:end:end]
		start = end
	}
	return aisles
}

// aisleCost is the length of the vertical edges a configuration uses
// (infinite for one that needs stops the aisle lacks).
func aisleCost(c config, stops []stop, L float64) float64 {
	if len(stops) == 0 && (c == cfgTop || c == cfgBottom || c == cfgGap) {
		return math.Inf(1)
	}
	switch c {
	case cfgTraverse:
		return L
	case cfgTwice:
		return 2 * L
	case cfgTop:
		return 2 * (L - stops[0].pos)
	case cfgBottom:
		return 2 * stops[len(stops)-1].pos
	case cfgGap:
		if len(stops) < 2 {
			return math.Inf(1)
		}
		_, gap := largestGap(stops)
		return 2 * (L - gap)
	}
	return 0
}

// largestGap returns the index i of the largest gap between stops i and
// i+1, and its length (the first of equal gaps).
func largestGap(stops []stop) (int, float64) {
	at, gap := 0, -1.0
	for i := range len(stops) - 1 {
		if g := stops[i+1].pos - stops[i].pos; g > gap {
			at, gap = i, g
		}
	}
	return at, gap
}
