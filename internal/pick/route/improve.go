package route

import "slices"

// Improve shortens a route by local search on the shortest-path distances
// between its picks: 2-opt (reverse a stretch of the route) and or-opt
// (move a run of one to three picks elsewhere, either way round), first
// improvement, until no 2-opt move helps and no run next to a change can
// move (or-opt keeps don't-look bits). It is deterministic. With classes, no move may put a pick
// before one of a lower class (see Options.Classes). The route given must
// already respect the classes.
func Improve(m Matrix, order []int, classes []int) []int {
	seq := make([]int, 0, len(order)+2) // nodes: 0 the depot, i+1 pick i
	seq = append(seq, 0)
	for _, p := range order {
		seq = append(seq, p+1)
	}
	seq = append(seq, 0)
	ls := localSearch{m: m, seq: seq, classes: classes, buf: make([]int, 0, len(seq)), look: make([]bool, m.n)}
	for i := range ls.look {
		ls.look[i] = true
	}
	for ls.twoOpt() || ls.orOpt() { // until neither finds a move
	}
	out := order[:0:0]
	for _, v := range ls.seq[1 : len(ls.seq)-1] {
		out = append(out, v-1)
	}
	return out
}

type localSearch struct {
	m       Matrix
	seq     []int
	classes []int
	buf     []int
	// look[v] is false once no run starting at v could move, until an
	// edge near v changes (don't-look bits): later passes of or-opt only
	// try the runs around the last changes.
	look []bool
}

// touch marks nodes whose edges changed as worth another look.
func (ls *localSearch) touch(nodes ...int) {
	for _, v := range nodes {
		ls.look[v] = true
	}
}

func (ls *localSearch) class(v int) int {
	if ls.classes == nil || v == 0 {
		return 0
	}
	return ls.classes[v-1]
}

// twoOpt reverses seq[i..j] when that shortens the walk; with classes only
// a stretch of one class may turn round.
func (ls *localSearch) twoOpt() bool {
	s, n, d := ls.seq, ls.m.n, ls.m.d
	improved := false
	for i := 1; i < len(s)-2; i++ {
		rowA, rowB := d[s[i-1]*n:(s[i-1]+1)*n], d[s[i]*n:(s[i]+1)*n]
		for j := i + 1; j < len(s)-1; j++ {
			if ls.classes != nil && ls.class(s[j]) != ls.class(s[i]) {
				break // classes never decrease along the route: later j differ too
			}
			if rowA[s[j]]+rowB[s[j+1]]-rowA[s[i]]-d[s[j]*n+s[j+1]] < -eps {
				ls.touch(s[i-1], s[i], s[j], s[j+1])
				slices.Reverse(s[i : j+1])
				rowB = d[s[i]*n : (s[i]+1)*n]
				improved = true
			}
		}
	}
	return improved
}

// orOpt moves a run seq[i:i+k] (k up to 3) between two other neighbours.
// A run is only tried where taking it out saves more than its own length:
// by the triangle inequality no insertion elsewhere costs less than minus
// that.
func (ls *localSearch) orOpt() bool {
	improved := false
	for i := 1; i < len(ls.seq)-1; i++ {
		a := ls.seq[i]
		if !ls.look[a] {
			continue
		}
		moved := false
		for k := 1; k <= 3 && i+k < len(ls.seq) && !moved; k++ {
			moved = ls.moveRun(i, k)
		}
		if moved {
			improved = true
		} else {
			ls.look[a] = false
		}
	}
	return improved
}

// moveRun moves seq[i:i+k] to the first place that shortens the walk.
func (ls *localSearch) moveRun(i, k int) bool {
	n, d, s := ls.m.n, ls.m.d, ls.seq
	a, b := s[i], s[i+k-1]
	prev, next := s[i-1], s[i+k]
	gain := d[prev*n+a] + d[b*n+next] - d[prev*n+next]
	if gain+d[a*n+b] <= eps {
		return false
	}
	rowA, rowB := d[a*n:(a+1)*n], d[b*n:(b+1)*n]
	for j := 0; j < len(s)-1; j++ { // insert between s[j] and s[j+1]
		if j >= i-1 && j < i+k {
			continue
		}
		p, q := s[j], s[j+1]
		pq := d[p*n+q]
		fwd := rowA[p] + rowB[q] - pq
		rev := rowB[p] + rowA[q] - pq
		if fwd < gain-eps && ls.move(i, k, j, false) || rev < gain-eps && ls.move(i, k, j, true) {
			ls.touch(prev, next, p, q, a, b)
			return true
		}
	}
	return false
}

// move cuts seq[i:i+k] and reinserts it after the node now at j, reversed
// if asked, in place (two rotations and a reversal); it undoes the move
// and refuses if classes would decrease.
func (ls *localSearch) move(i, k, j int, reversed bool) bool {
	if ls.classes != nil {
		ls.buf = append(ls.buf[:0], ls.seq...)
	}
	s := ls.seq
	var at int // where the run lands
	if j >= i+k {
		rotateLeft(s[i:j+1], k)
		at = j - k + 1
	} else {
		rotateLeft(s[j+1:i+k], i-j-1)
		at = j + 1
	}
	if reversed {
		slices.Reverse(s[at : at+k])
	}
	if ls.classes != nil && !ls.ordered(s) {
		copy(s, ls.buf)
		return false
	}
	return true
}

// rotateLeft moves x[:k] to the end of x.
func rotateLeft(x []int, k int) {
	slices.Reverse(x[:k])
	slices.Reverse(x[k:])
	slices.Reverse(x)
}

// ordered reports whether classes never decrease along a sequence.
func (ls *localSearch) ordered(seq []int) bool {
	for i := 2; i < len(seq)-1; i++ {
		if ls.class(seq[i]) < ls.class(seq[i-1]) {
			return false
		}
	}
	return true
}
