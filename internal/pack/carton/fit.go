package carton

import (
	"context"
	"fmt"
	"time"
)

// unit is one unit of an item as it goes into a carton: wrapped if
// fragile, bagged if liquid.
type unit struct {
	item   int
	dims   [3]int
	weight int64
	vol    int64
}

// packer is one cartonization under way.
type packer struct {
	req      *Request
	ctx      context.Context
	deadline time.Time
	support  float64
	timedOut bool
	err      error
}

func (pk *packer) units() []unit {
	var out []unit
	m := pk.req.Materials
	for i, it := range pk.req.Items {
		u := unit{item: i, dims: it.Dims, weight: it.Weight}
		if it.Fragile {
			for j := range 3 {
				u.dims[j] += 2 * m.WrapMM
			}
			u.weight += m.WrapWeight
		}
		if it.Liquid {
			u.weight += m.BagWeight
		}
		u.vol = int64(u.dims[0]) * int64(u.dims[1]) * int64(u.dims[2])
		for range it.Quantity {
			out = append(out, u)
		}
	}
	return out
}

// vertical is how a unit of item i may stand: liquids only on their height.
func (pk *packer) vertical(i int) [3]bool {
	if pk.req.Items[i].Liquid {
		return Upright(2)
	}
	return AnyWay()
}

// fitsAlone says whether unit u fits carton c in some allowed way up.
func (pk *packer) fitsAlone(u unit, c Carton) bool {
	b := Box{Dims: u.dims, Vertical: pk.vertical(u.item)}
	for _, o := range b.orients() {
		if o.size[0] <= c.Inner[0] && o.size[1] <= c.Inner[1] && o.size[2] <= c.Inner[2] {
			return true
		}
	}
	return false
}

// kinds groups units by item for the loading core.
func (pk *packer) kinds(us []unit) (boxes []Box, item []int) {
	idx := map[int]int{}
	for _, u := range us {
		k, ok := idx[u.item]
		if !ok {
			k = len(boxes)
			idx[u.item] = k
			it := pk.req.Items[u.item]
			boxes = append(boxes, Box{ID: it.ID, Dims: u.dims, Vertical: pk.vertical(u.item), Weight: u.weight, Fragile: it.Fragile})
			item = append(item, u.item)
		}
		boxes[k].Count++
	}
	return boxes, item
}

// load runs the loading core on units in carton c; a unit too heavy for
// the carton alone is left out by the weight limit.
func (pk *packer) load(us []unit, c Carton, width int) (Result, []Box, []int) {
	boxes, item := pk.kinds(us)
	left := time.Until(pk.deadline)
	budget := min(max(left, time.Millisecond), max(pk.req.Budget/8, 5*time.Millisecond))
	if left <= 0 {
		pk.timedOut = true
	}
	r, err := Pack(pk.ctx, Container{Dims: c.Inner, MaxWeight: c.MaxGross - c.Tare}, boxes,
		Options{Budget: budget, Seed: pk.req.Seed, Support: pk.support, MaxWidth: width})
	if err != nil && pk.err == nil { // the request was validated, so this is a bug: surface it
		pk.err = fmt.Errorf("carton: the loading core refused a validated request: %w", err)
	}
	if r.Stopped {
		pk.timedOut = true
	}
	return r, boxes, item
}

