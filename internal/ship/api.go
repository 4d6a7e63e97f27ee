package ship

import (
	"context"
	"encoding/json"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/httpapi"
)

// Register adds the dispatch operations: booking a packed fulfilment,
// voiding, staging, manifests and the handover (warehouse staff and
// admins), and the table carriers' rate data (admins change it).
func Register(api *httpapi.API, s *Store) {
	staff := []actor.Role{actor.Admin, actor.Warehouse}
	admin := []actor.Role{actor.Admin}
	tags := []string{"Shipping"}
	op := func(method, id, path, summary, desc string) huma.Operation {
		return huma.Operation{OperationID: id, Method: method, Path: path, Summary: summary, Description: desc, Tags: tags,
			Errors: []int{http.StatusConflict, http.StatusNotFound, http.StatusServiceUnavailable}}
	}
	type shipmentOut struct{ Body Shipment }
	type manifestOut struct{ Body ManifestOut }
	httpapi.Register(api, op(http.MethodPost, "book-shipment", "/v1/fulfilments/{id}/shipment", "Book a packed fulfilment's shipment",
		"Rate-shops its parcels across every carrier: the cheapest service delivering by the order's promised date, else the "+
			"fastest; carriers over their allocation share are skipped when another keeps the promise. Books the choice for "+
			"tracking numbers and keeps the alternatives with it. A fulfilment already booked answers its shipment (printing "+
			"again books nothing). A carrier's refusal names the field (422); a carrier out of reach is a 503: try again, the "+
			"same booking is made."),
		staff, func(ctx context.Context, in *struct {
			ID   string `path:"id" maxLength:"40" doc:"ful_…"`
			Body BookRequest
		}) (*shipmentOut, error) {
			sh, err := s.Book(ctx, in.ID, in.Body)
			return &shipmentOut{sh}, err
		})
	httpapi.Register(api, op(http.MethodGet, "get-shipment", "/v1/shipments/{id}", "A shipment with its parcels and rate choice", ""),
		staff, func(ctx context.Context, in *struct {
			ID string `path:"id" maxLength:"40" doc:"shp_…"`
		}) (*shipmentOut, error) {
			sh, err := s.Shipment(ctx, in.ID)
			return &shipmentOut{sh}, err
		})
	labels := op(http.MethodGet, "print-shipment-labels", "/v1/shipments/{id}/labels", "A shipment's labels to print (4x6 PDF or ZPL)",
		"Rendered from the stored shipment: printing again books nothing. Sender, recipient in the destination country's address "+
			"format, order number, parcel n of m, weight, carrier, service, routing code, the tracking number as Code 128 and a QR code.")
	labels.Responses = map[string]*huma.Response{"200": {Description: "The labels", Content: map[string]*huma.MediaType{
		"application/pdf": {Schema: &huma.Schema{Type: "string", Format: "binary"}},
		"application/zpl": {Schema: &huma.Schema{Type: "string"}}}}}
	httpapi.Register(api, labels, staff, func(ctx context.Context, in *struct {
		ID     string `path:"id" maxLength:"40"`
		Format string `query:"format" enum:"pdf,zpl" doc:"Default: the warehouse's label format (its pack rules)"`
		Parcel int    `query:"parcel" minimum:"0" maximum:"1000" default:"1" doc:"Parcel n (from 1); 0 with ZPL: every parcel in one job"`
	}) (*struct {
		Type string `header:"Content-Type"`
		Body []byte
	}, error) {
		b, ct, err := s.Labels(ctx, in.ID, in.Format, in.Parcel)
		return &struct {
			Type string `header:"Content-Type"`
			Body []byte
		}{ct, b}, err
	})
	httpapi.Register(api, op(http.MethodPost, "book-return-label", "/v1/shipments/{id}/return-label", "Book a shipment's return label",
		"A return with the shipment's carrier: the customer sends each parcel back to the warehouse under a tracking number of its "+
			"own. Asking again answers the same return; a voided shipment has nothing to return (409). Print it with print-return-labels."),
		staff, func(ctx context.Context, in *struct {
			ID   string `path:"id" maxLength:"40" doc:"shp_…"`
			Body ReturnRequest
		}) (*struct{ Body ReturnShipment }, error) {
			r, err := s.ReturnLabel(ctx, in.ID, in.Body)
			return &struct{ Body ReturnShipment }{r}, err
		})
	returns := op(http.MethodGet, "print-return-labels", "/v1/shipments/{id}/return-labels", "A shipment's return labels to print (4x6 PDF or ZPL)",
		"Rendered from the stored return, marked RETURN, the customer as sender and the warehouse as recipient: printing books nothing.")
	returns.Responses = labels.Responses
	httpapi.Register(api, returns, staff, func(ctx context.Context, in *struct {
		ID     string `path:"id" maxLength:"40"`
		Format string `query:"format" enum:"pdf,zpl" default:"pdf"`
		Parcel int    `query:"parcel" minimum:"0" maximum:"1000" default:"1" doc:"Parcel n (from 1); 0 with ZPL: every parcel in one job"`
	}) (*struct {
		Type string `header:"Content-Type"`
		Body []byte
	}, error) {
		b, ct, err := s.ReturnLabels(ctx, in.ID, in.Format, in.Parcel)
		return &struct {
			Type string `header:"Content-Type"`
			Body []byte
		}{ct, b}, err
	})
	httpapi.Register(api, op(http.MethodPost, "void-shipment", "/v1/shipments/{id}/void", "Void a labelled shipment",
		"Cancels it with the carrier; the fulfilment can be booked again. A shipment on a manifest is refused."),
		staff, func(ctx context.Context, in *struct {
			ID string `path:"id" maxLength:"40" doc:"shp_…"`
		}) (*shipmentOut, error) {
			sh, err := s.Void(ctx, in.ID)
			return &shipmentOut{sh}, err
		})
	httpapi.Register(api, op(http.MethodPost, "stage-parcel", "/v1/staging", "Put a labelled parcel in its carrier's lane",
		"The parcel's label, then the lane's: the wrong lane is refused at the lane field, naming the right one."),
		staff, func(ctx context.Context, in *struct{ Body StageScan }) (*shipmentOut, error) {
			sh, err := s.Stage(ctx, in.Body)
			return &shipmentOut{sh}, err
		})
	httpapi.Register(api, op(http.MethodPost, "close-manifest", "/v1/manifests", "Close the day: a carrier's staged shipments on a manifest",
		"Shipments every parcel of which is in the lane; the carrier's manifest call closes them. Those not fully staged are left off and counted."),
		staff, func(ctx context.Context, in *struct{ Body ManifestIn }) (*manifestOut, error) {
			m, err := s.CloseManifest(ctx, in.Body)
			return &manifestOut{m}, err
		})
	httpapi.Register(api, op(http.MethodGet, "get-manifest", "/v1/manifests/{id}", "A manifest with its parcels", ""),
		staff, func(ctx context.Context, in *struct {
			ID string `path:"id" maxLength:"40" doc:"man_…"`
		}) (*manifestOut, error) {
			m, err := s.Manifest(ctx, in.ID)
			return &manifestOut{m}, err
		})
	csvOp := op(http.MethodGet, "get-manifest-csv", "/v1/manifests/{id}/csv", "A manifest as CSV", "One parcel per row.")
	csvOp.Responses = map[string]*huma.Response{"200": {Description: "The manifest", Content: map[string]*huma.MediaType{
		"text/csv": {Schema: &huma.Schema{Type: "string"}}}}}
	httpapi.Register(api, csvOp, staff, func(ctx context.Context, in *struct {
		ID string `path:"id" maxLength:"40"`
	}) (*struct {
		Type string `header:"Content-Type"`
		Body []byte
	}, error) {
		b, err := s.ManifestCSV(ctx, in.ID)
		return &struct {
			Type string `header:"Content-Type"`
			Body []byte
		}{"text/csv; charset=utf-8", b}, err
	})
	pdfOp := op(http.MethodGet, "get-manifest-pdf", "/v1/manifests/{id}/pdf", "A manifest as a PDF for the driver to sign",
		"A4, English and Chinese: carrier, warehouse, ship date, both manifest ids, one row per parcel with its tracking number as "+
			"Code 128, the totals and the driver's signature block. A stored parcel that cannot print is named (422).")
	pdfOp.Responses = map[string]*huma.Response{"200": {Description: "The manifest", Content: map[string]*huma.MediaType{
		"application/pdf": {Schema: &huma.Schema{Type: "string", Format: "binary"}}}}}
	httpapi.Register(api, pdfOp, staff, func(ctx context.Context, in *struct {
		ID string `path:"id" maxLength:"40"`
	}) (*struct {
		Type string `header:"Content-Type"`
		Body []byte
	}, error) {
		b, err := s.ManifestPDF(ctx, in.ID)
		return &struct {
			Type string `header:"Content-Type"`
			Body []byte
		}{"application/pdf", b}, err
	})
	httpapi.Register(api, op(http.MethodPost, "hand-over-manifest", "/v1/manifests/{id}/handover", "Check the driver's scans and hand over",
		"Parcels scanned are handed over; missing and extra parcels are reported. A shipment whose parcels are all taken ships: "+
			"its fulfilment is shipped with its tracking numbers, its stock leaves the ledger, the customer is told."),
		staff, func(ctx context.Context, in *struct {
			ID   string `path:"id" maxLength:"40" doc:"man_…"`
			Body HandoverIn
		}) (*struct{ Body HandoverReport }, error) {
			r, err := s.Handover(ctx, in.ID, in.Body)
			return &struct{ Body HandoverReport }{r}, err
		})
	httpapi.Register(api, op(http.MethodGet, "list-carriers", "/v1/carriers", "The table carriers and their rate data", ""),
		staff, func(ctx context.Context, _ *struct{}) (*struct{ Body []CarrierInfo }, error) {
			cs, err := s.Carriers(ctx)
			return &struct{ Body []CarrierInfo }{cs}, err
		})
	httpapi.Register(api, op(http.MethodPut, "put-carrier", "/v1/carriers", "Add or replace a table carrier's rate data",
		"The rate document (zones, rate cards, surcharges, transit days, cut-offs, pickup days); every problem is named by its path."),
		admin, func(ctx context.Context, in *struct {
			Inactive bool           `query:"inactive" doc:"Store it without offering it"`
			Body     map[string]any `doc:"The carrier's rate document (see ship/rate: code, name, currency, services with origins, zones, rates, transit_days, surcharges)"`
		}) (*struct{ Body CarrierInfo }, error) {
			doc, err := json.Marshal(in.Body)
			if err != nil {
				return nil, err
			}
			c, err := s.PutCarrier(ctx, doc, !in.Inactive)
			return &struct{ Body CarrierInfo }{c}, err
		})
}
