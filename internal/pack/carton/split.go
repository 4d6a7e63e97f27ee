package carton

// taken is the part of a group one carton took when loaded as full as
// the packer could.
type taken struct {
	ci    int
	in    []bool // per unit of the group: in this carton
	r     Result
	boxes []Box
	item  []int
}

// most loads each carton that may be used with the units and keeps the one
// that took the most volume, the cheaper on a tie; nil when none is left.
func (pk *packer) most(us []unit, plain bool, stock []int) *taken {
	var best *taken
	for ci, c := range pk.req.Cartons {
		if stock[ci] < 1 || (plain && !c.Plain) {
			continue
		}
		r, boxes, item := pk.load(us, c, 2)
		if r.Volume == 0 {
			continue
		}
		if best == nil || r.Volume > best.r.Volume || (r.Volume == best.r.Volume && c.Cost < pk.req.Cartons[best.ci].Cost) {
			best = &taken{ci: ci, r: r, boxes: boxes, item: item}
		}
	}
	if best == nil {
		return nil
	}
	placed := map[int]int{} // item -> units placed
	for _, p := range best.r.Placements {
		placed[best.item[p.Box]]++
	}
	best.in = make([]bool, len(us))
	for i, u := range us {
		if placed[u.item] > 0 {
			placed[u.item]--
			best.in[i] = true
		}
	}
	return best
}

// partition splits the group into what t took and the rest.
func partition(us []unit, t *taken) (in, rest []unit) {
	for i, u := range us {
		if t.in[i] {
			in = append(in, u)
		} else {
			rest = append(rest, u)
		}
	}
	return in, rest
}

// forced is the parcel exactly as the load in t found it, used when no
// carton for its part is one the carrier will take: the plan says so.
func (pk *packer) forced(t *taken) (PackedParcel, int) {
	c := pk.req.Cartons[t.ci]
	p := pk.parcel(c, t.r, t.boxes, t.item)
	p.Explanation.Tried = []Attempt{{Carton: c.Code, Verdict: Chosen, Fill: t.r.Fill, Cost: p.Cost,
		Detail: "no carton for these units is one the carrier takes; the fullest load is kept"}}
	p.summarise()
	return p, t.ci
}
