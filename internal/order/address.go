package order

import (
	"context"
	"slices"
	"strings"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/address"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/fulfilment"
	"github.com/waybill/waybill/internal/warehouse"
)

// CheckAddress validates a corrected shipping address exactly as intake
// validates one (address.Validate, per country) and returns its normal
// form, with every problem at its field's JSON name ("postal_code").
func CheckAddress(a address.Address) (address.Address, error) {
	clean, problems := address.Validate(a)
	return clean, problems.Err()
}

// CorrectAddress replaces the shipping address of an order (by id or
// number) with addr, for customer service after a call with the customer.
// The address is validated as intake validates it. It is refused (a
// conflict) once the order is cancelled or any of its fulfilments has gone
// past ready_to_pick, and when a warehouse already holding its stock does
// not serve the new destination (the order would ship from where it cannot
// go). One order.address_corrected event records the old and new address
// with the actor, and the audit log records it. A key confined to sales
// channels sees only their orders. The address equal to the current one
// changes nothing.
func (s *Store) CorrectAddress(ctx context.Context, ref string, addr address.Address) (Order, error) {
	who, ok := actor.From(ctx)
	if !ok {
		return Order{}, errs.E(errs.Internal, "correct address: no actor")
	}
	clean, err := CheckAddress(addr)
	if err != nil {
		return Order{}, err
	}
	var o Order
	err = s.db.Write(ctx, func(tx *db.Tx) error {
		if o, err = Lock(ctx, tx, ref); err != nil {
			return err
		}
		if hidden(ctx, o.Channel) {
			return notFound(ref)
		}
		if err := addressMayChange(o); err != nil {
			return err
		}
		if clean == o.ShippingAddress {
			return nil
		}
		if err := servedAt(ctx, tx, o, clean); err != nil {
			return err
		}
		return SetShippingAddress(ctx, tx, &o, clean, who)
	})
	return o, err
}

// addressMayChange refuses a cancelled order, and one a warehouse has
// begun to pick or has shipped: its parcel is labelled by then.
func addressMayChange(o Order) error {
	if o.Status == Cancelled {
		return errs.E(errs.Conflict, "order %s is cancelled; its address can no longer be corrected", o.Number)
	}
	for _, f := range o.Fulfilments {
		if f.Status != fulfilment.ReadyToPick && f.Status != fulfilment.Cancelled {
			return errs.E(errs.Conflict, "fulfilment %s of order %s is %s; its address can no longer be corrected",
				f.ID, o.Number, f.Status)
		}
	}
	return nil
}

// servedAt refuses the new destination when a warehouse that holds the
// order's stock or carries its parcels does not ship there.
func servedAt(ctx context.Context, tx *db.Tx, o Order, to address.Address) error {
	holding := map[string]string{} // warehouse id -> code
	for _, a := range o.Allocations {
		holding[a.WarehouseID] = a.Warehouse
	}
	for _, f := range o.Fulfilments {
		if f.Status != fulfilment.Cancelled {
			holding[f.WarehouseID] = f.Warehouse
		}
	}
	if len(holding) == 0 {
		return nil
	}
	sites, err := warehouse.Network(ctx, tx)
	if err != nil {
		return err
	}
	postal := warehouse.NormalizePostal(to.PostalCode)
	served := map[string]bool{}
	for _, w := range sites {
		for _, r := range w.Regions {
			if r.Country == to.Country && strings.HasPrefix(postal, r.Prefix) {
				served[w.ID] = true
			}
		}
	}
	var away []string
	for id, code := range holding {
		if !served[id] {
			away = append(away, code)
		}
	}
	if len(away) == 0 {
		return nil
	}
	slices.Sort(away)
	var f errs.Fields
	f.Add("postal_code", "not_served", "warehouse %s, which holds this order's stock, does not ship to %s %s; keep the old address or cancel the order",
		strings.Join(away, ", "), to.Country, to.PostalCode)
	return &errs.Error{Kind: errs.Conflict, Message: "a warehouse holding the order's stock does not serve the corrected address", Fields: f}
}
