package carton

// cuboid is an axis-aligned region [lo, hi) of the container.
type cuboid struct {
	lo, hi [3]int
}

func (c cuboid) size(i int) int { return c.hi[i] - c.lo[i] }

func (c cuboid) volume() int64 {
	return int64(c.size(0)) * int64(c.size(1)) * int64(c.size(2))
}

// overlaps says whether two cuboids share volume (touching faces do not).
func (c cuboid) overlaps(o cuboid) bool {
	for i := range 3 {
		if c.hi[i] <= o.lo[i] || o.hi[i] <= c.lo[i] {
			return false
		}
	}
	return true
}

// contains says whether o lies inside c.
func (c cuboid) contains(o cuboid) bool {
	for i := range 3 {
		if o.lo[i] < c.lo[i] || o.hi[i] > c.hi[i] {
			return false
		}
	}
	return true
}

// footOverlap is the area two cuboids' footprints (x, y) share.
func footOverlap(a, b cuboid) int64 {
	dx := min(a.hi[0], b.hi[0]) - max(a.lo[0], b.lo[0])
	dy := min(a.hi[1], b.hi[1]) - max(a.lo[1], b.lo[1])
	if dx <= 0 || dy <= 0 {
		return 0
	}
	return int64(dx) * int64(dy)
}

// carve removes the block b from the maximal empty spaces: every space it
// overlaps is replaced by up to six maximal pieces around it (Lai and Chan
// 1997's difference process), and pieces inside another space are
// dropped. Only new pieces can be non-maximal: an untouched space was not
// inside the old space a piece comes from.
func carve(spaces []cuboid, b cuboid) []cuboid {
	kept := spaces[:0:0]
	var pieces []cuboid
	for _, s := range spaces {
		if !s.overlaps(b) {
			kept = append(kept, s)
			continue
		}
		for i := range 3 {
			if b.lo[i] > s.lo[i] {
				p := s
				p.hi[i] = b.lo[i]
				pieces = append(pieces, p)
			}
			if b.hi[i] < s.hi[i] {
				p := s
				p.lo[i] = b.hi[i]
				pieces = append(pieces, p)
			}
		}
	}
	for i, p := range pieces {
		inside := false
		for _, s := range kept {
			if s.contains(p) {
				inside = true
				break
			}
		}
		for j := 0; j < len(pieces) && !inside; j++ {
			q := pieces[j]
			if j != i && q.contains(p) && (q != p || j < i) {
				inside = true
			}
		}
		if !inside {
			kept = append(kept, p)
		}
	}
	return kept
}
