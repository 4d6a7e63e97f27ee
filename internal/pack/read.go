package pack

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"time"

	"github.com/waybill/waybill/internal/address"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/errs"
)

// Station reads what the pack station shows for a fulfilment, with the
// cartonizer's suggestion for what is left to pack.
func (s *Store) Station(ctx context.Context, fulfilmentID string) (Station, error) {
	var st Station
	err := s.db.Read(ctx, func(tx *db.Tx) error {
		var err error
		st, err = station(ctx, tx, fulfilmentID)
		return err
	})
	if err != nil {
		return Station{}, err
	}
	return st, s.suggest(ctx, &st)
}

// jsonAddress decodes a stored address.
func jsonAddress(raw string, a *address.Address) error { return json.Unmarshal([]byte(raw), a) }

// station reads a fulfilment's station view in tx.
func station(ctx context.Context, tx *db.Tx, fid string) (Station, error) {
	st := Station{FulfilmentID: fid, Lines: []StationLine{}, Instructions: []string{}, Parcels: []Parcel{}, Orders: []string{}}
	var gift bool
	var requests string
	err := tx.QueryRowContext(ctx, `SELECT w.code, f.status, f.gift_wrap, f.gift_message,
		coalesce((SELECT min(t.tote) FROM pick_totes t WHERE t.fulfilment_id = f.id AND t.tote IS NOT NULL), ''), o.special_requests
		FROM fulfilments f JOIN warehouses w ON w.id = f.warehouse_id JOIN orders o ON o.id = f.order_id WHERE f.id = $1`, fid).
		Scan(&st.Warehouse, &st.Status, &gift, &st.GiftMessage, &st.Tote, &requests)
	if errors.Is(err, sql.ErrNoRows) {
		return st, errs.E(errs.NotFound, "no fulfilment %s", errs.Clip(fid))
	}
	if err != nil {
		return st, err
	}
	rows, err := tx.QueryContext(ctx, `SELECT l.order_id, o.number, l.line_no, l.product_id, p.sku, p.name,
		coalesce((SELECT min(b.barcode) FROM product_barcodes b WHERE b.product_id = p.id AND b.position = 0), ''),
		l.quantity, coalesce((SELECT sum(i.quantity) FROM parcel_items i JOIN parcels c ON c.id = i.parcel_id
			WHERE c.fulfilment_id = l.fulfilment_id AND c.status <> 'cancelled' AND i.order_id = l.order_id AND i.line_no = l.line_no), 0),
		p.weight_g, p.length_mm, p.width_mm, p.height_mm, p.fragile, p.liquid, p.valuable, p.hazmat
		FROM fulfilment_lines l JOIN orders o ON o.id = l.order_id JOIN products p ON p.id = l.product_id
		WHERE l.fulfilment_id = $1 ORDER BY o.number, l.line_no`, fid)
	if err != nil {
		return st, err
	}
	defer rows.Close()
	var fragile, liquid, valuable, hazmat bool
	for rows.Next() {
		var l StationLine
		if err := rows.Scan(&l.OrderID, &l.OrderNumber, &l.LineNo, &l.ProductID, &l.SKU, &l.Name, &l.GTIN, &l.Quantity, &l.Packed,
			&l.WeightG, &l.LengthMM, &l.WidthMM, &l.HeightMM, &l.Fragile, &l.Liquid, &l.Valuable, &l.Hazmat); err != nil {
			return st, err
		}
		if len(st.Orders) == 0 || st.Orders[len(st.Orders)-1] != l.OrderNumber {
			st.Orders = append(st.Orders, l.OrderNumber)
		}
		st.Left += l.Left()
		fragile, liquid, valuable, hazmat = fragile || l.Fragile, liquid || l.Liquid, valuable || l.Valuable, hazmat || l.Hazmat
		st.Lines = append(st.Lines, l)
	}
	if err := rows.Err(); err != nil {
		return st, err
	}
	for _, in := range []struct {
		on   bool
		what string
	}{{gift, "gift_wrap"}, {st.GiftMessage != "", "gift_card"}, {fragile, "fragile"}, {valuable, "valuable"},
		{liquid, "liquid"}, {hazmat, "hazmat"}, {invoiceByEmail(requests), "invoice_by_email"}} {
		if in.on {
			st.Instructions = append(st.Instructions, in.what)
		}
	}
	st.Parcels, err = parcels(ctx, tx, fid)
	return st, err
}

// invoiceByEmail reads whether the order's customer asked for the invoice
// by e-mail (it then stays out of the parcel).
func invoiceByEmail(requests string) bool {
	var r struct {
		InvoiceByEmail bool `json:"invoice_by_email"`
	}
	return json.Unmarshal([]byte(requests), &r) == nil && r.InvoiceByEmail
}

// parcels reads a fulfilment's parcels with their items, in order.
func parcels(ctx context.Context, tx *db.Tx, fid string) ([]Parcel, error) {
	rows, err := tx.QueryContext(ctx, `SELECT c.id, c.sscc, c.seq, c.status, coalesce(c.carton, ''), c.length_mm, c.width_mm,
		c.height_mm, c.expected_g, c.weight_g, c.note, c.explanation, c.packed_at, coalesce(i.order_id, ''), coalesce(i.line_no, 0),
		coalesce(p.sku, ''), coalesce(i.quantity, 0)
		FROM parcels c LEFT JOIN parcel_items i ON i.parcel_id = c.id LEFT JOIN products p ON p.id = i.product_id
		WHERE c.fulfilment_id = $1 ORDER BY c.seq, i.order_id, i.line_no`, fid)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Parcel{}
	for rows.Next() {
		var p Parcel
		var it ParcelItem
		var packedAt *time.Time
		var why string
		if err := rows.Scan(&p.ID, &p.SSCC, &p.Seq, &p.Status, &p.Carton, &p.LengthMM, &p.WidthMM, &p.HeightMM, &p.ExpectedG,
			&p.WeightG, &p.Note, &why, &packedAt, &it.OrderID, &it.LineNo, &it.SKU, &it.Quantity); err != nil {
			return nil, err
		}
		if why != "" {
			p.Explanation = json.RawMessage(why)
		}
		if n := len(out); n == 0 || out[n-1].ID != p.ID {
			p.PackedAt, p.Items = packedAt, []ParcelItem{}
			out = append(out, p)
		}
		if it.Quantity > 0 {
			out[len(out)-1].Items = append(out[len(out)-1].Items, it)
		}
	}
	return out, rows.Err()
}
