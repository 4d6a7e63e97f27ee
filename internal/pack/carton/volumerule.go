package carton

import (
	"context"
	"slices"
)

// VolumeRule is the baseline a naive shop uses, kept so that the packer's
// gain can be measured: the smallest carton whose inside volume and
// weight allowance take the whole order, else units split by volume
// (largest first, first fit) over the largest carton, each part then in
// the smallest carton whose volume takes it. It looks at no geometry,
// stock, plain print or hazmat, so its parcels may not physically fit;
// units bigger than every carton ship in their own packaging. Positions
// are left zero; costs count as for Cartonize.
func VolumeRule(req Request) (Plan, error) {
	if err := req.validate(); err != nil {
		return Plan{}, err
	}
	pk := newPacker(context.Background(), &req)
	order := make([]int, len(req.Cartons)) // cartons by inside volume, smallest first
	for i := range order {
		order[i] = i
	}
	inside := func(ci int) int64 {
		c := req.Cartons[ci].Inner
		return int64(c[0]) * int64(c[1]) * int64(c[2])
	}
	slices.SortStableFunc(order, func(a, b int) int { return int(min(max(inside(a)-inside(b), -1), 1)) })
	smallest := func(vol, weight int64) int {
		for _, ci := range order {
			c := req.Cartons[ci]
			if inside(ci) >= vol && c.Tare+weight <= c.MaxGross {
				return ci
			}
		}
		return -1
	}
	var plan Plan
	all := pk.units()
	var vol, weight int64
	var fit []unit
	for _, u := range all {
		if smallest(u.vol, u.weight) < 0 {
			plan.Parcels = append(plan.Parcels, pk.own(u, nil))
			continue
		}
		fit = append(fit, u)
		vol += u.vol
		weight += u.weight
	}
	var bins [][]unit
	if len(fit) > 0 && smallest(vol, weight) >= 0 {
		bins = [][]unit{fit}
	} else if len(fit) > 0 {
		big := order[len(order)-1]
		capVol, capWeight := inside(big), req.Cartons[big].MaxGross-req.Cartons[big].Tare
		slices.SortStableFunc(fit, func(a, b unit) int { return int(min(max(b.vol-a.vol, -1), 1)) })
		var binVol, binWeight []int64
		for _, u := range fit {
			placed := false
			for b := range bins {
				if binVol[b]+u.vol <= capVol && binWeight[b]+u.weight <= capWeight {
					bins[b] = append(bins[b], u)
					binVol[b] += u.vol
					binWeight[b] += u.weight
					placed = true
					break
				}
			}
			if !placed { // a unit the largest carton's volume takes but its weight does not: ship it alone
				bins = append(bins, []unit{u})
				binVol = append(binVol, u.vol)
				binWeight = append(binWeight, u.weight)
			}
		}
	}
	for _, b := range bins {
		var v, w int64
		for _, u := range b {
			v += u.vol
			w += u.weight
		}
		ci := smallest(v, w)
		if ci < 0 {
			ci = order[len(order)-1]
		}
		plan.Parcels = append(plan.Parcels, pk.naive(b, ci))
	}
	plan.summarise(len(all))
	return plan, nil
}

// naive is a parcel of carton ci holding us, costed without placing them.
func (pk *packer) naive(us []unit, ci int) PackedParcel {
	c := pk.req.Cartons[ci]
	boxes, item := pk.kinds(us)
	r := Result{}
	for k, b := range boxes {
		for range b.Count {
			r.Placements = append(r.Placements, Placement{Box: k, Size: b.Dims, Vertical: 2})
			r.Volume += int64(b.Dims[0]) * int64(b.Dims[1]) * int64(b.Dims[2])
		}
	}
	inside := int64(c.Inner[0]) * int64(c.Inner[1]) * int64(c.Inner[2])
	r.Fill = float64(r.Volume) / float64(inside)
	p := pk.parcel(c, r, boxes, item)
	p.Explanation.Tried = []Attempt{{Carton: c.Code, Verdict: Chosen, Fill: r.Fill, Cost: p.Cost, Detail: "volume rule"}}
	p.summarise()
	return p
}
