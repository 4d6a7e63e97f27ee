package bench

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/address"
	"github.com/waybill/waybill/internal/catalog"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/id"
	"github.com/waybill/waybill/internal/track"
	"github.com/waybill/waybill/internal/warehouse"
)

// The world of `waybill bench tracking`: one warehouse, one product and
// many shipped orders, each with one fulfilment handed over to the carrier
// in one or two parcels. Driving ten thousand orders through intake,
// review, picking, packing and booking would take longer than the
// measurement, so the rows those stages leave behind are written directly
// (the columns the later stages read), and the handover's own hook,
// track.Store.HandedOver, starts following each shipment as the driver's
// scan does.
const (
	trackWarehouse = "US-TRACK"
	trackSKU       = "TRACK-0001"
	trackCarrier   = "benchline"
)

// trackParcel is one parcel of the world and the order it carries.
type trackParcel struct {
	id, tracking string
	order        string
	fulfilment   string
}

// trackWorld is what the set-up wrote: the parcels, and per order its
// parcels' indexes.
type trackWorld struct {
	parcels []trackParcel
	orders  map[string][]int
}

// seedTracking writes n shipped orders, one parcel each except every
// fifth, which has two, and follows them from their handover.
func seedTracking(ctx context.Context, d *db.DB, ts *track.Store, n int) (*trackWorld, error) {
	admin := actor.With(ctx, actor.CLI("bench"))
	if _, err := catalog.NewStore(d).CreateMany(admin, []catalog.ProductInput{{SKU: trackSKU, Name: "Tracking product",
		Category: "general", WeightG: 500, LengthMM: 200, WidthMM: 150, HeightMM: 100, PriceMinor: 1999, Currency: "USD"}}); err != nil {
		return nil, fmt.Errorf("product: %w", err)
	}
	if _, err := warehouse.NewStore(d).Create(admin, warehouse.Input{Code: trackWarehouse, Name: "Tracking benchmark DC",
		Latitude: 40.7, Longitude: -74.1, CutoffTime: "16:00", Timezone: "America/New_York",
		Address:       warehouse.Address{Line1: "1 Dock St", City: "Newark", Region: "NJ", PostalCode: "07105", Country: "US"},
		RegionsServed: []warehouse.Region{{Country: "US"}}}); err != nil {
		return nil, fmt.Errorf("warehouse: %w", err)
	}
	// Returned parcels' units are booked back into the returns bin.
	if _, err := warehouse.NewStore(d).AddBins(admin, trackWarehouse, []warehouse.BinInput{{Code: warehouse.ReturnsBinCode, X: 1, Y: 1}}); err != nil {
		return nil, fmt.Errorf("returns bin: %w", err)
	}
	w := &trackWorld{orders: map[string][]int{}}
	const chunk = 2000
	for start := 0; start < n; start += chunk {
		err := d.Write(ctx, func(tx *db.Tx) error {
			var productID, warehouseID string
			if err := tx.QueryRowContext(ctx, `SELECT id FROM products WHERE sku = $1`, trackSKU).Scan(&productID); err != nil {
				return err
			}
			if err := tx.QueryRowContext(ctx, `SELECT id FROM warehouses WHERE code = $1`, trackWarehouse).Scan(&warehouseID); err != nil {
				return err
			}
			var r trackRows
			for i := start; i < min(start+chunk, n); i++ {
				r.order(tx, w, i, productID, warehouseID)
			}
			if err := r.insert(ctx, tx); err != nil {
				return err
			}
			for _, sid := range r.shipmentIDs {
				if err := ts.HandedOver(ctx, tx, sid); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("shipped orders: %w", err)
		}
	}
	return w, nil
}

// trackRows are one chunk's rows, table by table.
type trackRows struct {
	orders, lines, fulfilments, flines, parcels, shipments, sparcels [][]any
	shipmentIDs                                                      []string
}

var trackAddress = func() string {
	b, _ := json.Marshal(address.Address{Name: "Grace Hopper", Line1: "1 Amphitheatre Pkwy", City: "Mountain View", Region: "CA",
		PostalCode: "94043", Country: "US"})
	return string(b)
}()

// order adds the rows of shipped order i: what intake, release, packing,
// booking and the handover would have written.
func (r *trackRows) order(tx *db.Tx, w *trackWorld, i int, productID, warehouseID string) {
	now := tx.Now
	oid, fid, sid := id.New("ord", now), id.New("ful", now), id.New("shp", now)
	r.orders = append(r.orders, []any{oid, fmt.Sprintf("WB-T%08d", i), "web", fmt.Sprintf("track-%d", i), "shipped", "paid", "prepaid",
		"USD", 1999, 0, 0, 1999, "Grace Hopper", fmt.Sprintf("grace%d@example.com", i), fmt.Sprintf("+1650%07d", i), "en",
		trackAddress, "[]", "{}", 1999, now, now, now, now, now})
	r.lines = append(r.lines, []any{oid, 0, productID, trackSKU, "Tracking product", 1, 1999, 0, 1999, 0})
	r.fulfilments = append(r.fulfilments, []any{fid, oid, warehouseID, "shipped", now.Format(time.DateOnly), now, now, trackCarrier})
	r.flines = append(r.flines, []any{fid, oid, 0, productID, 1})
	r.shipments = append(r.shipments, []any{sid, fid, warehouseID, 1, trackCarrier, "ground", "bl-" + sid, "handed_over", 650, "USD",
		now.Format(time.DateOnly), now.AddDate(0, 0, 3).Format(time.DateOnly), "{}", "bench", now, now, now})
	r.shipmentIDs = append(r.shipmentIDs, sid)
	count := 1
	if i%5 == 4 {
		count = 2
	}
	for seq := 1; seq <= count; seq++ {
		pid := id.New("pcl", now)
		tracking := fmt.Sprintf("BL%09d%dUS", i, seq)
		r.parcels = append(r.parcels, []any{pid, fmt.Sprintf("0%08d%08d%d", 9_000_000+i/100_000_000, i, seq), fid, warehouseID, seq,
			"packed", "M", now, now, now})
		r.sparcels = append(r.sparcels, []any{sid, pid, seq, tracking, "US-CA", now})
		w.orders[oid] = append(w.orders[oid], len(w.parcels))
		w.parcels = append(w.parcels, trackParcel{id: pid, tracking: tracking, order: oid, fulfilment: fid})
	}
}

func (r *trackRows) insert(ctx context.Context, tx *db.Tx) error {
	tables := []struct {
		name    string
		columns []string
		rows    [][]any
	}{
		{"orders", []string{"id", "number", "channel", "external_ref", "status", "payment_status", "payment_method", "currency",
			"subtotal_minor", "discount_minor", "shipping_minor", "total_minor", "customer_name", "customer_email", "customer_phone",
			"locale", "shipping_address", "coupons", "special_requests", "paid_minor", "created_at", "updated_at", "released_at",
			"reviewed_at", "payment_event_at"}, r.orders},
		{"order_lines", []string{"order_id", "line_no", "product_id", "sku", "name", "quantity", "unit_price_minor", "discount_minor",
			"total_minor", "short_quantity"}, r.lines},
		{"fulfilments", []string{"id", "order_id", "warehouse_id", "status", "ships_on", "created_at", "updated_at", "carrier"}, r.fulfilments},
		{"fulfilment_lines", []string{"fulfilment_id", "order_id", "line_no", "product_id", "quantity"}, r.flines},
		{"parcels", []string{"id", "sscc", "fulfilment_id", "warehouse_id", "seq", "status", "carton", "created_at", "updated_at",
			"packed_at"}, r.parcels},
		{"shipments", []string{"id", "fulfilment_id", "warehouse_id", "attempt", "carrier", "service", "carrier_shipment_id", "status",
			"price_minor", "currency", "ship_date", "delivery_date", "choice", "created_by", "created_at", "updated_at",
			"handed_over_at"}, r.shipments},
		{"shipment_parcels", []string{"shipment_id", "parcel_id", "seq", "tracking_number", "routing_code", "handed_over_at"}, r.sparcels},
	}
	for _, t := range tables {
		if err := db.InsertRows(ctx, tx, t.name, t.columns, t.rows); err != nil {
			return fmt.Errorf("%s: %w", t.name, err)
		}
	}
	return nil
}
