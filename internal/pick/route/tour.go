package route

// graph is the tour subgraph the dynamic programme chose: its vertices are
// the depot and picks (0..n), then the back and front end of each aisle;
// its edges are listed once per copy, ends in one flat slice.
type graph struct {
	vertices int
	ends     []int32 // edge e joins ends[2e] and ends[2e+1]
}

func (g *graph) add(a, b, copies int) {
	for range copies {
		g.ends = append(g.ends, int32(a), int32(b))
	}
}

// chain adds copies of the edges along a path of vertices.
func (g *graph) chain(copies int, vs ...int) {
	for i := 1; i < len(vs); i++ {
		g.add(vs[i-1], vs[i], copies)
	}
}

// rebuild follows the programme's steps back from the final state and
// builds the edges of the tour.
func rebuild(l Layout, aisles [][]stop, back []step, last state, n int) *graph {
	g := &graph{vertices: n + 1 + 2*l.Aisles, ends: make([]int32, 0, 4*(n+2*l.Aisles))}
	top := func(j int) int { return n + 1 + 2*j }
	bottom := func(j int) int { return n + 2 + 2*j }
	s := last
	for k := 2*l.Aisles - 1; k > 0; k-- {
		st := back[k*nStates+int(s)]
		j := k / 2
		if k%2 == 1 {
			nodes := make([]int, 0, len(aisles[j])+2)
			nodes = append(nodes, bottom(j))
			for _, p := range aisles[j] {
				nodes = append(nodes, p.node)
			}
			nodes = append(nodes, top(j))
			switch st.cfg {
			case cfgTraverse:
				g.chain(1, nodes...)
			case cfgTwice:
				g.chain(2, nodes...)
			case cfgTop:
				g.chain(2, nodes[1:]...)
			case cfgBottom:
				g.chain(2, nodes[:len(nodes)-1]...)
			case cfgGap:
				i, _ := largestGap(aisles[j])
				g.chain(2, nodes[:i+2]...)
				g.chain(2, nodes[i+2:]...)
			}
		} else {
			g.add(top(j-1), top(j), int(st.x))
			g.add(bottom(j-1), bottom(j), int(st.y))
		}
		s = st.from
	}
	return g
}

// order walks an Euler tour from the depot (Hierholzer) and lists the
// picks in the order the walk first reaches them. The edges are indexed
// by vertex in one array (first[v]..first[v+1] in adj).
func (g *graph) order(n int) []int {
	m := len(g.ends) / 2
	first := make([]int32, g.vertices+1)
	for _, v := range g.ends {
		first[v+1]++
	}
	for v := range g.vertices {
		first[v+1] += first[v]
	}
	adj := make([]int32, 2*m) // edge ids
	fill := append([]int32(nil), first[:g.vertices]...)
	for e := range int32(m) {
		for _, v := range g.ends[2*e : 2*e+2] {
			adj[fill[v]] = e
			fill[v]++
		}
	}
	used := make([]bool, m)
	next := fill[:0]
	next = append(next, first[:g.vertices]...) // reuse: the cursor into each vertex's edges
	seen := make([]bool, n+1)
	order := make([]int, 0, n)
	stack := make([]int32, 1, m+1) // starts at the depot, vertex 0
	circuit := make([]int32, 0, m+1)
	for len(stack) > 0 {
		v := stack[len(stack)-1]
		for next[v] < first[v+1] && used[adj[next[v]]] {
			next[v]++
		}
		if next[v] == first[v+1] {
			circuit = append(circuit, v)
			stack = stack[:len(stack)-1]
			continue
		}
		e := adj[next[v]]
		used[e] = true
		to := g.ends[2*e]
		if to == v {
			to = g.ends[2*e+1]
		}
		stack = append(stack, to)
	}
	// The circuit comes out reversed; a tour walked backwards is as long.
	for i := len(circuit) - 1; i >= 0; i-- {
		if v := int(circuit[i]); v > 0 && v <= n && !seen[v] {
			seen[v] = true
			order = append(order, v-1)
		}
	}
	return order
}
