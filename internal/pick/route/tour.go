package route

// graph is the tour subgraph the dynamic programme chose: its vertices are
// the depot and picks (0..n), then the back and front end of each aisle;
// each edge copy is listed once per end.
type graph struct {
	adj [][]edgeEnd
	m   int // edges
}

type edgeEnd struct{ to, id int }

func (g *graph) add(a, b, copies int) {
	for range copies {
		g.adj[a] = append(g.adj[a], edgeEnd{b, g.m})
		g.adj[b] = append(g.adj[b], edgeEnd{a, g.m})
		g.m++
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
	g := &graph{adj: make([][]edgeEnd, n+1+2*l.Aisles)}
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
// picks in the order the walk first reaches them.
func (g *graph) order(n int) []int {
	used := make([]bool, g.m)
	next := make([]int, len(g.adj))
	seen := make([]bool, n+1)
	order := make([]int, 0, n)
	stack := []int{0}
	var circuit []int
	for len(stack) > 0 {
		v := stack[len(stack)-1]
		for next[v] < len(g.adj[v]) && used[g.adj[v][next[v]].id] {
			next[v]++
		}
		if next[v] == len(g.adj[v]) {
			circuit = append(circuit, v)
			stack = stack[:len(stack)-1]
			continue
		}
		e := g.adj[v][next[v]]
		used[e.id] = true
		stack = append(stack, e.to)
	}
	// The circuit comes out reversed; a tour walked backwards is as long.
	for i := len(circuit) - 1; i >= 0; i-- {
		if v := circuit[i]; v > 0 && v <= n && !seen[v] {
			seen[v] = true
			order = append(order, v-1)
		}
	}
	return order
}
