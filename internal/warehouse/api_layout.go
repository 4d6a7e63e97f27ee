package warehouse

import (
	"bytes"
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/httpapi"
)

// maxPlacementCSV caps the placement import's body: 100,000 rows of about
// 50 bytes.
const maxPlacementCSV = 8 << 20

// registerLayout adds the layout operations: every role may read it;
// admins and warehouse staff, who lay out bins, may change it.
func registerLayout(api *httpapi.API, s *Store) {
	staff := []actor.Role{actor.Admin, actor.Warehouse}
	tags := []string{"Warehouses"}
	type layoutOut struct{ Body Layout }
	httpapi.Register(api, huma.Operation{
		OperationID: "get-warehouse-layout", Method: http.MethodGet, Path: "/v1/warehouses/{warehouse}/layout",
		Summary: "Get a warehouse's layout", Tags: tags, Errors: []int{http.StatusNotFound},
		Description: "Blocks, cross aisles, aisles, the depot, zones and where each bin sits. A warehouse without " +
			"a layout answers 404; derive-warehouse-layout proposes one.",
	}, httpapi.Everyone, func(ctx context.Context, in *warehousePath) (*layoutOut, error) {
		l, err := s.Layout(ctx, in.Warehouse)
		return &layoutOut{l}, err
	})
	type putIn struct {
		Warehouse string `path:"warehouse" maxLength:"40" doc:"Warehouse id (whs_…) or code"`
		Body      Layout
	}
	httpapi.Register(api, huma.Operation{
		OperationID: "put-warehouse-layout", Method: http.MethodPut, Path: "/v1/warehouses/{warehouse}/layout",
		Summary: "Replace a warehouse's layout", Tags: tags, Errors: []int{http.StatusNotFound},
		MaxBodyBytes: 16 << 20,
		Description: "Replaces the whole layout in one transaction: if any field is invalid (each named at its " +
			"path, e.g. aisles[3].length) nothing changes. Bins not listed are left unplaced.",
	}, staff, func(ctx context.Context, in *putIn) (*layoutOut, error) {
		l, err := s.PutLayout(ctx, in.Warehouse, in.Body)
		return &layoutOut{l}, err
	})
	httpapi.Register(api, huma.Operation{
		OperationID: "derive-warehouse-layout", Method: http.MethodPost, Path: "/v1/warehouses/{warehouse}/layout/derive",
		Summary: "Propose a layout from the bins", Tags: tags, Errors: []int{http.StatusNotFound, http.StatusConflict},
		Description: "Answers a single-block layout derived from the bins' codes (zone-aisle-bay-level) or, when " +
			"the codes do not fit the floor, from their x/y; stores nothing. A warehouse without bins answers 409.",
	}, staff, func(ctx context.Context, in *warehousePath) (*layoutOut, error) {
		l, err := s.DeriveLayout(ctx, in.Warehouse)
		return &layoutOut{l}, err
	})
	type importIn struct {
		Warehouse string `path:"warehouse" maxLength:"40" doc:"Warehouse id (whs_…) or code"`
		RawBody   []byte `contentType:"text/csv" doc:"bin_code,aisle,side,position,level,zone,pick_face; header row first"`
	}
	type importOut struct {
		Body struct {
			Placed int `json:"placed" doc:"Bins placed"`
		}
	}
	httpapi.Register(api, huma.Operation{
		OperationID: "import-bin-placements", Method: http.MethodPost, Path: "/v1/warehouses/{warehouse}/layout/bins",
		Summary: "Place bins from a CSV file", Tags: tags, MaxBodyBytes: maxPlacementCSV,
		Errors: []int{http.StatusNotFound, http.StatusConflict, http.StatusRequestEntityTooLarge},
		Description: "Places the listed bins on the stored layout, all or none; bins not listed stay where they " +
			"are. Each problem is named rows[LINE].COLUMN, LINE counting the header as 1. A warehouse without a " +
			"layout answers 409.",
	}, staff, func(ctx context.Context, in *importIn) (*importOut, error) {
		n, err := s.ImportPlacements(ctx, in.Warehouse, bytes.NewReader(in.RawBody))
		out := &importOut{}
		out.Body.Placed = n
		return out, err
	})
}
