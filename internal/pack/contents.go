package pack

import (
	"cmp"
	"context"
	"encoding/json"

	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/pack/carton"
)

// contents is what a parcel holds, as closing it needs to know.
type contents struct {
	status                      string
	seq                         int
	units, weightG, volumeMM3   int64
	items                       []item
	valuable, hazmat, nonHazmat bool
}

// item is one product's units in a parcel, with its size.
type item struct {
	sku                               string
	units, weightG                    int64
	dims                              [3]int64
	fragile, liquid, valuable, hazmat bool
}

// contentsOf reads a parcel's status and items in tx.
func contentsOf(ctx context.Context, tx *db.Tx, parcelID string) (contents, error) {
	var c contents
	if err := tx.QueryRowContext(ctx, `SELECT status, seq FROM parcels WHERE id = $1`, parcelID).Scan(&c.status, &c.seq); err != nil {
		return c, err
	}
	rows, err := tx.QueryContext(ctx, `SELECT p.sku, sum(i.quantity), p.weight_g, p.length_mm, p.width_mm, p.height_mm, p.fragile,
		p.liquid, p.valuable, p.hazmat FROM parcel_items i JOIN products p ON p.id = i.product_id WHERE i.parcel_id = $1
		GROUP BY p.sku, p.weight_g, p.length_mm, p.width_mm, p.height_mm, p.fragile, p.liquid, p.valuable, p.hazmat ORDER BY p.sku`, parcelID)
	if err != nil {
		return c, err
	}
	defer rows.Close()
	for rows.Next() {
		var it item
		if err := rows.Scan(&it.sku, &it.units, &it.weightG, &it.dims[0], &it.dims[1], &it.dims[2], &it.fragile, &it.liquid,
			&it.valuable, &it.hazmat); err != nil {
			return c, err
		}
		hazmat := it.hazmat
		c.units += it.units
		c.weightG += it.units * it.weightG
		c.volumeMM3 += it.units * it.dims[0] * it.dims[1] * it.dims[2]
		c.valuable = c.valuable || it.valuable
		c.hazmat, c.nonHazmat = c.hazmat || hazmat, c.nonHazmat || !hazmat
		c.items = append(c.items, it)
	}
	return c, rows.Err()
}

// boxFor checks the carton a parcel is closed in: one of the warehouse's,
// active, that its items fit (each in some orientation, all by volume) and
// whose weight limit they keep; plain for valuables. OWN, the goods' own
// packaging, takes one unit alone, at the product's size.
func boxFor(ctx context.Context, tx *db.Tx, whID, code string, c contents) (Carton, string, error) {
	if c.units == 0 {
		return Carton{}, "", errs.Field("carton", "empty_parcel", "parcel %d is empty: scan its items first", c.seq)
	}
	if code == OwnPackaging {
		if c.units != 1 {
			return Carton{}, "", errs.Field("carton", "not_single", "only a single unit ships in its own packaging; parcel %d holds %d", c.seq, c.units)
		}
		d := sorted3(c.items[0].dims)
		return Carton{Code: OwnPackaging, InnerMM: d, OuterMM: d}, `{"summary":"own packaging: one unit, no carton"}`, nil
	}
	cartons, err := cartonsOf(ctx, tx, whID)
	if err != nil {
		return Carton{}, "", err
	}
	for _, k := range cartons {
		if k.Code != code {
			continue
		}
		inner := sorted3(k.InnerMM)
		switch {
		case !k.Active:
			return Carton{}, "", errs.Field("carton", errs.CodeUnknown, "carton %s is not in use", code)
		case c.valuable && !k.Plain:
			return Carton{}, "", errs.Field("carton", "not_plain", "valuable goods ship in a plain carton; %s is printed", code)
		case c.weightG+k.TareG > k.MaxWeightG:
			return Carton{}, "", errs.Field("carton", "too_heavy", "%s carries %d g; the items and carton weigh %d g", code, k.MaxWeightG, c.weightG+k.TareG)
		case c.volumeMM3 > inner[0]*inner[1]*inner[2]:
			return Carton{}, "", errs.Field("carton", "too_small", "the items do not fit in %s: they take more than its volume", code)
		}
		for _, it := range c.items {
			if d := sorted3(it.dims); d[0] > inner[0] || d[1] > inner[1] || d[2] > inner[2] {
				return Carton{}, "", errs.Field("carton", "too_small", "%s (%d×%d×%d mm) does not fit in %s", it.sku, d[0], d[1], d[2], code)
			}
		}
		rules, err := rulesFor(ctx, tx, whID, false)
		if err != nil {
			return Carton{}, "", err
		}
		why, err := fits(ctx, c, k, rules.Materials.cartonizer())
		return k, why, err
	}
	return Carton{}, "", errs.Field("carton", errs.CodeUnknown, "%s is not a carton of this warehouse", errs.Clip(code))
}

// fits asks the cartonizer whether the items go into carton k for real,
// and returns what it found (fill, void, cost, the attempt) to keep with
// the parcel:
// each placed without overlap, liquids upright, fragile goods wrapped and
// under nothing heavier, every unit supported. Volume alone says yes to
// two cubes in a box a cube and a half long.
func fits(ctx context.Context, c contents, k Carton, m carton.Materials) (string, error) {
	req := carton.Request{Materials: m, Budget: suggestBudget, Price: noPostage}
	for _, it := range c.items {
		req.Items = append(req.Items, carton.Item{ID: it.sku, Dims: ints(it.dims), Weight: it.weightG, Quantity: int(it.units),
			Fragile: it.fragile, Liquid: it.liquid, Valuable: it.valuable, Hazmat: it.hazmat})
	}
	p, a, err := carton.TryCarton(ctx, req, cartonOf(k))
	if err != nil {
		return "", err
	}
	if a.Verdict != carton.Chosen {
		return "", errs.Field("carton", "too_small", "the items do not go into %s: %s", k.Code, cmp.Or(a.Detail, string(a.Verdict)))
	}
	why, err := json.Marshal(struct {
		Fill        float64            `json:"fill"`
		VoidLitres  float64            `json:"void_litres"`
		Cost        int64              `json:"cost_minor"`
		Explanation carton.Explanation `json:"explanation"`
	}{p.Fill, p.VoidLitres, p.CartonCost + p.MaterialsCost, p.Explanation})
	return string(why), err
}

// sorted3 orders three sides longest first, so that fits compare in any
// orientation.
func sorted3(d [3]int64) [3]int64 {
	if d[0] < d[1] {
		d[0], d[1] = d[1], d[0]
	}
	if d[1] < d[2] {
		d[1], d[2] = d[2], d[1]
	}
	if d[0] < d[1] {
		d[0], d[1] = d[1], d[0]
	}
	return d
}
