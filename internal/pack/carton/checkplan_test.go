package carton

import (
	"fmt"
	"math/rand/v2"
)

// checkPlan verifies a plan against its request: every unit packed once,
// every carton's load keeps the rules, hazmat apart, valuables plain,
// stock kept, weights under the carton's limit.
func checkPlan(req Request, pl Plan) error {
	items := map[string]Item{}
	for _, it := range req.Items {
		items[it.ID] = it
	}
	cartons := map[string]Carton{}
	for _, c := range req.Cartons {
		cartons[c.Code] = c
	}
	packed := map[string]int{}
	used := map[string]int{}
	var cost int64
	for pi, p := range pl.Parcels {
		cost += p.Cost
		hazmat, other := false, false
		for _, pi := range p.Items {
			packed[pi.ID]++
			if items[pi.ID].Hazmat {
				hazmat = true
			} else {
				other = true
			}
		}
		if hazmat && other {
			return fmt.Errorf("parcel %d mixes hazmat with other items", pi)
		}
		if p.Explanation.Summary == "" || len(p.Explanation.Tried) == 0 {
			return fmt.Errorf("parcel %d has no explanation", pi)
		}
		if p.Carton == OwnPackaging {
			if len(p.Items) != 1 {
				return fmt.Errorf("parcel %d: own packaging with %d units", pi, len(p.Items))
			}
			continue
		}
		c, ok := cartons[p.Carton]
		if !ok {
			return fmt.Errorf("parcel %d: unknown carton %q", pi, p.Carton)
		}
		used[c.Code]++
		if p.Gross > c.MaxGross {
			return fmt.Errorf("parcel %d weighs %d, carton max %d", pi, p.Gross, c.MaxGross)
		}
		if p.Cost != p.CartonCost+p.MaterialsCost+p.Postage {
			return fmt.Errorf("parcel %d: cost terms do not add up", pi)
		}
		var boxes []placedBox
		for _, u := range p.Items {
			it := items[u.ID]
			if it.Valuable && !c.Plain {
				return fmt.Errorf("parcel %d: valuable %s in printed carton %s", pi, u.ID, c.Code)
			}
			dims, w := it.Dims, it.Weight
			if it.Fragile {
				for j := range 3 {
					dims[j] += 2 * req.Materials.WrapMM
				}
				w += req.Materials.WrapWeight
			}
			if it.Liquid {
				w += req.Materials.BagWeight
			}
			allowed := AnyWay()
			if it.Liquid {
				allowed = Upright(2)
			}
			boxes = append(boxes, placedBox{name: u.ID, dims: dims, allowed: allowed, vert: u.Vertical, weight: w, fragile: it.Fragile,
				at: cuboid{lo: u.Pos, hi: [3]int{u.Pos[0] + u.Size[0], u.Pos[1] + u.Size[1], u.Pos[2] + u.Size[2]}}})
		}
		support := req.Support
		if support == 0 {
			support = DefaultSupport
		}
		if err := checkLoad(c.Inner, c.MaxGross-c.Tare, max(support, 0), boxes); err != nil {
			return fmt.Errorf("parcel %d in %s: %w", pi, c.Code, err)
		}
	}
	for _, it := range req.Items {
		if packed[it.ID] != it.Quantity {
			return fmt.Errorf("%s: %d packed, quantity %d", it.ID, packed[it.ID], it.Quantity)
		}
	}
	for code, n := range used {
		if n > cartons[code].Stock {
			return fmt.Errorf("carton %s used %d times, %d in stock", code, n, cartons[code].Stock)
		}
	}
	if cost != pl.Cost {
		return fmt.Errorf("plan cost %d, parcels add up to %d", pl.Cost, cost)
	}
	return nil
}

// randomOrder is an order of a few lines with random sizes and handling.
func randomOrder(rng *rand.Rand) []Item {
	var items []Item
	for i := range 1 + rng.IntN(5) {
		it := Item{ID: fmt.Sprintf("sku-%d", i), Dims: [3]int{10 + rng.IntN(300), 10 + rng.IntN(250), 5 + rng.IntN(200)},
			Weight: int64(10 + rng.IntN(3000)), Quantity: 1 + rng.IntN(4)}
		switch rng.IntN(8) {
		case 0:
			it.Fragile = true
		case 1:
			it.Liquid = true
		case 2:
			it.Valuable = true
		case 3:
			it.Hazmat = true
		case 4:
			it.Fragile, it.Liquid = true, true
		}
		if rng.IntN(25) == 0 {
			it.Dims[0] = 600 // bigger than every carton
		}
		items = append(items, it)
	}
	return items
}
