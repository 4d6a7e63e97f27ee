package track

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/httpapi"
	"github.com/waybill/waybill/internal/ship"
)

// MaxWebhookBody is the largest carrier webhook delivery read.
const MaxWebhookBody = 1 << 20

// webhookIn is a carrier's webhook delivery: all the headers as sent, for
// the adapter's signature check, and the raw body it signed.
type webhookIn struct {
	Carrier string `path:"carrier" maxLength:"32" doc:"The carrier's code"`
	RawBody []byte `contentType:"application/json"`
	httpapi.Delivery
}

// Resolve implements huma.Resolver.
func (in *webhookIn) Resolve(ctx huma.Context) []error { return in.Capture(ctx) }

// EventsIn is a batch of events in Waybill's normalised form, for carriers
// without an adapter (their events from a file, a script or a person).
type EventsIn struct {
	Carrier string               `json:"carrier" minLength:"1" maxLength:"32" doc:"The carrier's code on the shipments"`
	Events  []ship.TrackingEvent `json:"events" minItems:"1" maxItems:"1000"`
}

// Register adds the tracking operations: the carriers' webhooks (public:
// the carrier's signature authenticates them), events in Waybill's own
// form (integrations and admins), a parcel's and an order's tracking (all
// staff), the public page's data by token (no login), and the rules.
func Register(api *httpapi.API, s *Store) {
	tags := []string{"Tracking"}
	op := func(method, id, path, summary, desc string) huma.Operation {
		return huma.Operation{OperationID: id, Method: method, Path: path, Summary: summary, Description: desc, Tags: tags,
			Errors: []int{http.StatusNotFound}}
	}
	type resultOut struct{ Body Result }
	hook := op(http.MethodPost, "receive-tracking-webhook", "/v1/carriers/{carrier}/tracking-events", "Receive a carrier's tracking webhook",
		"The carrier's adapter checks the signature (401 when it does not match or is stale) and parses the events in the "+
			"carrier's format (422 naming the field). Each event is kept once by the carrier's event id, in any order and however "+
			"often it is delivered; it moves its parcel only forward.")
	hook.MaxBodyBytes = MaxWebhookBody + 1
	hook.SkipValidateBody = true
	hook.Errors = append(hook.Errors, http.StatusUnauthorized, http.StatusRequestEntityTooLarge)
	httpapi.Register(api, hook, nil, func(ctx context.Context, in *webhookIn) (*resultOut, error) {
		t, ok := s.trackers[in.Carrier]
		if !ok {
			return nil, errs.E(errs.NotFound, "no carrier %q sends tracking webhooks here", errs.Clip(in.Carrier))
		}
		events, err := t.Webhook(in.Header, in.RawBody)
		if err != nil {
			return nil, err
		}
		who := Carrier(in.Carrier)
		who.RemoteAddr = in.Remote
		res, err := s.Ingest(actor.With(ctx, who), in.Carrier, FromWebhook, events)
		return &resultOut{res}, err
	})
	httpapi.Register(api, op(http.MethodPost, "add-tracking-events", "/v1/tracking-events", "Add tracking events in Waybill's form",
		"For carriers without an adapter: events already normalised (status, reason) by the caller. Kept once by carrier and "+
			"event id, like a carrier's webhook; unknown tracking numbers are listed and not kept."),
		[]actor.Role{actor.Admin, actor.Integration}, func(ctx context.Context, in *struct{ Body EventsIn }) (*resultOut, error) {
			res, err := s.Ingest(ctx, in.Body.Carrier, FromAPI, in.Body.Events)
			return &resultOut{res}, err
		})
	httpapi.Register(api, op(http.MethodGet, "get-parcel-tracking", "/v1/parcels/{ref}/tracking", "A parcel's tracking and history",
		"By parcel id (pcl_…) or tracking number: its normalised status, promised date, delivery and cash collected, and every "+
			"carrier event in the order they happened, with whether it moved the parcel and the carrier's own form."),
		httpapi.Everyone, func(ctx context.Context, in *struct {
			Ref string `path:"ref" maxLength:"64"`
		}) (*struct{ Body History }, error) {
			h, err := s.ParcelHistory(ctx, in.Ref)
			return &struct{ Body History }{h}, err
		})
	httpapi.Register(api, op(http.MethodGet, "list-tracked-parcels", "/v1/tracking", "Parcels on their way",
		"Tracked parcels, the longest silent first; status=open is every parcel not delivered, returned or lost."),
		[]actor.Role{actor.Admin, actor.Integration, actor.CustomerService, actor.Warehouse}, func(ctx context.Context, in *Filter) (*struct{ Body []Parcel }, error) {
			ps, err := s.Parcels(ctx, *in)
			return &struct{ Body []Parcel }{ps}, err
		})
	httpapi.Register(api, op(http.MethodGet, "get-order-tracking", "/v1/orders/{ref}/tracking", "Where an order's parcels are",
		"Every tracked parcel of the order (by id or number), oldest first: partial delivery shows as some delivered."),
		httpapi.Everyone, func(ctx context.Context, in *struct {
			Ref string `path:"ref" maxLength:"64"`
		}) (*struct{ Body []Parcel }, error) {
			ps, err := s.OrderParcels(ctx, in.Ref)
			return &struct{ Body []Parcel }{ps}, err
		})
	httpapi.Register(api, op(http.MethodGet, "get-public-tracking", "/v1/public/tracking/{token}", "A parcel's public tracking",
		"No login: the token in the customer's link is the key. Status, history, promised date and the customer's language; "+
			"nothing personal."),
		nil, func(ctx context.Context, in *struct {
			Token string `path:"token" maxLength:"64"`
		}) (*struct{ Body Public }, error) {
			p, err := s.ByToken(ctx, in.Token)
			return &struct{ Body Public }{p}, err
		})
	type rulesOut struct{ Body RulesOut }
	httpapi.Register(api, op(http.MethodGet, "get-tracking-rules", "/v1/tracking-rules", "The tracking rules", ""),
		httpapi.Everyone, func(ctx context.Context, _ *struct{}) (*rulesOut, error) {
			r, err := s.Rules(ctx)
			return &rulesOut{r.Out()}, err
		})
	httpapi.Register(api, op(http.MethodPatch, "set-tracking-rules", "/v1/tracking-rules", "Change the tracking rules",
		"The confirmation period before a delivered order completes, the silence that opens a no-scan case, polling, and the "+
			"cases' SLA. Fields left out keep their values."),
		[]actor.Role{actor.Admin}, func(ctx context.Context, in *struct{ Body RulesIn }) (*rulesOut, error) {
			r, err := s.SetRules(ctx, in.Body)
			return &rulesOut{r.Out()}, err
		})
}
