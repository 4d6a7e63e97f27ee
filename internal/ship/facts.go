package ship

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"time"

	"github.com/waybill/waybill/internal/address"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/order"
	"github.com/waybill/waybill/internal/ship/rate"
	"github.com/waybill/waybill/internal/sourcing"
)

// facts is what booking a fulfilment needs to know: where from and to, the
// packed parcels, the promise, the value, and which booking attempt it is.
type facts struct {
	fid, warehouseID, origin string
	from, to                 address.Address
	parcels                  []packed
	promise                  rate.Date
	orderID, orderNumber     string
	valueMinor               int64
	currency                 string
	attempt                  int
	period                   map[string]int
}

// packed is a packed parcel as a carrier sees it.
type packed struct {
	id, sscc         string
	seq              int
	weightG, l, w, h int64
}

// factsOf reads a packed fulfilment's facts in tx. The promise is the
// customer's delivery window's end, else the order date plus the days the
// sourcing plan promised from this warehouse; none without either.
func factsOf(ctx context.Context, tx *db.Tx, fid string) (facts, error) {
	f := facts{fid: fid, period: map[string]int{}}
	var status string
	err := tx.QueryRowContext(ctx, `SELECT f.status, f.order_id, w.id, w.code, w.name, w.address_line1, w.address_line2, w.city,
		w.region, w.postal_code, w.country FROM fulfilments f JOIN warehouses w ON w.id = f.warehouse_id WHERE f.id = $1`, fid).
		Scan(&status, &f.orderID, &f.warehouseID, &f.origin, &f.from.Company, &f.from.Line1, &f.from.Line2, &f.from.City,
			&f.from.Region, &f.from.PostalCode, &f.from.Country)
	if errors.Is(err, sql.ErrNoRows) {
		return f, errs.E(errs.NotFound, "no fulfilment %s", errs.Clip(fid))
	}
	if err != nil {
		return f, err
	}
	if status != "packed" {
		return f, errs.E(errs.Conflict, "fulfilment %s is %s: only a packed fulfilment ships", fid, status)
	}
	o, err := order.Read(ctx, tx, f.orderID)
	if err != nil {
		return f, err
	}
	f.to, f.orderNumber, f.currency = o.ShippingAddress, o.Number, o.Currency
	if f.to.Name == "" {
		f.to.Name = o.Customer.Name
	}
	if w := o.SpecialRequests.DeliveryWindow; w != nil {
		f.promise = rate.DateOf(w.To)
	} else if o.Sourcing != nil {
		if i := slices.IndexFunc(o.Sourcing.Arrivals, func(a sourcing.Arrival) bool { return a.WarehouseID == f.warehouseID }); i >= 0 {
			f.promise = rate.DateOf(o.CreatedAt).AddDays(o.Sourcing.Arrivals[i].Days)
		}
	}
	if err := tx.QueryRowContext(ctx, `SELECT coalesce(sum(ol.total_minor * fl.quantity / ol.quantity), 0) FROM fulfilment_lines fl
		JOIN order_lines ol ON ol.order_id = fl.order_id AND ol.line_no = fl.line_no WHERE fl.fulfilment_id = $1`, fid).
		Scan(&f.valueMinor); err != nil {
		return f, err
	}
	rows, err := tx.QueryContext(ctx, `SELECT id, sscc, seq, weight_g, length_mm, width_mm, height_mm FROM parcels
		WHERE fulfilment_id = $1 AND status = 'packed' ORDER BY seq`, fid)
	if err != nil {
		return f, err
	}
	defer rows.Close()
	for rows.Next() {
		var p packed
		if err := rows.Scan(&p.id, &p.sscc, &p.seq, &p.weightG, &p.l, &p.w, &p.h); err != nil {
			return f, err
		}
		f.parcels = append(f.parcels, p)
	}
	if err := rows.Err(); err != nil {
		return f, err
	}
	if len(f.parcels) == 0 {
		return f, errs.E(errs.Conflict, "fulfilment %s has no packed parcel", fid)
	}
	if err := tx.QueryRowContext(ctx, `SELECT count(*) + 1 FROM shipments WHERE fulfilment_id = $1`, fid).Scan(&f.attempt); err != nil {
		return f, err
	}
	return f, periodCounts(ctx, tx, f.period)
}

// periodCounts fills the parcels each carrier was given this calendar
// month, which the carriers' allocation shares are checked against.
func periodCounts(ctx context.Context, tx *db.Tx, into map[string]int) error {
	now := tx.Now.UTC()
	start := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, time.UTC)
	rows, err := tx.QueryContext(ctx, `SELECT s.carrier, count(*) FROM shipment_parcels p JOIN shipments s ON s.id = p.shipment_id
		WHERE s.status <> 'voided' AND s.created_at >= $1 GROUP BY s.carrier`, start)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var code string
		var n int
		if err := rows.Scan(&code, &n); err != nil {
			return err
		}
		into[code] = n
	}
	return rows.Err()
}

// rateParcels is the parcels as rating sees them.
func (f facts) rateParcels() []rate.Parcel {
	out := make([]rate.Parcel, len(f.parcels))
	for i, p := range f.parcels {
		out[i] = rate.Parcel{WeightG: p.weightG, LengthMM: p.l, WidthMM: p.w, HeightMM: p.h}
	}
	return out
}
