package carton

import (
	"context"
	"slices"
	"time"
)

// Search modes: how blocks are ranked for a space.
const (
	byVolume = iota // the largest block first (Parreño et al.'s volume criterion)
	byFit           // the block leaving the least slack along the axes, smallest slack first
	modes
)

// searcher runs the look-ahead search and keeps the best load seen.
type searcher struct {
	p        *problem
	ctx      context.Context
	deadline time.Time
	floor    time.Time // the greedy loads' own deadline
	first    bool      // building the greedy loads, one per mode
	seed     uint64
	run0     uint64 // the run number, mixed into tie-breaking
	buf      []block
	best     *state
	loads    int
	width    int
	stopped  bool
}

// choice is a block with the place it would go.
type choice struct {
	b  block
	at cuboid
}

func (se *searcher) initial() *state {
	s := &state{spaces: []cuboid{{hi: se.p.c.Dims}}, left: make([]int, len(se.p.kinds))}
	for k, kd := range se.p.kinds {
		s.left[k] = kd.box.Count
	}
	return s
}

// GreedyFloor is how long the greedy loads (one per ranking of blocks)
// may take whatever the budget, so that even a spent budget yields a
// whole load; only a hostile load of thousands of kinds comes near it,
// and a context deadline still ends it.
const GreedyFloor = 2 * time.Second

func (se *searcher) expired() bool {
	if se.stopped {
		return true
	}
	limit := se.deadline
	if se.first && se.floor.After(limit) {
		limit = se.floor
	}
	if time.Now().After(limit) || se.ctx.Err() != nil {
		se.stopped = true
	}
	return se.stopped
}

// run builds the greedy load in both modes, then look-ahead loads of
// growing width until the budget, the width cap or a full load ends it.
func (se *searcher) run(maxWidth int) {
	se.first = true
	for m := range modes {
		s := se.initial()
		se.complete(s, m)
		se.record(s)
	}
	se.first = false
	se.width = 1
	for w := 2; !se.done() && (maxWidth == 0 || w <= maxWidth); w = next(w) {
		wider := false
		for m := range modes {
			if se.done() || se.expired() {
				return
			}
			se.run0++
			if se.lookahead(w, m) {
				wider = true
			}
		}
		if !se.stopped {
			se.width = w
		}
		if !wider {
			return // every step already tried every block: a wider search is the same search
		}
	}
}

func next(w int) int {
	if w < 4 {
		return w + 1
	}
	return w + w/2
}

// done says whether the best load holds every box or fills the container.
func (se *searcher) done() bool {
	if se.best.volume == se.p.capacity() {
		return true
	}
	for _, n := range se.best.left {
		if n > 0 {
			return false
		}
	}
	return true
}

func (se *searcher) record(s *state) {
	se.loads++
	if se.best == nil || s.volume > se.best.volume {
		se.best = s
	}
}

// candidates returns up to n allowed blocks for the next space, best
// first; a space no allowed block fits in is dropped.
func (se *searcher) candidates(s *state, n, mode int) []choice {
	p := se.p
	for {
		i := p.nextSpace(s)
		if i < 0 {
			return nil
		}
		sp := s.spaces[i]
		se.buf = blocksFor(p.kinds, s.left, p.weightLeft(s), sp, se.buf)
		for j := range se.buf {
			b := &se.buf[j]
			b.score = score(b, sp, mode)
			b.tie = tie(se.seed, se.run0, b)
		}
		out := se.top(s, sp, n)
		if len(out) > 0 {
			return out
		}
		s.spaces = slices.Delete(s.spaces, i, i+1)
	}
}

