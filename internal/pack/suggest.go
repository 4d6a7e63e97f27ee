package pack

import (
	"context"
	"time"

	"github.com/waybill/waybill/internal/address"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/pack/carton"
)

// Postage is what a parcel costs to send from a warehouse to an address:
// the shipping stage answers it from its carriers' rate cards (the
// cheapest service that takes the parcel), so the cartonizer can weigh
// dimensional weight against carton cost. Without it cartons are chosen on
// their own cost and fill.
type Postage func(ctx context.Context, warehouseID string, to address.Address) (carton.PriceFunc, error)

// PriceWith makes the store price suggested parcels with p; it returns s
// for wiring.
func (s *Store) PriceWith(p Postage) *Store {
	s.postage = p
	return s
}

// suggestBudget bounds the cartonizer at the station: the packer waits for
// it after every scan.
const suggestBudget = 80 * time.Millisecond

// suggest fills st.Suggested: the cartonizer's plan for the units still to
// pack, in the warehouse's cartons in stock, priced by the postage when the
// shipping stage gives one. Nothing left, or no carton, suggests nothing.
func (s *Store) suggest(ctx context.Context, st *Station) error {
	if st.Left == 0 || st.Status != "picked" {
		return nil
	}
	var req carton.Request
	var whID string
	var to address.Address
	err := s.db.Read(ctx, func(tx *db.Tx) error {
		var err error
		if whID, err = warehouseID(ctx, tx, st.Warehouse); err != nil {
			return err
		}
		cs, err := cartonsOf(ctx, tx, whID)
		if err != nil {
			return err
		}
		rules, err := rulesFor(ctx, tx, whID, false)
		if err != nil {
			return err
		}
		req.Materials = rules.Materials.cartonizer()
		for _, c := range cs {
			if c.Active && c.OnHand > 0 {
				req.Cartons = append(req.Cartons, cartonOf(c))
			}
		}
		var raw string
		if err := tx.QueryRowContext(ctx, `SELECT o.shipping_address FROM fulfilments f JOIN orders o ON o.id = f.order_id WHERE f.id = $1`,
			st.FulfilmentID).Scan(&raw); err != nil {
			return err
		}
		return jsonAddress(raw, &to)
	})
	if err != nil || len(req.Cartons) == 0 {
		return err
	}
	for _, l := range st.Lines {
		if l.Left() > 0 {
			req.Items = append(req.Items, itemOf(l, l.Left()))
		}
	}
	req.Price = noPostage
	if s.postage != nil {
		if req.Price, err = s.postage(ctx, whID, to); err != nil {
			return err
		}
	}
	req.Budget = suggestBudget
	plan, err := carton.Cartonize(ctx, req)
	if err != nil {
		return err
	}
	st.Suggested = &plan
	return nil
}

// noPostage prices every parcel at nothing: without the shipping stage's
// rates, cartons compete on their own cost and fill.
func noPostage(carton.Parcel) (int64, bool) { return 0, true }

// cartonOf is a catalogue carton as the cartonizer sees it.
func cartonOf(c Carton) carton.Carton {
	return carton.Carton{Code: c.Code, Inner: ints(c.InnerMM), Outer: ints(c.OuterMM), Tare: c.TareG, MaxGross: c.MaxWeightG,
		Cost: c.CostMinor, Material: c.Material, Plain: c.Plain, Stock: int(min(c.OnHand, 1_000_000))}
}

// itemOf is n units of a station line as the cartonizer sees them.
func itemOf(l StationLine, n int64) carton.Item {
	return carton.Item{ID: l.SKU, Dims: [3]int{int(l.LengthMM), int(l.WidthMM), int(l.HeightMM)}, Weight: l.WeightG, Quantity: int(n),
		Fragile: l.Fragile, Liquid: l.Liquid, Valuable: l.Valuable, Hazmat: l.Hazmat}
}

func ints(d [3]int64) [3]int { return [3]int{int(d[0]), int(d[1]), int(d[2])} }
