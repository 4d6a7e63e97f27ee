package warehouse

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/httpapi"
)

// registerBins adds the bin operations under a warehouse.
func registerBins(api *httpapi.API, s *Store) {
	staff := []actor.Role{actor.Admin, actor.Warehouse}
	tags := []string{"Warehouses"}
	type addIn struct {
		Warehouse string `path:"warehouse" maxLength:"40" doc:"Warehouse id (whs_…) or code"`
		Body      struct {
			Bins []BinInput `json:"bins" minItems:"1" maxItems:"1000" doc:"The bins to add, all or none"`
		}
	}
	type binsOut struct {
		Body struct {
			Items []Bin `json:"items" nullable:"false"`
		}
	}
	httpapi.Register(api, huma.Operation{
		OperationID: "add-bins", Method: http.MethodPost, Path: "/v1/warehouses/{warehouse}/bins",
		Summary: "Add bins to a warehouse", Tags: tags, DefaultStatus: http.StatusCreated,
		Errors:      []int{http.StatusNotFound, http.StatusConflict},
		Description: "Adds up to 1000 bins in one transaction: if any is invalid or exists already, none is added.",
	}, staff, func(ctx context.Context, in *addIn) (*binsOut, error) {
		bins, err := s.AddBins(ctx, in.Warehouse, in.Body.Bins)
		out := &binsOut{}
		out.Body.Items = bins
		return out, err
	})
	type listIn struct {
		Warehouse string `path:"warehouse" maxLength:"40" doc:"Warehouse id (whs_…) or code"`
		httpapi.PageParams
		Zone   string `query:"zone" maxLength:"3" doc:"Only bins in this zone"`
		Active string `query:"active" enum:"true,false" doc:"Only active (true) or inactive (false) bins"`
	}
	httpapi.Register(api, huma.Operation{
		OperationID: "list-bins", Method: http.MethodGet, Path: "/v1/warehouses/{warehouse}/bins",
		Summary: "List a warehouse's bins by code", Tags: tags, Errors: []int{http.StatusNotFound},
	}, httpapi.Everyone, func(ctx context.Context, in *listIn) (*struct{ Body *httpapi.Page[Bin] }, error) {
		after, err := httpapi.DecodeCursor(in.Cursor)
		if err != nil {
			return nil, err
		}
		f := BinFilter{Zone: in.Zone, After: after, Limit: in.Limit + 1}
		if in.Active != "" {
			v := in.Active == "true"
			f.Active = &v
		}
		rows, err := s.Bins(ctx, in.Warehouse, f)
		if err != nil {
			return nil, err
		}
		return &struct{ Body *httpapi.Page[Bin] }{httpapi.NewPage(rows, in.Limit, func(b Bin) string { return b.Code })}, nil
	})
	type patchIn struct {
		Warehouse string `path:"warehouse" maxLength:"40" doc:"Warehouse id (whs_…) or code"`
		Bin       string `path:"bin" maxLength:"32" doc:"Bin code, e.g. A-01-03-2"`
		Body      BinPatch
	}
	httpapi.Register(api, huma.Operation{
		OperationID: "update-bin", Method: http.MethodPatch, Path: "/v1/warehouses/{warehouse}/bins/{bin}",
		Summary: "Move or (de)activate a bin", Tags: tags, Errors: []int{http.StatusNotFound},
	}, staff, func(ctx context.Context, in *patchIn) (*struct{ Body Bin }, error) {
		b, err := s.UpdateBin(ctx, in.Warehouse, in.Bin, in.Body)
		return &struct{ Body Bin }{b}, err
	})
}
