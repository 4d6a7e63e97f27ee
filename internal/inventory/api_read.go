package inventory

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/httpapi"
	"github.com/waybill/waybill/internal/warehouse"
)

// The list operations' query parameters. Each names its fields itself:
// huma cannot fill fields promoted from an unexported embedded struct.
type balancesIn struct {
	httpapi.PageParams
	SKU       string `query:"sku" maxLength:"64" doc:"Only this SKU"`
	Warehouse string `query:"warehouse" maxLength:"32" doc:"Only this warehouse (code)"`
}

type binsIn struct {
	httpapi.PageParams
	SKU       string `query:"sku" maxLength:"64" doc:"Only this SKU"`
	Warehouse string `query:"warehouse" maxLength:"32" doc:"Only this warehouse (code)"`
	Bin       string `query:"bin" maxLength:"32" doc:"Only this bin (code)"`
}

type entriesIn struct {
	httpapi.PageParams
	SKU       string `query:"sku" maxLength:"64" doc:"Only this SKU"`
	Warehouse string `query:"warehouse" maxLength:"32" doc:"Only this warehouse (code)"`
	Movement  string `query:"movement" maxLength:"40" doc:"Only the entries of this movement (mov_…)"`
}

// pageFilter decodes the cursor and asks for one row more than a page, which
// tells NewPage whether another page exists.
func pageFilter(p httpapi.PageParams, sku, warehouse string) (Filter, error) {
	after, err := httpapi.DecodeCursor(p.Cursor)
	return Filter{SKU: sku, Warehouse: warehouse, After: after, Limit: p.Limit + 1}, err
}

func registerReads(api *httpapi.API, s *Store) {
	tags := []string{"Stock"}
	httpapi.Register(api, huma.Operation{
		OperationID: "list-stock-balances", Method: http.MethodGet, Path: "/v1/stock/balances",
		Summary: "Stock per SKU and warehouse: on hand, reserved, available", Tags: tags,
	}, httpapi.Everyone, func(ctx context.Context, in *balancesIn) (*struct{ Body *httpapi.Page[Balance] }, error) {
		f, err := pageFilter(in.PageParams, in.SKU, in.Warehouse)
		if err != nil {
			return nil, err
		}
		rows, err := s.Balances(ctx, f)
		return &struct{ Body *httpapi.Page[Balance] }{httpapi.NewPage(rows, in.Limit, BalanceCursor)}, err
	})
	httpapi.Register(api, huma.Operation{
		OperationID: "list-bin-stock", Method: http.MethodGet, Path: "/v1/stock/bins",
		Summary: "Stock per bin and SKU (bins holding stock only)", Tags: tags,
	}, httpapi.Everyone, func(ctx context.Context, in *binsIn) (*struct{ Body *httpapi.Page[BinBalance] }, error) {
		f, err := pageFilter(in.PageParams, in.SKU, in.Warehouse)
		if err != nil {
			return nil, err
		}
		f.Bin = normalBin(in.Bin)
		rows, err := s.BinBalances(ctx, f)
		return &struct{ Body *httpapi.Page[BinBalance] }{httpapi.NewPage(rows, in.Limit, BinCursor)}, err
	})
	httpapi.Register(api, huma.Operation{
		OperationID: "list-stock-entries", Method: http.MethodGet, Path: "/v1/stock/entries",
		Summary: "Read the stock ledger, newest first", Tags: tags,
	}, httpapi.Everyone, func(ctx context.Context, in *entriesIn) (*struct{ Body *httpapi.Page[Entry] }, error) {
		f, err := pageFilter(in.PageParams, in.SKU, in.Warehouse)
		if err != nil {
			return nil, err
		}
		f.Movement = in.Movement
		rows, err := s.Entries(ctx, f)
		return &struct{ Body *httpapi.Page[Entry] }{httpapi.NewPage(rows, in.Limit, func(e Entry) string { return e.ID })}, err
	})
	httpapi.Register(api, huma.Operation{
		OperationID: "reconcile-stock", Method: http.MethodGet, Path: "/v1/stock/reconcile",
		Summary: "Check every balance against the ledger", Tags: tags,
		Description: "Answers 200 with a report: ok, or the differences found, each naming warehouse, SKU and bin.",
	}, []actor.Role{actor.Admin}, func(ctx context.Context, _ *struct{}) (*struct{ Body Report }, error) {
		r, err := s.Reconcile(ctx)
		return &struct{ Body Report }{r}, err
	})
}

// normalBin canonicalises a bin filter when it parses, so "a-1-3-2" finds
// A-01-03-2; anything else is matched as given (and so finds nothing).
func normalBin(code string) string {
	if c, err := warehouse.ParseBinCode(code); err == nil {
		return c.String()
	}
	return code
}
