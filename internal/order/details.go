package order

import (
	"context"

	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/fulfilment"
)

// details fills in the lines, live allocations and fulfilments of orders
// read from the orders table, three queries for the lot (a page of a list
// as much as one order).
func details(ctx context.Context, tx *db.Tx, orders []Order) error {
	ids := make([]string, len(orders))
	at := make(map[string]*Order, len(orders))
	for i := range orders {
		ids[i] = orders[i].ID
		at[orders[i].ID] = &orders[i]
		orders[i].Lines, orders[i].Allocations = []Line{}, []Allocation{}
	}
	err := db.InChunks(ids, func(part []any) error {
		in := "(" + tx.Placeholders(1, len(part)) + ")"
		lines, err := tx.QueryContext(ctx, `SELECT order_id, line_no, product_id, sku, name, quantity, unit_price_minor,
			discount_minor, total_minor, short_quantity, short_policy, cancelled_quantity FROM order_lines
			WHERE order_id IN `+in+` ORDER BY order_id, line_no`, part...)
		if err != nil {
			return err
		}
		defer lines.Close()
		for lines.Next() {
			var l Line
			var orderID string
			if err := lines.Scan(&orderID, &l.LineNo, &l.ProductID, &l.SKU, &l.Name, &l.Quantity, &l.UnitPriceMinor,
				&l.DiscountMinor, &l.TotalMinor, &l.ShortQuantity, &l.ShortPolicy, &l.CancelledQuantity); err != nil {
				return err
			}
			at[orderID].Lines = append(at[orderID].Lines, l)
		}
		if err := lines.Close(); err != nil {
			return err
		}
		allocs, err := tx.QueryContext(ctx, `SELECT a.order_id, a.line_no, a.warehouse_id, w.code, a.product_id, a.quantity, a.picked
			FROM order_allocations a JOIN warehouses w ON w.id = a.warehouse_id
			WHERE a.order_id IN `+in+` AND a.released_at IS NULL ORDER BY a.order_id, a.line_no, w.code`, part...)
		if err != nil {
			return err
		}
		defer allocs.Close()
		for allocs.Next() {
			var a Allocation
			var orderID string
			if err := allocs.Scan(&orderID, &a.LineNo, &a.WarehouseID, &a.Warehouse, &a.ProductID, &a.Quantity, &a.Picked); err != nil {
				return err
			}
			at[orderID].Allocations = append(at[orderID].Allocations, a)
		}
		return allocs.Err()
	})
	if err != nil {
		return err
	}
	fs, err := fulfilment.OfOrders(ctx, tx, ids)
	for i := range orders {
		orders[i].Fulfilments = fs[orders[i].ID]
		if orders[i].Fulfilments == nil {
			orders[i].Fulfilments = []fulfilment.Fulfilment{}
		}
	}
	return err
}
