package bench

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/waybill/waybill/internal/pack/carton"
)

// OrdersFigures compare the cartonizer with the volume rule on the same
// orders. Costs are US dollars per order; "cost" counts cartons,
// protection materials and postage, which is what the cartonizer
// minimises after the number of parcels; the reduction is on it.
type OrdersFigures struct {
	Source  string  `json:"source"`
	Orders  int     `json:"orders"`
	Units   int     `json:"units"`
	Seconds float64 `json:"seconds"` // in the cartonizer only

	ParcelsPerOrder           float64 `json:"parcels_per_order"`
	ParcelsPerOrderVolumeRule float64 `json:"parcels_per_order_volume_rule"`
	// ParcelsPerOrderVolumeRuleClaimed is the rule's own count, before its
	// parcels that do not physically fit are repacked.
	ParcelsPerOrderVolumeRuleClaimed float64 `json:"parcels_per_order_volume_rule_as_claimed"`

	CostPerOrder                 float64 `json:"cost_per_order"`
	CostPerOrderVolumeRule       float64 `json:"cost_per_order_volume_rule"`
	CartonPostagePerOrder        float64 `json:"carton_and_postage_per_order"`
	CartonPostagePerOrderVolRule float64 `json:"carton_and_postage_per_order_volume_rule"`
	CostReduction                float64 `json:"cost_reduction_vs_volume_rule"`
	// CostReductionCartons leaves out the parcels in own packaging, the
	// same for both methods, to show the gain where there is a choice.
	CostReductionCartons float64 `json:"cost_reduction_vs_volume_rule_cartons_only"`

	VoidPct           float64 `json:"void_pct"` // void over the cartons' inside volume, own packaging left out
	VoidPctVolumeRule float64 `json:"void_pct_volume_rule"`
	OrdersPerSec      float64 `json:"orders_per_sec"`

	VolumeRuleParcels    int `json:"volume_rule_parcels"`
	VolumeRuleNotFitting int `json:"volume_rule_parcels_not_fitting"`
	OwnPackaging         int `json:"own_packaging_parcels"`
	CarrierRefuses       int `json:"parcels_the_carrier_refuses"`
	CutByBudget          int `json:"orders_cut_by_budget"`
}

// tally sums parcels for one side of the comparison.
type tally struct {
	parcels             int
	cost, cartonPostage int64
	cartonsCost         int64 // of the parcels in a carton
	voidMM3, insideMM3  int64
}

func (t *tally) add(ps []carton.PackedParcel, cartons map[string]carton.Carton) {
	for _, p := range ps {
		t.parcels++
		t.cost += p.Cost
		t.cartonPostage += p.CartonCost + p.Postage
		if c, ok := cartons[p.Carton]; ok {
			t.cartonsCost += p.Cost
			t.insideMM3 += int64(c.Inner[0]) * int64(c.Inner[1]) * int64(c.Inner[2])
			t.voidMM3 += int64(p.VoidLitres * 1e6)
		}
	}
}