// top returns up to n allowed blocks of se.buf for space sp, best first.
// Most calls want one block and the first they look at is allowed, so
// the best are picked by linear scans; only after a few refusals is the
// rest sorted.
func (se *searcher) top(s *state, sp cuboid, n int) []choice {
	var out []choice
	buf := se.buf
	for scans := 0; len(buf) > 0 && len(out) < n; scans++ {
		if scans == 8 {
			slices.SortFunc(buf, rank)
			for _, b := range buf {
				if at := se.p.anchor(sp, b); se.p.allowed(s, b, at) {
					out = append(out, choice{b: b, at: at})
					if len(out) == n {
						break
					}
				}
			}
			return out
		}
		k := 0
		for j := 1; j < len(buf); j++ {
			if rank(buf[j], buf[k]) < 0 {
				k = j
			}
		}
		b := buf[k]
		buf[k] = buf[len(buf)-1]
		buf = buf[:len(buf)-1]
		if at := se.p.anchor(sp, b); se.p.allowed(s, b, at) {
			out = append(out, choice{b: b, at: at})
		}
	}
	return out
}

// rank orders blocks best first: by score, then volume, then the seeded tie.
func rank(a, b block) int {
	switch {
	case a.score != b.score:
		return cmpDesc(a.score, b.score)
	case a.volume != b.volume:
		return cmpDesc(a.volume, b.volume)
	case a.tie != b.tie:
		return cmpDesc(int64(a.tie), int64(b.tie))
	}
	return 0
}

func cmpDesc(a, b int64) int {
	if a > b {
		return -1
	}
	if a < b {
		return 1
	}
	return 0
}

// score ranks a block for a space: its volume, or the slack it leaves
// along the axes (smallest first, compared as a sorted triple).
func score(b *block, sp cuboid, mode int) int64 {
	if mode == byVolume {
		return b.volume
	}
	k := [3]int{sp.size(0) - b.size[0], sp.size(1) - b.size[1], sp.size(2) - b.size[2]}
	sort3(&k)
	const bits = 21
	return -(int64(min(k[0], 1<<bits-1))<<(2*bits) | int64(min(k[1], 1<<bits-1))<<bits | int64(min(k[2], 1<<bits-1)))
}

// tie is a seeded hash of a block, so that equal blocks are ordered
// differently by seed and run but always the same way for both.
func tie(seed, run uint64, b *block) uint32 {
	h := seed*0x9E3779B97F4A7C15 ^ run*0xBF58476D1CE4E5B9
	for _, v := range [5]int{b.kind, b.orient, b.n[0], b.n[1], b.n[2]} {
		h ^= uint64(v) + 0x9E3779B97F4A7C15 + h<<6 + h>>2
	}
	h ^= h >> 31
	h *= 0x94D049BB133111EB
	return uint32(h >> 32)
}

// complete fills s greedily: the best allowed block for each next space,
// until the deadline (a hostile load of many thousand kinds must not
// outlast it; a real one completes in milliseconds) or, for the greedy
// loads the search starts from, GreedyFloor.
func (se *searcher) complete(s *state, mode int) {
	for !se.expired() {
		c := se.candidates(s, 1, mode)
		if len(c) == 0 {
			return
		}
		se.p.place(s, c[0].b, c[0].at)
	}
}

// lookahead builds one load: at each step it tries the width best blocks,
// completes the load greedily after each, and keeps the block whose
// completion held the most volume (Fanslau and Bortfeldt's tree search
// reduced to one level and a greedy completion).
// It reports whether some step had more blocks than it tried.
func (se *searcher) lookahead(width, mode int) (cut bool) {
	s := se.initial()
	for {
		cs := se.candidates(s, width+1, mode)
		if len(cs) > width {
			cs, cut = cs[:width], true
		}
		if len(cs) == 0 {
			se.record(s)
			return cut
		}
		pick := 0
		if len(cs) > 1 {
			var bestVol int64 = -1
			for i, c := range cs {
				t := s.clone()
				se.p.place(t, c.b, c.at)
				se.complete(t, mode)
				se.record(t)
				if t.volume > bestVol {
					pick, bestVol = i, t.volume
				}
				if se.expired() {
					return cut
				}
			}
		}
		se.p.place(s, cs[pick].b, cs[pick].at)
	}
}
