package setting

import (
	"context"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/httpapi"
)

// View is the rules as the API shows them and the audit log records them.
type View struct {
	CODCountries         []string  `json:"cod_countries" nullable:"false" doc:"Where cash on delivery is confirmed at once (ISO 3166 alpha-2); default CN, TW, HK, IN, BR, JP"`
	CODMaxTotalMinor     int64     `json:"cod_max_total_minor" doc:"The largest COD total confirmed at once, minor units; default 500000"`
	PaymentWindow        string    `json:"payment_window" doc:"How long a prepaid order may stay unpaid before it is cancelled; default 30m"`
	IdempotencyRetention string    `json:"idempotency_retention" doc:"How long an Idempotency-Key replays its first answer; default 24h"`
	HoldOnCustomerNote   bool      `json:"hold_on_customer_note" doc:"Whether a customer's special-request note holds the order for a person; default true"`
	UpdatedAt            time.Time `json:"updated_at,omitzero" doc:"When the rules last changed"`
}

func viewOf(v Values) View {
	return View{CODCountries: v.CODCountries, CODMaxTotalMinor: v.CODMaxTotalMinor, PaymentWindow: short(v.PaymentWindow),
		IdempotencyRetention: short(v.IdempotencyRetention), HoldOnCustomerNote: v.HoldOnCustomerNote, UpdatedAt: v.UpdatedAt}
}

// patchIn is the PATCH input. Its Resolve runs Validate in huma's
// validation pass, so schema and domain problems come back in one answer.
type patchIn struct{ Body Patch }

// Resolve implements huma.Resolver.
func (in *patchIn) Resolve(huma.Context) []error { return httpapi.ResolveErrors(in.Body.Validate()) }

// Register adds GET and PATCH /v1/settings, for administrators.
func Register(api *httpapi.API, s *Store) {
	admin := []actor.Role{actor.Admin}
	tags := []string{"Settings"}
	type out struct{ Body View }
	httpapi.Register(api, huma.Operation{
		OperationID: "get-settings", Method: http.MethodGet, Path: "/v1/settings", Tags: tags,
		Summary: "Get the operator's rules",
		Description: "The rules intake and review apply: cash on delivery (countries, largest total), the payment " +
			"window of prepaid orders, the retention of Idempotency-Key answers, and whether a customer's note holds " +
			"an order. A new database has the defaults named on each field.",
	}, admin, func(ctx context.Context, _ *struct{}) (*out, error) {
		v, err := s.Get(ctx)
		return &out{viewOf(v)}, err
	})
	httpapi.Register(api, huma.Operation{
		OperationID: "update-settings", Method: http.MethodPatch, Path: "/v1/settings", Tags: tags,
		Summary: "Change some of the operator's rules",
		Description: "Send only the fields to change; every invalid field is named and nothing changes. The change " +
			"is audited (settings.update, before and after) and applies to orders placed and reviewed from then on " +
			"(other server instances within " + CacheFor.String() + ").",
	}, admin, func(ctx context.Context, in *patchIn) (*out, error) {
		v, err := s.Update(ctx, in.Body)
		return &out{viewOf(v)}, err
	})
}