// runOrders packs each order both ways.
func runOrders(ctx context.Context, o PackingOptions, rep *PackingReport, log *slog.Logger) (OrdersFigures, error) {
	f := OrdersFigures{Source: "Instacart baskets (order_products__prior.csv, in file order), each line mapped to an Olist product by FNV-1a of seed and product id"}
	products, err := readOlist(o.Data)
	if err != nil {
		return f, err
	}
	baskets, err := instacartBaskets(o.Data, o.Orders)
	if err != nil {
		return f, err
	}
	cartons := packingCartons()
	byCode := map[string]carton.Carton{}
	for _, c := range cartons {
		byCode[c.Code] = c
	}
	var packer, rule tally
	var claimed int
	var spent time.Duration
	for n, basket := range baskets {
		if err := ctx.Err(); err != nil {
			return f, err
		}
		req := packingRequest(basket, products, cartons, o)
		for _, it := range req.Items {
			f.Units += it.Quantity
		}
		start := time.Now()
		plan, err := carton.Cartonize(ctx, req)
		spent += time.Since(start)
		if err != nil {
			return f, fmt.Errorf("order %d: %w", n, err)
		}
		packer.add(plan.Parcels, byCode)
		for _, p := range plan.Parcels {
			if p.Carton == carton.OwnPackaging {
				f.OwnPackaging++
			}
			if !p.Accepted {
				f.CarrierRefuses++
			}
		}
		if plan.Timeout {
			f.CutByBudget++
		}
		naive, err := carton.VolumeRule(req)
		if err != nil {
			return f, fmt.Errorf("order %d, volume rule: %w", n, err)
		}
		claimed += len(naive.Parcels)
		for _, p := range naive.Parcels {
			fixed, fits, err := physically(ctx, req, p, byCode)
			if err != nil {
				return f, fmt.Errorf("order %d, volume rule: %w", n, err)
			}
			if !fits {
				f.VolumeRuleNotFitting++
			}
			rule.add(fixed, byCode)
		}
		f.Orders++
	}
	f.Seconds = spent.Seconds()
	f.VolumeRuleParcels = claimed
	if f.Orders > 0 {
		n := float64(f.Orders)
		f.ParcelsPerOrder = float64(packer.parcels) / n
		f.ParcelsPerOrderVolumeRule = float64(rule.parcels) / n
		f.ParcelsPerOrderVolumeRuleClaimed = float64(claimed) / n
		f.CostPerOrder = float64(packer.cost) / 100 / n
		f.CostPerOrderVolumeRule = float64(rule.cost) / 100 / n
		f.CartonPostagePerOrder = float64(packer.cartonPostage) / 100 / n
		f.CartonPostagePerOrderVolRule = float64(rule.cartonPostage) / 100 / n
		f.OrdersPerSec = n / max(f.Seconds, 1e-9)
	}
	if rule.cost > 0 {
		f.CostReduction = 1 - float64(packer.cost)/float64(rule.cost)
	}
	if rule.cartonsCost > 0 {
		f.CostReductionCartons = 1 - float64(packer.cartonsCost)/float64(rule.cartonsCost)
	}
	if packer.insideMM3 > 0 {
		f.VoidPct = 100 * float64(packer.voidMM3) / float64(packer.insideMM3)
	}
	if rule.insideMM3 > 0 {
		f.VoidPctVolumeRule = 100 * float64(rule.voidMM3) / float64(rule.insideMM3)
	}
	rep.Notes = append(rep.Notes, fmt.Sprintf("orders: the cartonizer and the physical check of the volume rule keep the support rule at %.0f%%, "+
		"liquids upright, fragile units wrapped; %d parcels are products in their own packaging (Olist sells furniture; the largest carton is 61x41x41 cm), counted alike for both",
		100*carton.DefaultSupport, f.OwnPackaging))
	log.Info("packing orders", "orders", f.Orders, "cost_reduction", f.CostReduction, "orders_per_sec", f.OrdersPerSec)
	return f, nil
}

// packingRequest is one basket as a cartonization request: a line per
// Olist product, repeats adding to its quantity.
func packingRequest(basket []string, products []olistProduct, cartons []carton.Carton, o PackingOptions) carton.Request {
	req := carton.Request{Cartons: cartons, Materials: packingMaterials(), Price: packingPrice, Budget: o.Budget2, Seed: o.Seed}
	at := map[int]int{}
	for _, ip := range basket {
		k := olistFor(o.Seed, ip, len(products))
		if i, ok := at[k]; ok {
			req.Items[i].Quantity++
			continue
		}
		p := products[k]
		at[k] = len(req.Items)
		req.Items = append(req.Items, carton.Item{ID: p.id, Dims: p.dims, Weight: p.weight, Quantity: 1,
			Fragile: fragileCategories[p.category], Liquid: liquidCategories[p.category],
			Valuable: valuableCategories[p.category], Hazmat: hazmatCategories[p.category]})
	}
	return req
}

// physically checks a volume-rule parcel with the loading core: if its
// units do not go into its carton, they count as what the cartonizer
// makes of them instead.
func physically(ctx context.Context, req carton.Request, p carton.PackedParcel, cartons map[string]carton.Carton) ([]carton.PackedParcel, bool, error) {
	c, ok := cartons[p.Carton]
	if !ok { // own packaging: nothing to check
		return []carton.PackedParcel{p}, true, nil
	}
	sub := req
	sub.Items = nil
	at := map[string]int{}
	for _, u := range p.Items {
		if i, ok := at[u.ID]; ok {
			sub.Items[i].Quantity++
			continue
		}
		for _, it := range req.Items {
			if it.ID == u.ID {
				it.Quantity = 1
				at[u.ID] = len(sub.Items)
				sub.Items = append(sub.Items, it)
				break
			}
		}
	}
	_, a, err := carton.TryCarton(ctx, sub, c)
	if err != nil {
		return nil, false, err
	}
	if a.Verdict == carton.Chosen {
		return []carton.PackedParcel{p}, true, nil
	}
	plan, err := carton.Cartonize(ctx, sub)
	if err != nil {
		return nil, false, err
	}
	return plan.Parcels, false, nil
}
