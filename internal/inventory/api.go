package inventory

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/httpapi"
)

type movementOut struct{ Body Movement }

// Register adds the stock operations: warehouse staff and admins book
// movements and count bins, every role reads balances and the ledger,
// admins reconcile and approve counts.
func Register(api *httpapi.API, s *Store) {
	staff := []actor.Role{actor.Admin, actor.Warehouse}
	op := func(id, path, summary, desc string) huma.Operation {
		return huma.Operation{OperationID: id, Method: http.MethodPost, Path: path, Summary: summary, Description: desc,
			Tags: []string{"Stock"}, DefaultStatus: http.StatusCreated, Errors: []int{http.StatusConflict}}
	}
	httpapi.Register(api, op("receive-stock", "/v1/stock/receipts", "Receive stock into a bin",
		"Books goods arriving into a bin of an active warehouse."),
		staff, func(ctx context.Context, in *struct{ Body Receipt }) (*movementOut, error) {
			if err := inScope(ctx, "warehouse", in.Body.Warehouse); err != nil {
				return nil, err
			}
			m, err := s.Receive(ctx, in.Body)
			return &movementOut{m}, err
		})
	httpapi.Register(api, op("adjust-stock", "/v1/stock/adjustments", "Adjust a bin's stock with a reason",
		"A negative adjustment cannot take the bin below zero nor the warehouse's on-hand below its reserved stock."),
		staff, func(ctx context.Context, in *struct{ Body Adjustment }) (*movementOut, error) {
			if err := inScope(ctx, "warehouse", in.Body.Warehouse); err != nil {
				return nil, err
			}
			m, err := s.Adjust(ctx, in.Body)
			return &movementOut{m}, err
		})
	httpapi.Register(api, op("move-stock", "/v1/stock/moves", "Move stock between two bins of a warehouse",
		"Two entries; the warehouse balance does not change. Stock may leave an inactive bin but not enter one."),
		staff, func(ctx context.Context, in *struct{ Body Move }) (*movementOut, error) {
			if err := inScope(ctx, "warehouse", in.Body.Warehouse); err != nil {
				return nil, err
			}
			m, err := s.Move(ctx, in.Body)
			return &movementOut{m}, err
		})
	httpapi.Register(api, op("transfer-stock", "/v1/stock/transfers", "Transfer stock to another warehouse",
		"Books the source and destination bins at once. A transfer that would leave the source with less on hand than it has reserved is refused."),
		staff, func(ctx context.Context, in *struct{ Body Transfer }) (*movementOut, error) {
			if err := inScope(ctx, "from.warehouse", in.Body.From.Warehouse, "to.warehouse", in.Body.To.Warehouse); err != nil {
				return nil, err
			}
			m, err := s.Transfer(ctx, in.Body)
			return &movementOut{m}, err
		})
	registerReads(api, s)
	registerCounts(api, s)
}
