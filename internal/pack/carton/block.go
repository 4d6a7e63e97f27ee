package carton

// block is a cuboid of identical boxes set down the same way: n[0] along
// x, n[1] along y, n[2] stacked up. Whole blocks keep loads tidy and make
// the search fast (columns and layers, as in Parreño et al. 2008).
type block struct {
	kind   int
	orient int
	n      [3]int
	size   [3]int
	count  int
	volume int64
	score  int64 // higher is better, by the search's mode
	tie    uint32
}

// kindData is a box kind prepared for the search.
type kindData struct {
	box     Box
	orients []orient
}

// blocksFor lists the blocks that fit in space s with the boxes left and
// the weight allowance: for every kind and way up, boxes in a row along
// one axis, a layer over two, and a full block over three, filling the
// axes in each of the six orders; and the single box.
func blocksFor(kinds []kindData, left []int, weightLeft int64, s cuboid, out []block) []block {
	out = out[:0]
	sx, sy, sz := s.size(0), s.size(1), s.size(2)
	perms := [6][3]int{{0, 1, 2}, {0, 2, 1}, {1, 0, 2}, {1, 2, 0}, {2, 0, 1}, {2, 1, 0}}
	for k, kd := range kinds {
		avail := left[k]
		if avail == 0 {
			continue
		}
		if w := kd.box.Weight; w > 0 && weightLeft >= 0 {
			if int64(avail)*w > weightLeft {
				avail = int(weightLeft / w)
			}
			if avail == 0 {
				continue
			}
		}
		for oi, o := range kd.orients {
			if o.size[0] > sx || o.size[1] > sy || o.size[2] > sz {
				continue
			}
			m := [3]int{sx / o.size[0], sy / o.size[1], sz / o.size[2]}
			start := len(out)
			add := func(n [3]int) {
				for _, b := range out[start:] {
					if b.n == n {
						return
					}
				}
				b := block{kind: k, orient: oi, n: n, count: n[0] * n[1] * n[2]}
				for i := range 3 {
					b.size[i] = n[i] * o.size[i]
				}
				b.volume = int64(b.size[0]) * int64(b.size[1]) * int64(b.size[2])
				out = append(out, b)
			}
			add([3]int{1, 1, 1})
			for _, p := range perms {
				n := [3]int{1, 1, 1}
				n[p[0]] = min(m[p[0]], avail)
				add(n)
				n[p[1]] = min(m[p[1]], avail/n[p[0]])
				add(n)
				n[p[2]] = min(m[p[2]], avail/(n[p[0]]*n[p[1]]))
				add(n)
			}
		}
	}
	return out
}
