package catalog

import (
	"bytes"
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/httpapi"
)

// registerImport adds the CSV import. Its body is the file itself, up to
// DefaultMaxImportBytes; larger files answer 413 before any parsing.
func registerImport(api *httpapi.API, s *Store, roles []actor.Role, tags []string) {
	type importIn struct {
		Mapping    string `query:"mapping" enum:"waybill,olist" default:"waybill" doc:"Column mapping of the file (docs/IMPORT.md)"`
		Mode       string `query:"mode" enum:"all_or_nothing,good_rows" default:"all_or_nothing" doc:"all_or_nothing writes nothing if any row is bad; good_rows writes the good rows"`
		OnExisting string `query:"on_existing" enum:"error,update" default:"error" doc:"A row whose sku exists is an error, or updates that product"`
		RawBody    []byte `contentType:"text/csv" doc:"The CSV file, header row first, UTF-8"`
	}
	type importOut struct {
		Status int
		Body   ImportReport
	}
	httpapi.Register(api, httpapi.AlsoAnswers(huma.Operation{
		OperationID: "import-products", Method: http.MethodPost, Path: "/v1/products/import", Tags: tags,
		Summary:      "Import products from a CSV file",
		MaxBodyBytes: DefaultMaxImportBytes + 1, // huma refuses a body that reaches its limit
		Errors:       []int{http.StatusRequestEntityTooLarge},
		Description: "Answers 200 with a report: counts, and every problem of every bad row (row, line, column, " +
			"field, code, message). When mode is all_or_nothing and some row is bad, nothing is written and the " +
			"answer is 422 with the same report (refused: true). A file that is not CSV, has unknown or missing " +
			"columns, or exceeds 200,000 rows or 64 KiB in a cell answers 422 problem+json naming the field csv.",
	}, http.StatusUnprocessableEntity, ImportReport{}), roles, func(ctx context.Context, in *importIn) (*importOut, error) {
		m, _ := BuiltinMapping(in.Mapping)
		rep, err := s.Import(ctx, bytes.NewReader(in.RawBody), ImportOptions{
			Mapping: m, Mode: ImportMode(in.Mode), OnExisting: OnExisting(in.OnExisting),
		})
		if rep.Refused {
			return &importOut{Status: http.StatusUnprocessableEntity, Body: rep}, nil
		}
		if err != nil {
			return nil, err
		}
		return &importOut{Status: http.StatusOK, Body: rep}, nil
	})
}
