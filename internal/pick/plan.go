package pick

import (
	"context"
	"fmt"
	"maps"
	"slices"

	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/inventory"
)

// plan is a wave being put together.
type plan struct {
	floor   floorPlan
	req     WaveRequest
	lock    bool // free stock read locked (PostgreSQL), not from a snapshot
	taken   []takenFul
	skipped []Skipped
	tasks   []plannedTask
}

type takenFul struct {
	id, shipsOn string
	lines       []plannedLine
	kg, litres  float64 // what its units weigh and take up on a cart
}

type plannedLine struct {
	fulfilment, orderID string
	lineNo              int
	productID           string
	binID, bin, zone    string
	quantity            int64
	class               int // 0 heavy, 1 ordinary, 2 fragile: the order of the walk
}

type plannedTask struct {
	zone            string
	fulfilments     []string // their totes' order on the cart
	lines           []plannedLine
	distance, alone float64
	method          string
}

// allocate promises bins to the candidates in order, within the caps: a
// fulfilment is taken whole or left in the queue with the reason.
func (p *plan) allocate(ctx context.Context, tx *db.Tx, cands []ready) error {
	var products []string
	for _, c := range cands {
		for _, l := range c.lines {
			if !slices.Contains(products, l.productID) {
				products = append(products, l.productID)
			}
		}
	}
	free, err := inventory.Free(ctx, tx, p.floor.id, products, p.lock)
	if err != nil {
		return err
	}
	pool := map[string][]Candidate{}
	for _, f := range free {
		pl, placed := p.floor.place[f.Bin]
		if p.req.Zone != "" && pl.Zone != p.req.Zone {
			continue
		}
		pool[f.ProductID] = append(pool[f.ProductID], Candidate{BinID: f.BinID, Bin: f.Bin, Free: f.Free,
			PickFace: !placed || pl.PickFace, ExpiresOn: f.ExpiresOn, Since: f.Since, Distance: p.floor.fromDepot(f.Bin)})
	}
	lines := 0
	for _, c := range cands {
		if len(p.taken) >= p.req.MaxOrders {
			break
		}
		if lines+len(c.lines) > p.req.MaxLines {
			p.skipped = append(p.skipped, Skipped{c.id, fmt.Sprintf("the wave's cap of %d lines is reached", p.req.MaxLines)})
			continue
		}
		trial := map[string][]Candidate{}
		t := takenFul{id: c.id, shipsOn: c.shipsOn}
		for _, l := range c.lines {
			t.kg += float64(l.quantity*l.grams) / 1000
			t.litres += float64(l.quantity*l.mm3) / 1e6
		}
		if reason := p.tooBig(t); reason != "" {
			p.skipped = append(p.skipped, Skipped{c.id, reason})
			continue
		}
		reason := ""
		for _, l := range c.lines {
			if _, ok := trial[l.productID]; !ok {
				trial[l.productID] = slices.Clone(pool[l.productID])
			}
			takes, short := Choose(l.quantity, trial[l.productID])
			if short > 0 {
				where := "its bins"
				if p.req.Zone != "" {
					where = "zone " + p.req.Zone
				}
				reason = fmt.Sprintf("SKU %s: %d of %d units are free in %s", l.sku, l.quantity-short, l.quantity, where)
				break
			}
			for _, tk := range takes {
				i := slices.IndexFunc(trial[l.productID], func(c Candidate) bool { return c.BinID == tk.BinID })
				trial[l.productID][i].Free -= tk.Quantity
				t.lines = append(t.lines, plannedLine{fulfilment: c.id, orderID: l.orderID, lineNo: l.lineNo, productID: l.productID,
					binID: tk.BinID, bin: tk.Bin, zone: p.floor.place[tk.Bin].Zone, quantity: tk.Quantity, class: classOf(l)})
			}
		}
		if reason != "" {
			p.skipped = append(p.skipped, Skipped{c.id, reason})
			continue
		}
		maps.Copy(pool, trial)
		lines += len(t.lines)
		p.taken = append(p.taken, t)
	}
	return nil
}

// tooBig says why a fulfilment cannot ride a cart of the wave at all.
func (p *plan) tooBig(t takenFul) string {
	if p.req.Strategy == ByOrder {
		return "" // walked alone, in as many trips as it takes
	}
	switch {
	case p.req.CartKg > 0 && t.kg > p.req.CartKg:
		return fmt.Sprintf("it weighs %.1f kg, more than a cart's %.1f kg", t.kg, p.req.CartKg)
	case p.req.CartLitres > 0 && t.litres > p.req.CartLitres:
		return fmt.Sprintf("it takes %.1f l, more than a cart's %.1f l", t.litres, p.req.CartLitres)
	}
	return ""
}

// classOf is a line's place in the walk: heavy goods first (the bottom of
// the cart), fragile goods last (on top).
func classOf(l readyLine) int {
	switch {
	case l.grams >= HeavyGrams:
		return 0
	case l.fragile:
		return 2
	}
	return 1
}
