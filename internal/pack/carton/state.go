package carton

// placed is a block set down at a position.
type placed struct {
	block
	at cuboid
}

// state is a partial load: the empty spaces, the boxes left of each kind
// and the blocks placed so far.
type state struct {
	spaces []cuboid
	left   []int
	blocks []placed
	volume int64
	weight int64
}

// clone copies what place changes; blocks is shared up to its length, as
// appending to a full slice copies it.
func (s *state) clone() *state {
	return &state{
		spaces: append([]cuboid(nil), s.spaces...),
		left:   append([]int(nil), s.left...),
		blocks: s.blocks[:len(s.blocks):len(s.blocks)],
		volume: s.volume,
		weight: s.weight,
	}
}

// problem is what every state of one search shares.
type problem struct {
	c       Container
	kinds   []kindData
	support float64 // fraction of a box's base that must rest on boxes below; 0: off
}

func (p *problem) weightLeft(s *state) int64 {
	if p.c.MaxWeight == 0 {
		return -1
	}
	return p.c.MaxWeight - s.weight
}

// anchor places block b in space sp at the space's floor, in the corner of
// the space nearest a container corner along x and y.
func (p *problem) anchor(sp cuboid, b block) cuboid {
	var at cuboid
	for i := range 2 {
		if sp.lo[i] <= p.c.Dims[i]-sp.hi[i] {
			at.lo[i] = sp.lo[i]
		} else {
			at.lo[i] = sp.hi[i] - b.size[i]
		}
	}
	at.lo[2] = sp.lo[2]
	for i := range 3 {
		at.hi[i] = at.lo[i] + b.size[i]
	}
	return at
}

// allowed checks the rules that depend on the neighbours above and
// below: every box of the block's bottom layer rests on the floor or on
// enough top faces at its height, and no fragile box carries a heavier
// one, whether the block goes on top of it or, fragile itself, under the
// overhang of a box placed before.
func (p *problem) allowed(s *state, b block, at cuboid) bool {
	kd := p.kinds[b.kind]
	w := kd.box.Weight
	var under []cuboid
	for _, q := range s.blocks {
		if footOverlap(q.at, at) == 0 {
			continue
		}
		qk := p.kinds[q.kind].box
		switch {
		case q.at.hi[2] == at.lo[2] && qk.Fragile && qk.Weight < w:
			return false // onto a lighter fragile box
		case q.at.lo[2] == at.hi[2] && kd.box.Fragile && qk.Weight > w:
			return false // a fragile box slid under a heavier one's overhang
		case q.at.hi[2] == at.lo[2]:
			under = append(under, q.at)
		}
	}
	if at.lo[2] == 0 {
		return true
	}
	if p.support <= 0 {
		return true
	}
	if len(under) == 0 {
		return false
	}
	o := kd.orients[b.orient].size
	for i := range b.n[0] {
		for j := range b.n[1] {
			var box cuboid
			box.lo = [3]int{at.lo[0] + i*o[0], at.lo[1] + j*o[1], at.lo[2]}
			box.hi = [3]int{box.lo[0] + o[0], box.lo[1] + o[1], at.lo[2] + o[2]}
			var area int64
			for _, u := range under {
				area += footOverlap(u, box)
			}
			if float64(area) < p.support*float64(o[0])*float64(o[1])-1e-9 {
				return false
			}
		}
	}
	return true
}

// place sets block b down at at.
func (p *problem) place(s *state, b block, at cuboid) {
	s.blocks = append(s.blocks, placed{block: b, at: at})
	s.left[b.kind] -= b.count
	s.volume += b.volume
	s.weight += int64(b.count) * p.kinds[b.kind].box.Weight
	s.spaces = carve(s.spaces, at)
}

// fits says whether any box left fits in space sp in some way up.
func (p *problem) fits(s *state, sp cuboid) bool {
	for k, kd := range p.kinds {
		if s.left[k] == 0 {
			continue
		}
		for _, o := range kd.orients {
			if o.size[0] <= sp.size(0) && o.size[1] <= sp.size(1) && o.size[2] <= sp.size(2) {
				return true
			}
		}
	}
	return false
}

// nextSpace picks the space to fill next (Parreño et al. 2008): the one
// whose nearest corner lies nearest a container corner, comparing the
// sorted distances along the axes, then the larger. Spaces no box left
// fits in are dropped on the way. It returns -1 when none is left.
func (p *problem) nextSpace(s *state) int {
	best := -1
	var bestKey [3]int
	var bestVol int64
	for i := 0; i < len(s.spaces); i++ {
		sp := s.spaces[i]
		if !p.fits(s, sp) {
			s.spaces[i] = s.spaces[len(s.spaces)-1]
			s.spaces = s.spaces[:len(s.spaces)-1]
			if best == len(s.spaces) {
				best = i
			}
			i--
			continue
		}
		key := [3]int{min(sp.lo[0], p.c.Dims[0]-sp.hi[0]), min(sp.lo[1], p.c.Dims[1]-sp.hi[1]), sp.lo[2]}
		sort3(&key)
		v := sp.volume()
		if best < 0 || less3(key, bestKey) || (key == bestKey && v > bestVol) {
			best, bestKey, bestVol = i, key, v
		}
	}
	return best
}

func sort3(k *[3]int) {
	if k[0] > k[1] {
		k[0], k[1] = k[1], k[0]
	}
	if k[1] > k[2] {
		k[1], k[2] = k[2], k[1]
	}
	if k[0] > k[1] {
		k[0], k[1] = k[1], k[0]
	}
}

func less3(a, b [3]int) bool {
	for i := range 3 {
		if a[i] != b[i] {
			return a[i] < b[i]
		}
	}
	return false
}

func (p *problem) capacity() int64 { return (cuboid{hi: p.c.Dims}).volume() }
