package track

import (
	"context"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/httpapi"
)

// CODRoles may import remittances and read the reconciliation: the money
// is finance's.
var CODRoles = []actor.Role{actor.Finance, actor.Admin}

// remittanceDoc is the remittance file's format, as the API documents it.
const remittanceDoc = "The body is the carrier's remittance file as CSV (UTF-8, a byte-order mark and CRLF line ends accepted, " +
	"at most 4 MiB and 50,000 rows, cells at most 128 bytes), one row per parcel paid, columns `carrier` (the carrier's code), " +
	"`remittance_id` (the carrier's id of the payment), `remittance_date` (YYYY-MM-DD), `tracking_number`, `amount` (decimal in " +
	"major units, such as 25.50, with no more decimals than the currency has) and `currency` (ISO 4217). A header row naming " +
	"the columns (in any order) is optional; without one the columns are in that order. A file may hold several remittances; " +
	"one remittance is imported once: importing it again answers it as reconciled the first time and counts nothing twice.\n\n" +
	"Each row is reconciled against the deliveries: `matched` (the parcel's cash is paid in full), `short` (paid less than the " +
	"driver collected), `extra` (an unknown tracking number, a parcel not delivered or not cash on delivery, another currency, " +
	"a parcel paid already, or more than collected). A COD order whose parcels are all paid in full becomes paid. `missing` " +
	"lists the delivered COD parcels of the file's carriers still not paid in full `missing_after_days` after delivery.\n\n" +
	"A malformed file answers 422 with every problem (up to 50) at `rows[N].column`, N being the row's number as a " +
	"spreadsheet shows it (the header row is 1), or at `csv` for the file as a whole; nothing is recorded."

// RegisterCOD adds the cash-on-delivery operations: importing a carrier's
// remittance file with its reconciliation, and the missing cash.
func RegisterCOD(api *httpapi.API, s *Store) {
	tags := []string{"Cash on delivery"}
	type reconciliationOut struct{ Body Reconciliation }
	httpapi.Register(api, huma.Operation{OperationID: "import-cod-remittance", Method: http.MethodPost, Path: "/v1/cod/remittances",
		Tags: tags, Summary: "Import a carrier's COD remittance file and reconcile it", Description: remittanceDoc,
		MaxBodyBytes: MaxRemittanceBytes + 1, Errors: []int{http.StatusRequestEntityTooLarge}}, CODRoles,
		func(ctx context.Context, in *struct {
			MissingAfterDays int    `query:"missing_after_days" minimum:"1" maximum:"365" default:"7" doc:"Days after delivery before unpaid cash is missing"`
			RawBody          []byte `contentType:"text/csv" doc:"carrier,remittance_id,remittance_date,tracking_number,amount,currency"`
		}) (*reconciliationOut, error) {
			rec, err := s.Reconcile(ctx, in.RawBody, days(in.MissingAfterDays))
			return &reconciliationOut{rec}, err
		})
	type missingOut struct{ Body []MissingCash }
	httpapi.Register(api, huma.Operation{OperationID: "list-missing-cod", Method: http.MethodGet, Path: "/v1/cod/missing", Tags: tags,
		Summary: "Delivered COD parcels whose cash the carrier has not paid",
		Description: "Delivered cash-on-delivery parcels (of one carrier, or all) not paid in full by the remittances imported, " +
			"delivered more than missing_after_days ago, oldest first, at most 1,000."}, CODRoles,
		func(ctx context.Context, in *struct {
			Carrier          string `query:"carrier" maxLength:"32" doc:"Only this carrier's parcels"`
			MissingAfterDays int    `query:"missing_after_days" minimum:"0" maximum:"365" default:"7"`
		}) (*missingOut, error) {
			var carriers []string
			if in.Carrier != "" {
				carriers = []string{in.Carrier}
			}
			m, err := s.MissingCash(ctx, carriers, days(in.MissingAfterDays))
			return &missingOut{m}, err
		})
}

func days(n int) time.Duration { return time.Duration(n) * 24 * time.Hour }
