package pack

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/httpapi"
)

// Register adds the pack station's operations (warehouse staff and admins;
// the supervisor's decisions are admins') and the warehouses' carton
// catalogues and pack rules (admins change them).
func Register(api *httpapi.API, s *Store) {
	staff := []actor.Role{actor.Admin, actor.Warehouse}
	admin := []actor.Role{actor.Admin}
	tags := []string{"Packing"}
	op := func(method, id, path, summary, desc string, status int) huma.Operation {
		return huma.Operation{OperationID: id, Method: method, Path: path, Summary: summary, Description: desc, Tags: tags,
			DefaultStatus: status, Errors: []int{http.StatusConflict, http.StatusNotFound, http.StatusForbidden}}
	}
	type stationOut struct{ Body Station }
	type closeOut struct{ Body CloseResult }
	type fulfilmentIn struct {
		ID string `path:"id" maxLength:"40" doc:"ful_…"`
	}
	httpapi.Register(api, op(http.MethodGet, "find-pack-station", "/v1/pack-station", "Open the pack station on a scanned code",
		"A tote's code (the fulfilment picked into it), a fulfilment's id or an order's number: the lines to pack with their "+
			"handling, the packing instructions, and the parcels so far.", http.StatusOK),
		staff, func(ctx context.Context, in *struct {
			Code      string `query:"code" maxLength:"64" required:"true"`
			Warehouse string `query:"warehouse" maxLength:"32" doc:"The station's warehouse: a tote code is unique only within one"`
		}) (*stationOut, error) {
			st, err := s.Find(ctx, in.Warehouse, in.Code)
			return &stationOut{st}, err
		})
	httpapi.Register(api, op(http.MethodGet, "get-pack-station", "/v1/fulfilments/{id}/packing", "A fulfilment at the pack station", "", http.StatusOK),
		staff, func(ctx context.Context, in *fulfilmentIn) (*stationOut, error) {
			st, err := s.Station(ctx, in.ID)
			return &stationOut{st}, err
		})
	httpapi.Register(api, op(http.MethodPost, "scan-pack-item", "/v1/fulfilments/{id}/pack-scans", "Scan units into the parcel on the desk",
		"Each unit is checked against the fulfilment: a wrong item, an extra unit, or hazardous goods with others is refused at "+
			"the item field (422) with nothing recorded. The first scan opens a parcel with its SSCC.", http.StatusOK),
		staff, func(ctx context.Context, in *struct {
			ID   string `path:"id" maxLength:"40" doc:"ful_…"`
			Body ItemScan
		}) (*struct{ Body ScanResult }, error) {
			r, err := s.Scan(ctx, in.ID, in.Body)
			return &struct{ Body ScanResult }{r}, err
		})
	httpapi.Register(api, op(http.MethodPost, "close-parcel", "/v1/parcels/{id}/close", "Close a parcel in a carton and weigh it",
		"The carton must be the warehouse's, in stock, big and strong enough, and plain for valuables. A weight off what the items "+
			"and carton should weigh, by more than the pack rules' tolerance, holds the parcel for a recheck (held: true); "+
			"otherwise it is packed, and the last one packs the fulfilment (done: true).", http.StatusOK),
		staff, func(ctx context.Context, in *struct {
			ID   string `path:"id" maxLength:"40" doc:"pcl_…"`
			Body CloseParcel
		}) (*closeOut, error) {
			r, err := s.Close(ctx, in.ID, in.Body)
			return &closeOut{r}, err
		})
	httpapi.Register(api, op(http.MethodPost, "accept-parcel-weight", "/v1/parcels/{id}/accept", "Accept a held parcel's weight (supervisor)",
		"An admin other than the packer who weighed it, with what the check found.", http.StatusOK),
		admin, func(ctx context.Context, in *struct {
			ID   string `path:"id" maxLength:"40" doc:"pcl_…"`
			Body Accept
		}) (*closeOut, error) {
			r, err := s.AcceptWeight(ctx, in.ID, in.Body)
			return &closeOut{r}, err
		})
	httpapi.Register(api, op(http.MethodPost, "resolve-pack-problem", "/v1/fulfilments/{id}/pack-problems", "Write off units that cannot be packed (supervisor)",
		"Damaged or missing units leave picked stock (reason damaged or lost); the order line goes short of them and follows its "+
			"product's shortage policy, as after a short pick.", http.StatusOK),
		admin, func(ctx context.Context, in *struct {
			ID   string `path:"id" maxLength:"40" doc:"ful_…"`
			Body Problem
		}) (*stationOut, error) {
			st, err := s.Resolve(ctx, in.ID, in.Body)
			return &stationOut{st}, err
		})
	pdf := func(id, path, summary, desc string, render func(context.Context, string) ([]byte, error)) {
		o := op(http.MethodGet, id, path, summary, desc, http.StatusOK)
		o.Responses = map[string]*huma.Response{"200": {Description: "The document", Content: map[string]*huma.MediaType{
			"application/pdf": {Schema: &huma.Schema{Type: "string", Format: "binary"}}}}}
		httpapi.Register(api, o, staff, func(ctx context.Context, in *fulfilmentIn) (*struct {
			Type string `header:"Content-Type"`
			Body []byte
		}, error) {
			b, err := render(ctx, in.ID)
			return &struct {
				Type string `header:"Content-Type"`
				Body []byte
			}{"application/pdf", b}, err
		})
	}
	pdf("print-packing-slip", "/v1/fulfilments/{id}/packing-slip", "A fulfilment's packing slip (PDF, English and Chinese)",
		"What the parcel holds, with the order number as Code 128.", s.PackingSlip)
	pdf("print-commercial-invoice", "/v1/fulfilments/{id}/invoice", "A packed fulfilment's commercial invoice (PDF, English and Chinese)",
		"Numbered without gaps per year when the fulfilment was packed (INV-2026-000001); lines at the prices paid; the order's "+
			"shipping charge on its first invoice.", s.CommercialInvoice)
	type whIn struct {
		Code string `path:"code" maxLength:"32" doc:"Warehouse code"`
	}
	httpapi.Register(api, op(http.MethodGet, "list-cartons", "/v1/warehouses/{code}/cartons", "A warehouse's carton catalogue", "", http.StatusOK),
		staff, func(ctx context.Context, in *whIn) (*struct{ Body []Carton }, error) {
			cs, err := s.Cartons(ctx, in.Code)
			return &struct{ Body []Carton }{cs}, err
		})
	httpapi.Register(api, op(http.MethodPut, "put-carton", "/v1/warehouses/{code}/cartons/{carton}", "Add or replace a carton", "", http.StatusOK),
		admin, func(ctx context.Context, in *struct {
			Code   string `path:"code" maxLength:"32" doc:"Warehouse code"`
			Carton string `path:"carton" maxLength:"32"`
			Body   Carton
		}) (*struct{ Body Carton }, error) {
			c, err := s.PutCarton(ctx, in.Code, in.Carton, in.Body)
			return &struct{ Body Carton }{c}, err
		})
	httpapi.Register(api, op(http.MethodGet, "get-pack-rules", "/v1/warehouses/{code}/pack-rules", "A warehouse's pack rules", "", http.StatusOK),
		staff, func(ctx context.Context, in *whIn) (*struct{ Body Rules }, error) {
			r, err := s.PackRules(ctx, in.Code)
			return &struct{ Body Rules }{r}, err
		})
	httpapi.Register(api, op(http.MethodPut, "put-pack-rules", "/v1/warehouses/{code}/pack-rules", "Set a warehouse's pack rules", "", http.StatusOK),
		admin, func(ctx context.Context, in *struct {
			Code string `path:"code" maxLength:"32" doc:"Warehouse code"`
			Body Rules
		}) (*struct{ Body Rules }, error) {
			r, err := s.SetPackRules(ctx, in.Code, in.Body)
			return &struct{ Body Rules }{r}, err
		})
}
