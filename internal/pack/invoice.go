package pack

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/document"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/id"
	"github.com/waybill/waybill/internal/order"
)

// issueInvoice numbers a packed fulfilment's invoice in tx, from its
// year's series: the counter row moves in the same transaction, so numbers
// have no gaps and never repeat.
func issueInvoice(ctx context.Context, tx *db.Tx, fid, orderID string) error {
	series := fmt.Sprintf("INV-%d", tx.Now.UTC().Year())
	var seq int64
	if err := tx.QueryRowContext(ctx, `INSERT INTO invoice_series (series, next) VALUES ($1, 2)
		ON CONFLICT (series) DO UPDATE SET next = invoice_series.next + 1 RETURNING next - 1`, series).Scan(&seq); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO invoices (id, fulfilment_id, order_id, number, series, seq, issued_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`, id.New("inv", tx.Now), fid, orderID, fmt.Sprintf("%s-%06d", series, seq), series, seq, tx.Now)
	return err
}

// PackingSlip prints a fulfilment's packing slip (English and Chinese, the
// order number as Code 128 for the station's scanner).
func (s *Store) PackingSlip(ctx context.Context, fid string) ([]byte, error) {
	inv, err := s.invoiceOf(ctx, fid, false)
	if err != nil {
		return nil, err
	}
	return document.PackingSlipPDF(inv, document.Options{Created: inv.Date})
}

// CommercialInvoice prints a packed fulfilment's invoice under the number
// issued when it was packed.
func (s *Store) CommercialInvoice(ctx context.Context, fid string) ([]byte, error) {
	inv, err := s.invoiceOf(ctx, fid, true)
	if err != nil {
		return nil, err
	}
	return document.CommercialInvoicePDF(inv, document.Options{Created: inv.Date})
}

// invoiceOf gathers what a slip or an invoice prints of a fulfilment: the
// warehouse as seller, the customer as buyer, the lines at the prices the
// order was placed at; the order's shipping charge goes on its first
// invoice. With numbered, a fulfilment not packed yet has none.
func (s *Store) invoiceOf(ctx context.Context, fid string, numbered bool) (document.Invoice, error) {
	var inv document.Invoice
	err := s.db.Read(ctx, func(tx *db.Tx) error {
		var orderID string
		var issued *time.Time
		var seq sql.NullInt64
		err := tx.QueryRowContext(ctx, `SELECT f.order_id, w.name, w.address_line1, w.address_line2, w.city, w.region, w.postal_code, w.country,
			coalesce(i.number, ''), i.issued_at, i.seq FROM fulfilments f JOIN warehouses w ON w.id = f.warehouse_id
			LEFT JOIN invoices i ON i.fulfilment_id = f.id WHERE f.id = $1`, fid).Scan(&orderID, &inv.Seller.Address.Company,
			&inv.Seller.Address.Line1, &inv.Seller.Address.Line2, &inv.Seller.Address.City, &inv.Seller.Address.Region,
			&inv.Seller.Address.PostalCode, &inv.Seller.Address.Country, &inv.Number, &issued, &seq)
		if errors.Is(err, sql.ErrNoRows) {
			return errs.E(errs.NotFound, "no fulfilment %s", errs.Clip(fid))
		}
		if err != nil {
			return err
		}
		if numbered && inv.Number == "" {
			return errs.E(errs.Conflict, "fulfilment %s is not packed: its invoice is issued when it is", fid)
		}
		o, err := order.Read(ctx, tx, orderID)
		if err != nil {
			return err
		}
		inv.OrderNumber, inv.Currency, inv.Date, inv.ShipTo = o.Number, o.Currency, o.CreatedAt, o.ShippingAddress
		if issued != nil {
			inv.Date = *issued
		}
		inv.Buyer = document.Party{Address: o.ShippingAddress, Phone: o.Customer.Phone, Email: o.Customer.Email}
		if inv.Buyer.Address.Name == "" {
			inv.Buyer.Address.Name = o.Customer.Name
		}
		rows, err := tx.QueryContext(ctx, `SELECT p.sku, p.name, l.quantity, ol.total_minor, ol.quantity FROM fulfilment_lines l
			JOIN products p ON p.id = l.product_id JOIN order_lines ol ON ol.order_id = l.order_id AND ol.line_no = l.line_no
			WHERE l.fulfilment_id = $1 ORDER BY l.order_id, l.line_no`, fid)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var l document.Line
			var qty, total, ordered int64
			if err := rows.Scan(&l.SKU, &l.Name, &qty, &total, &ordered); err != nil {
				return err
			}
			l.Quantity, l.UnitPrice = int(qty), total/ordered // after discounts, as the customer paid
			inv.Lines = append(inv.Lines, l)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		if seq.Valid {
			var earlier int
			if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM invoices WHERE order_id = $1 AND (series < (SELECT series FROM invoices
				WHERE fulfilment_id = $2) OR (series = (SELECT series FROM invoices WHERE fulfilment_id = $2) AND seq < $3))`,
				orderID, fid, seq.Int64).Scan(&earlier); err != nil {
				return err
			}
			if earlier == 0 {
				inv.Shipping = o.ShippingMinor
			}
		}
		return nil
	})
	return inv, err
}
