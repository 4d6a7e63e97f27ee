package track

import (
	"context"
	"maps"
	"slices"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/order"
	"github.com/waybill/waybill/internal/pack"
	"github.com/waybill/waybill/internal/review"
	"github.com/waybill/waybill/internal/risk"
)

// cod acts on what a transaction's moves mean for cash on delivery and
// for stock, before deliveries and returns are settled: a delivered COD
// parcel records the cash collected (codDue), a refusal is recorded
// against the customer for the risk rules (recordRefusals), and a
// returned parcel's units come back into stock (receiveBack).
func (fx *effects) cod(ctx context.Context) error {
	ctx = actor.With(ctx, fx.who)
	if err := fx.codDue(ctx); err != nil {
		return err
	}
	if err := fx.recordRefusals(ctx); err != nil {
		return err
	}
	for _, p := range fx.returned {
		if err := fx.receiveBack(ctx, p); err != nil {
			return err
		}
	}
	return nil
}

// codTerms reads the COD terms of the orders these parcels' fulfilments
// carry, and how those orders' units are spread over their parcels: two
// reads for the whole transaction, the second only when a COD order is
// among them.
func (fx *effects) codTerms(ctx context.Context, ps []*Parcel) (map[string]order.CODTerms, []pack.ParcelUnits, error) {
	fids := make([]string, 0, len(ps))
	for _, p := range ps {
		fids = append(fids, p.FulfilmentID)
	}
	oids, err := fx.loadOrders(ctx, fids)
	if err != nil || len(oids) == 0 {
		return nil, nil, err
	}
	terms, err := order.ReadCODTerms(ctx, fx.tx, oids)
	if err != nil || len(terms) == 0 {
		return terms, nil, err
	}
	units, err := pack.UnitsOfOrders(ctx, fx.tx, slices.Sorted(maps.Keys(terms)))
	return terms, units, err
}

// codDue records on each delivered parcel the cash its driver collected
// when the carrier's event did not say (a carrier that does is believed).
// The rule: each COD order the parcel carries is due its total, shared
// over the order's parcels by the units each carries, rounded so the
// shares add up to the total (parcels taken by id, each due the
// rounded-down share of the units so far less what the parcels before it
// are due); a single-parcel order is due its whole total on its one
// parcel. A parcel of prepaid orders only collects nothing and records
// nothing.
func (fx *effects) codDue(ctx context.Context) error {
	var open []*Parcel
	for _, p := range fx.delivered {
		if p.CODCollected == nil {
			open = append(open, p)
		}
	}
	terms, units, err := fx.codTerms(ctx, open)
	if err != nil || len(units) == 0 {
		return err
	}
	// A parcel a case reshipped collects nothing: its reship carries its
	// units and its share.
	var carrying []string
	for _, u := range units {
		carrying = append(carrying, u.ParcelID)
	}
	resent, err := reshippedParcels(ctx, fx.tx, carrying)
	if err != nil {
		return err
	}
	// Per order: all its units, and the parcels carrying them in id order.
	byOrder := map[string][]pack.ParcelUnits{}
	for _, u := range units {
		if !resent[u.ParcelID] {
			byOrder[u.OrderID] = append(byOrder[u.OrderID], u)
		}
	}
	for _, p := range open {
		var due int64
		currency := ""
		for _, oid := range fx.orders[p.FulfilmentID] {
			t, ok := terms[oid]
			if !ok {
				continue
			}
			var here, all, before int64
			for _, u := range byOrder[oid] {
				all += u.Units
				switch {
				case u.ParcelID == p.ParcelID:
					here = u.Units
				case u.ParcelID < p.ParcelID:
					before += u.Units
				}
			}
			if here == 0 || all == 0 {
				continue // the order is not in this parcel
			}
			if currency == "" {
				currency = t.Currency
			}
			if t.Currency != currency {
				continue // one parcel is paid in one currency; a merge never mixes them
			}
			due += t.TotalMinor*(before+here)/all - t.TotalMinor*before/all
		}
		if currency == "" {
			continue
		}
		p.CODCollected, p.CODCurrency = &due, currency
		if _, err := fx.tx.ExecPrepared(ctx, `UPDATE parcel_tracking SET cod_collected_minor = $2, cod_currency = $3 WHERE parcel_id = $1`,
			p.ParcelID, due, currency); err != nil {
			return err
		}
	}
	return nil
}

// recordRefusals records a COD refusal for each COD order carried by the
// parcels this transaction moved with a refusal (a delivery attempt or
// exception with reason refused): the cod_limit risk rule's max_refusals
// counts them by the customer's e-mail (risk.CustomerKey). An order counts
// once however often it is reported.
func (fx *effects) recordRefusals(ctx context.Context) error {
	if len(fx.refused) == 0 {
		return nil
	}
	terms, units, err := fx.codTerms(ctx, fx.refused)
	if err != nil || len(units) == 0 {
		return err
	}
	refused := map[string]bool{}
	for _, p := range fx.refused {
		refused[p.ParcelID] = true
	}
	done := map[string]bool{}
	for _, u := range units { // by order id
		if !refused[u.ParcelID] || done[u.OrderID] {
			continue
		}
		done[u.OrderID] = true
		if key := risk.NormalizeEmail(terms[u.OrderID].CustomerEmail); key != "" {
			if err := review.RecordCODRefusal(ctx, fx.tx, key, u.OrderID); err != nil {
				return err
			}
		}
	}
	return nil
}
