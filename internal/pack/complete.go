package pack

import (
	"context"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/fulfilment"
	"github.com/waybill/waybill/internal/order"
	"github.com/waybill/waybill/internal/pick"
)

// complete packs the fulfilment when every unit is in a packed parcel and
// none is open: its totes are free for the next pick, its invoice is
// numbered (and queued for e-mail when the customer asked), and each of
// its orders' timelines says so. It reports whether
// it did.
func complete(ctx context.Context, tx *db.Tx, fid string, who actor.Actor) (bool, error) {
	var left, open, parcels int64
	if err := tx.QueryRowContext(ctx, `SELECT
		coalesce((SELECT sum(quantity) FROM fulfilment_lines WHERE fulfilment_id = $1), 0)
			- coalesce((SELECT sum(i.quantity) FROM parcel_items i JOIN parcels c ON c.id = i.parcel_id
				WHERE c.fulfilment_id = $1 AND c.status = 'packed'), 0),
		(SELECT count(*) FROM parcels WHERE fulfilment_id = $1 AND status IN ('open', 'held')),
		(SELECT count(*) FROM parcels WHERE fulfilment_id = $1 AND status = 'packed')`, fid).Scan(&left, &open, &parcels); err != nil {
		return false, err
	}
	if left > 0 || open > 0 || parcels == 0 {
		return false, nil
	}
	if err := fulfilment.Move(ctx, tx, []string{fid}, fulfilment.Picked, fulfilment.Packed, "fulfilment.packed", who.ID,
		map[string]any{"parcels": parcels}); err != nil {
		return false, err
	}
	if err := pick.FreeTotes(ctx, tx, fid); err != nil {
		return false, err
	}
	var owner string
	if err := tx.QueryRowContext(ctx, `SELECT order_id FROM fulfilments WHERE id = $1`, fid).Scan(&owner); err != nil {
		return false, err
	}
	if err := issueInvoice(ctx, tx, fid, owner); err != nil {
		return false, err
	}
	if err := mailInvoiceLater(ctx, tx, fid, owner); err != nil {
		return false, err
	}
	rows, err := tx.QueryContext(ctx, `SELECT DISTINCT o.id, o.status, o.payment_status FROM fulfilment_lines l
		JOIN orders o ON o.id = l.order_id WHERE l.fulfilment_id = $1 ORDER BY o.id`, fid)
	if err != nil {
		return false, err
	}
	type ord struct {
		id string
		st order.Status
		ps order.PaymentStatus
	}
	var orders []ord
	for rows.Next() {
		var o ord
		if err := rows.Scan(&o.id, &o.st, &o.ps); err != nil {
			rows.Close()
			return false, err
		}
		orders = append(orders, o)
	}
	if err := rows.Close(); err != nil {
		return false, err
	}
	for _, o := range orders {
		if err := order.AddEvents(ctx, tx, o.id, who, order.Note{Type: "order.packed", Status: o.st, PaymentStatus: o.ps,
			Detail: map[string]any{"fulfilment_id": fid, "parcels": parcels}}); err != nil {
			return false, err
		}
	}
	return true, nil
}
