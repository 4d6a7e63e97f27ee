package warehouse

import (
	"context"
	"net/http"
	"strings"

	"github.com/danielgtaylor/huma/v2"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/httpapi"
)

type warehouseOut struct{ Body Warehouse }

type warehousePath struct {
	Warehouse string `path:"warehouse" maxLength:"40" doc:"Warehouse id (whs_…) or code"`
}

// createIn is the create-warehouse input; its Resolve runs the domain
// checks in huma's validation pass, so every problem comes back at once.
type createIn struct{ Body Input }

// Resolve implements huma.Resolver.
func (in *createIn) Resolve(huma.Context) []error {
	_, f := in.Body.check()
	return httpapi.ResolveErrors(f.Err())
}

// Register adds the warehouse and bin operations: admins shape the network;
// warehouse staff lay out bins; every role may read.
func Register(api *httpapi.API, s *Store) {
	admin := []actor.Role{actor.Admin}
	tags := []string{"Warehouses"}
	httpapi.Register(api, huma.Operation{
		OperationID: "create-warehouse", Method: http.MethodPost, Path: "/v1/warehouses",
		Summary: "Create a warehouse", Tags: tags, DefaultStatus: http.StatusCreated, Errors: []int{http.StatusConflict},
	}, admin, func(ctx context.Context, in *createIn) (*warehouseOut, error) {
		w, err := s.Create(ctx, in.Body)
		return &warehouseOut{w}, err
	})
	type listIn struct {
		httpapi.PageParams
		Active  string `query:"active" enum:"true,false" doc:"Only active (true) or inactive (false) warehouses"`
		Country string `query:"country" maxLength:"2" doc:"Only warehouses located in this country"`
		Serves  string `query:"serves" maxLength:"40" doc:"Only warehouses serving a destination, COUNTRY:POSTALCODE (e.g. DE:10115) or COUNTRY"`
	}
	httpapi.Register(api, huma.Operation{
		OperationID: "list-warehouses", Method: http.MethodGet, Path: "/v1/warehouses",
		Summary: "List warehouses by code", Tags: tags,
	}, httpapi.Everyone, func(ctx context.Context, in *listIn) (*struct{ Body *httpapi.Page[Warehouse] }, error) {
		f, err := listFilter(in.Cursor, in.Active, in.Country, in.Serves)
		if err != nil {
			return nil, err
		}
		f.Limit = in.Limit + 1
		rows, err := s.List(ctx, f)
		if err != nil {
			return nil, err
		}
		return &struct{ Body *httpapi.Page[Warehouse] }{httpapi.NewPage(rows, in.Limit, func(w Warehouse) string { return w.Code })}, nil
	})
	httpapi.Register(api, huma.Operation{
		OperationID: "get-warehouse", Method: http.MethodGet, Path: "/v1/warehouses/{warehouse}",
		Summary: "Get a warehouse by id or code", Tags: tags, Errors: []int{http.StatusNotFound},
	}, httpapi.Everyone, func(ctx context.Context, in *warehousePath) (*warehouseOut, error) {
		w, err := s.Get(ctx, in.Warehouse)
		return &warehouseOut{w}, err
	})
	type patchIn struct {
		Warehouse string `path:"warehouse" maxLength:"40" doc:"Warehouse id (whs_…) or code"`
		Body      Patch
	}
	httpapi.Register(api, huma.Operation{
		OperationID: "update-warehouse", Method: http.MethodPatch, Path: "/v1/warehouses/{warehouse}",
		Summary: "Change a warehouse", Tags: tags, Errors: []int{http.StatusNotFound},
		Description: "Absent fields stay as they are; a list given replaces the whole list. The code cannot change.",
	}, admin, func(ctx context.Context, in *patchIn) (*warehouseOut, error) {
		w, err := s.Update(ctx, in.Warehouse, in.Body)
		return &warehouseOut{w}, err
	})
	registerBins(api, s)
	registerLayout(api, s)
}

// listFilter turns query parameters into a Filter, naming any bad one.
func listFilter(cursor, active, country, serves string) (Filter, error) {
	after, err := httpapi.DecodeCursor(cursor)
	if err != nil {
		return Filter{}, err
	}
	f := Filter{After: after, Country: strings.ToUpper(country)}
	var bad errs.Fields
	if active != "" {
		v := active == "true"
		f.Active = &v
	}
	if f.Country != "" && !ValidCountry(f.Country) {
		bad.Add("query.country", errs.CodeUnknown, "%q is not an ISO 3166-1 alpha-2 country code", country)
	}
	if serves != "" {
		c, postal, _ := strings.Cut(serves, ":")
		f.ServesCountry, f.ServesPostal = strings.ToUpper(strings.TrimSpace(c)), postal
		if !ValidCountry(f.ServesCountry) {
			bad.Add("query.serves", errs.CodeFormat, "serves must be COUNTRY:POSTALCODE with an ISO 3166-1 alpha-2 country, e.g. DE:10115")
		}
	}
	return f, bad.Err()
}
