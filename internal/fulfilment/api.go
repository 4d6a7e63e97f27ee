package fulfilment

import (
	"context"
	"net/http"
	"strings"

	"github.com/danielgtaylor/huma/v2"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/httpapi"
)

// Register adds the fulfilment queue the warehouse stage reads.
func Register(api *httpapi.API, s *Store) {
	type listIn struct {
		httpapi.PageParams
		Warehouse string `query:"warehouse" maxLength:"32" doc:"Warehouse code"`
		OrderID   string `query:"order_id" maxLength:"64" doc:"Only fulfilments carrying lines of this order (ord_…)"`
		Status    string `query:"status" enum:"ready_to_pick,picking,picked,packed,shipped,delivered,cancelled"`
	}
	httpapi.Register(api, huma.Operation{OperationID: "list-fulfilments", Method: http.MethodGet, Path: "/v1/fulfilments",
		Tags: []string{"Fulfilments"}, Summary: "List fulfilments released by review, oldest first",
		Description: "Each is what one warehouse ships as one parcel group: lines of one order, or of several orders of " +
			"one customer to one address merged within the merge window. Gift wrap and the card's message are packing instructions."},
		[]actor.Role{actor.Admin, actor.Warehouse, actor.CustomerService, actor.Integration},
		func(ctx context.Context, in *listIn) (*struct{ Body *httpapi.Page[Fulfilment] }, error) {
			after, err := httpapi.DecodeCursor(in.Cursor)
			if err != nil {
				return nil, err
			}
			who, _ := actor.From(ctx)
			if in.Warehouse != "" && !who.SeesWarehouse(in.Warehouse) {
				var f errs.Fields
				f.Add("query.warehouse", errs.CodeOutOfScope, "this key may see only the warehouses %s", strings.Join(who.Warehouses, ", "))
				return nil, errs.OutOfScope("warehouses", f)
			}
			rows, err := s.List(ctx, Filter{Warehouse: in.Warehouse, OrderID: in.OrderID, Status: in.Status, After: after, Limit: in.Limit + 1,
				Warehouses: who.Warehouses, Channels: who.Channels})
			if err != nil {
				return nil, err
			}
			return &struct{ Body *httpapi.Page[Fulfilment] }{httpapi.NewPage(rows, in.Limit, func(f Fulfilment) string { return f.ID })}, nil
		})
}
