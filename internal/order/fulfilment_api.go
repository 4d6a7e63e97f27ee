package order

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/httpapi"
)

// FulfilmentFilter narrows the fulfilment list: the warehouse stage asks
// for its site's ready_to_pick queue.
type FulfilmentFilter struct {
	Warehouse string // code
	Status    string
	After     string // fulfilment id: the page starts after it
	Limit     int
}

// Fulfilments lists fulfilments oldest first with all their lines (merged
// orders' included).
func (s *Store) Fulfilments(ctx context.Context, f FulfilmentFilter) ([]Fulfilment, error) {
	out := []Fulfilment{}
	err := s.db.Read(ctx, func(tx *db.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT f.id, f.order_id, f.warehouse_id, w.code, f.status, f.ships_on, f.gift_wrap,
			f.gift_message, f.created_at FROM fulfilments f JOIN warehouses w ON w.id = f.warehouse_id
			WHERE ($1 = '' OR w.code = $1) AND ($2 = '' OR f.status = $2) AND f.id > $3 ORDER BY f.id LIMIT $4`,
			f.Warehouse, f.Status, f.After, f.Limit)
		if err != nil {
			return err
		}
		defer rows.Close()
		index := map[string]int{}
		for rows.Next() {
			var fl Fulfilment
			if err := rows.Scan(&fl.ID, &fl.OrderID, &fl.WarehouseID, &fl.Warehouse, &fl.Status, &fl.ShipsOn, &fl.GiftWrap,
				&fl.GiftMessage, &fl.CreatedAt); err != nil {
				return err
			}
			fl.CreatedAt, fl.Lines = fl.CreatedAt.UTC(), []FulfilmentLine{}
			index[fl.ID] = len(out)
			out = append(out, fl)
		}
		if err := rows.Close(); err != nil || len(out) == 0 {
			return err
		}
		return linesOf(ctx, tx, out, index)
	})
	return out, err
}

// linesOf fills in the lines of the fulfilments listed, in one query.
func linesOf(ctx context.Context, tx *db.Tx, fuls []Fulfilment, index map[string]int) error {
	args := make([]any, len(fuls))
	for i, f := range fuls {
		args[i] = f.ID
	}
	rows, err := tx.QueryContext(ctx, `SELECT fulfilment_id, order_id, line_no, product_id, quantity FROM fulfilment_lines
		WHERE fulfilment_id IN (`+tx.Placeholders(1, len(args))+`) ORDER BY fulfilment_id, order_id, line_no`, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var fid string
		var l FulfilmentLine
		if err := rows.Scan(&fid, &l.OrderID, &l.LineNo, &l.ProductID, &l.Quantity); err != nil {
			return err
		}
		fuls[index[fid]].Lines = append(fuls[index[fid]].Lines, l)
	}
	return rows.Err()
}

// RegisterFulfilments adds the fulfilment queue the warehouse stage reads.
func RegisterFulfilments(api *httpapi.API, s *Store) {
	type listIn struct {
		httpapi.PageParams
		Warehouse string `query:"warehouse" maxLength:"32" doc:"Warehouse code"`
		Status    string `query:"status" enum:"ready_to_pick,cancelled"`
	}
	httpapi.Register(api, huma.Operation{OperationID: "list-fulfilments", Method: http.MethodGet, Path: "/v1/fulfilments",
		Tags: []string{"Fulfilments"}, Summary: "List fulfilments released by review, oldest first",
		Description: "Each is what one warehouse ships as one parcel group: lines of one order, or of several orders of " +
			"one customer to one address merged within the merge window. Gift wrap and the card's message are packing instructions."},
		[]actor.Role{actor.Admin, actor.Warehouse, actor.CustomerService},
		func(ctx context.Context, in *listIn) (*struct{ Body *httpapi.Page[Fulfilment] }, error) {
			after, err := httpapi.DecodeCursor(in.Cursor)
			if err != nil {
				return nil, err
			}
			rows, err := s.Fulfilments(ctx, FulfilmentFilter{Warehouse: in.Warehouse, Status: in.Status, After: after, Limit: in.Limit + 1})
			if err != nil {
				return nil, err
			}
			return &struct{ Body *httpapi.Page[Fulfilment] }{httpapi.NewPage(rows, in.Limit, func(f Fulfilment) string { return f.ID })}, nil
		})
}