// try puts all of us into carton ci, or says why not.
func (pk *packer) try(us []unit, ci int, plain bool, stock []int) (PackedParcel, Attempt) {
	c := pk.req.Cartons[ci]
	a := Attempt{Carton: c.Code}
	var vol, weight int64
	for _, u := range us {
		vol += u.vol
		weight += u.weight
	}
	inside := int64(c.Inner[0]) * int64(c.Inner[1]) * int64(c.Inner[2])
	switch {
	case stock[ci] < 1:
		a.Verdict = OutOfStock
		return PackedParcel{}, a
	case plain && !c.Plain:
		a.Verdict = NotPlain
		return PackedParcel{}, a
	case vol > inside:
		a.Verdict, a.Detail = TooSmall, fmt.Sprintf("%.2f l of units, %.2f l inside", float64(vol)/1e6, float64(inside)/1e6)
		return PackedParcel{}, a
	case c.Tare+weight > c.MaxGross:
		a.Verdict, a.Detail = TooHeavy, fmt.Sprintf("%d g with the carton, at most %d g", c.Tare+weight, c.MaxGross)
		return PackedParcel{}, a
	}
	for _, u := range us {
		if !pk.fitsAlone(u, c) {
			a.Verdict, a.Detail = TooSmall, fmt.Sprintf("%s does not fit in any allowed way up", pk.req.Items[u.item].ID)
			return PackedParcel{}, a
		}
	}
	r, boxes, item := pk.load(us, c, 6)
	a.Fill = r.Fill
	if !r.Complete() {
		a.Verdict, a.Detail = NoFit, fmt.Sprintf("%.1f%% loaded", 100*r.Fill)
		return PackedParcel{}, a
	}
	p := pk.parcel(c, r, boxes, item)
	if p.Gross > c.MaxGross {
		a.Verdict, a.Detail = TooHeavy, fmt.Sprintf("%d g with void fill, at most %d g", p.Gross, c.MaxGross)
		return PackedParcel{}, a
	}
	if !p.Accepted {
		a.Verdict = CarrierRefused
		return PackedParcel{}, a
	}
	a.Verdict, a.Cost = Chosen, p.Cost
	return p, a
}

// parcel costs a complete load of carton c.
func (pk *packer) parcel(c Carton, r Result, boxes []Box, item []int) PackedParcel {
	m := pk.req.Materials
	p := PackedParcel{Carton: c.Code, Outer: c.Outer, CartonCost: c.Cost, Fill: r.Fill}
	var fragile, liquid, weight int64
	for _, pl := range r.Placements {
		it := pk.req.Items[item[pl.Box]]
		p.Items = append(p.Items, PackedItem{ID: it.ID, Pos: pl.Pos, Size: pl.Size, Vertical: pl.Vertical})
		weight += boxes[pl.Box].Weight
		if it.Fragile {
			fragile++
		}
		if it.Liquid {
			liquid++
		}
	}
	inside := int64(c.Inner[0]) * int64(c.Inner[1]) * int64(c.Inner[2])
	void := inside - r.Volume
	p.VoidLitres = float64(void) / 1e6
	litres := (void + 999_999) / 1_000_000
	if fragile > 0 {
		p.Materials = append(p.Materials, MaterialUse{Name: "bubble wrap", Quantity: fragile, Unit: "unit", Cost: fragile * m.WrapCost})
	}
	if liquid > 0 {
		p.Materials = append(p.Materials, MaterialUse{Name: "sealed bag", Quantity: liquid, Unit: "unit", Cost: liquid * m.BagCost})
	}
	if litres > 0 {
		p.Materials = append(p.Materials, MaterialUse{Name: "void fill", Quantity: litres, Unit: "litre", Cost: litres * m.FillCostPerLitre})
	}
	for _, mu := range p.Materials {
		p.MaterialsCost += mu.Cost
	}
	p.Gross = c.Tare + weight + litres*m.FillWeightPerLitre
	p.Postage, p.Accepted = pk.req.Price(Parcel{Outer: c.Outer, Gross: p.Gross})
	p.Cost = p.CartonCost + p.MaterialsCost + p.Postage
	return p
}

// own is a parcel of one unit in its own packaging.
func (pk *packer) own(u unit, tried []Attempt) PackedParcel {
	it := pk.req.Items[u.item]
	p := PackedParcel{Carton: OwnPackaging, Outer: it.Dims, Gross: it.Weight, Fill: 1,
		Items: []PackedItem{{ID: it.ID, Size: it.Dims, Vertical: 2}}}
	p.Postage, p.Accepted = pk.req.Price(Parcel{Outer: p.Outer, Gross: p.Gross})
	p.Cost = p.Postage
	p.Explanation.Tried = tried
	p.summarise()
	return p
}
