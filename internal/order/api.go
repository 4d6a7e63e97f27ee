package order

import (
	"context"
	"encoding/json"
	"net/http"
	"reflect"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/address"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/httpapi"
)

// placeIn is the place-order input. Its Resolve runs the domain validation
// in huma's validation pass, so schema and domain problems come back in one
// answer, and leaves Body normalised for the handler.
type placeIn struct {
	IdempotencyKey string `header:"Idempotency-Key" maxLength:"255" doc:"Makes retries safe: the same key and body replay the first answer byte for byte"`
	Body           PlaceRequest
}

// Resolve implements huma.Resolver.
func (in *placeIn) Resolve(huma.Context) []error {
	return httpapi.ResolveErrors(in.Body.validate())
}

// Submitter takes a validated order to be placed: the Engine. The API's
// benchmark puts one that answers at once in its place, to measure what
// the HTTP edge costs by itself.
type Submitter interface {
	Submit(ctx context.Context, req PlaceRequest, idem *Idempotency) Reply
}

// Register adds the order operations.
func Register(api *httpapi.API, e Submitter, s *Store) {
	tags := []string{"Orders"}
	channels := []actor.Role{actor.Admin, actor.Integration}
	staff := []actor.Role{actor.Admin, actor.Integration, actor.CustomerService, actor.Finance, actor.Warehouse}

	type placeOut struct {
		Status   int
		Type     string `header:"Content-Type"`
		Replayed string `header:"Idempotent-Replayed"`
		Body     []byte
	}
	op := httpapi.OwnIdempotency(huma.Operation{
		OperationID: "place-order", Method: http.MethodPost, Path: "/v1/orders", Tags: tags,
		Summary:     "Place an order",
		Description: "Validates the order (every problem at once), prices it from the catalogue, reserves its stock and answers once it is durable. Short lines are accepted for review unless reject_if_short is set.",
		Errors:      []int{http.StatusConflict, http.StatusServiceUnavailable},
		// A replay under the same Idempotency-Key is the first answer, 201 too.
		DefaultStatus: http.StatusCreated,
		Responses: map[string]*huma.Response{"201": {Description: "The order as stored", Content: map[string]*huma.MediaType{
			"application/json": {Schema: api.OpenAPI().Components.Schemas.Schema(reflect.TypeOf(Order{}), true, "Order")}}}},
	})
	httpapi.Register(api, op, channels, func(ctx context.Context, in *placeIn) (*placeOut, error) {
		who, _ := actor.From(ctx)
		if !who.SeesChannel(in.Body.Channel) {
			return nil, outOfScope("channel", who.Channels)
		}
		var idem *Idempotency
		if in.IdempotencyKey != "" { // the normalised body is what a retry must repeat
			canonical, err := json.Marshal(in.Body)
			if err != nil {
				return nil, err
			}
			idem = NewIdempotency(who.ID, in.IdempotencyKey, "place-order", canonical)
		}
		r := e.Submit(ctx, in.Body, idem)
		if r.Err != nil {
			return nil, r.Err
		}
		out := &placeOut{Status: r.Status, Type: "application/json", Body: r.Body}
		if r.Refusal != nil { // a refusal stored under the Idempotency-Key
			out.Status, out.Body = httpapi.ProblemBody(r.Refusal)
			out.Type = "application/problem+json"
		}
		if r.Replayed {
			out.Replayed = "true"
		}
		return out, nil
	})

	type getIn struct {
		ID string `path:"id" maxLength:"64" doc:"Order id (ord_…) or number (WB-…)"`
	}
	httpapi.Register(api, huma.Operation{OperationID: "get-order", Method: http.MethodGet, Path: "/v1/orders/{id}",
		Tags: tags, Summary: "Get an order with its lines and reservations"}, staff,
		func(ctx context.Context, in *getIn) (*struct{ Body Order }, error) {
			o, err := s.Get(ctx, in.ID)
			return &struct{ Body Order }{o}, err
		})
	httpapi.Register(api, huma.Operation{OperationID: "list-order-events", Method: http.MethodGet, Path: "/v1/orders/{id}/events",
		Tags: tags, Summary: "An order's timeline, oldest first"}, staff,
		func(ctx context.Context, in *getIn) (*struct{ Body []Event }, error) {
			evs, err := s.Events(ctx, in.ID)
			if evs == nil {
				evs = []Event{}
			}
			return &struct{ Body []Event }{evs}, err
		})

	type cancelIn struct {
		ID   string `path:"id" maxLength:"64"`
		Body struct {
			Reason string `json:"reason" minLength:"1" maxLength:"500" doc:"Why; shown on the timeline"`
		}
	}
	httpapi.Register(api, huma.Operation{OperationID: "cancel-order", Method: http.MethodPost, Path: "/v1/orders/{id}/cancel",
		Tags: tags, Summary: "Cancel an order", Description: "Releases its reserved stock and cancels its fulfilments not yet picked; money already captured becomes refund due (refund_due_minor), a payment not yet made is voided.",
		Errors: []int{http.StatusConflict}}, []actor.Role{actor.Admin, actor.Integration, actor.CustomerService},
		func(ctx context.Context, in *cancelIn) (*struct{ Body Order }, error) {
			o, err := s.Cancel(ctx, in.ID, in.Body.Reason)
			return &struct{ Body Order }{o}, err
		})

	type addressIn struct {
		ID   string `path:"id" maxLength:"64"`
		Body address.Address
	}
	httpapi.Register(api, huma.Operation{OperationID: "correct-order-address", Method: http.MethodPost, Path: "/v1/orders/{id}/address",
		Tags: tags, Summary: "Correct an order's shipping address",
		Description: "Replaces the shipping address with the whole address given, validated for its country as intake validates it. Refused (409) once the order is cancelled or a fulfilment of it has been picked or shipped, and when a warehouse holding its stock does not serve the new address. The timeline records the old and the new address.",
		Errors:      []int{http.StatusConflict}}, []actor.Role{actor.Admin, actor.CustomerService},
		func(ctx context.Context, in *addressIn) (*struct{ Body Order }, error) {
			o, err := s.CorrectAddress(ctx, in.ID, in.Body)
			return &struct{ Body Order }{o}, err
		})

	type listIn struct {
		httpapi.PageParams
		Status        string    `query:"status" enum:"placed,confirmed,on_hold,released,shipped,delivered,completed,returned,cancelled"`
		PaymentStatus string    `query:"payment_status" enum:"awaiting_payment,authorized,paid,failed,cod_pending,refund_due,partially_refunded,refunded,voided"`
		Channel       string    `query:"channel" maxLength:"64"`
		ExternalRef   string    `query:"external_ref" maxLength:"128" doc:"The shop's own reference for the order; needs channel"`
		Email         string    `query:"email" maxLength:"254" doc:"The customer's e-mail, in any case"`
		Phone         string    `query:"phone" maxLength:"20" doc:"E.164, e.g. +8613812345678"`
		SKU           string    `query:"sku" maxLength:"64" doc:"Orders with a line of this SKU"`
		CreatedFrom   time.Time `query:"created_from" doc:"RFC 3339; inclusive"`
		CreatedTo     time.Time `query:"created_to" doc:"RFC 3339; exclusive"`
	}
	httpapi.Register(api, huma.Operation{OperationID: "list-orders", Method: http.MethodGet, Path: "/v1/orders",
		Tags: tags, Summary: "List orders, newest first", Description: "Each item is the whole order, as get-order returns it. " +
			"Filters by e-mail, phone, SKU and search text read search indexes written a moment after intake; search_lag_ms says how far behind they are."}, staff,
		func(ctx context.Context, in *listIn) (*struct{ Body orderPage }, error) {
			before, err := httpapi.DecodeCursor(in.Cursor)
			if err != nil {
				return nil, err
			}
			filter, err := listFilter(in.Email, in.Phone, in.Channel, in.ExternalRef, in.CreatedFrom, in.CreatedTo)
			if err != nil {
				return nil, err
			}
			if filter.Channels, err = channelScope(ctx, "query.channel", in.Channel); err != nil {
				return nil, err
			}
			filter.Status, filter.PaymentStatus, filter.SKU, filter.Before, filter.Limit = in.Status, in.PaymentStatus, in.SKU, before, in.Limit+1
			rows, err := s.List(ctx, filter)
			if err != nil {
				return nil, err
			}
			page := orderPage{Page: *httpapi.NewPage(rows, in.Limit, func(o Order) string { return o.ID })}
			if filter.usesKeys() { // only a search reads the keys
				lag, err := s.SearchLag(ctx)
				if err != nil {
					return nil, err
				}
				ms := lag.Milliseconds()
				page.SearchLagMS = &ms
			}
			return &struct{ Body orderPage }{page}, nil
		})
	registerFeed(api, s)
}

// orderPage is a page of orders with, for a search, the search indexes' lag.
type orderPage struct {
	httpapi.Page[Order]
	SearchLagMS *int64 `json:"search_lag_ms,omitempty" doc:"On a search by e-mail, phone, SKU or search text: how far the search indexes were behind intake, in milliseconds; orders placed within it may be missing"`
}

// listFilter checks the list's query fields that depend on each other and
// normalises contact data exactly as intake stores it, so an order is found
// by the address it was placed with.
func listFilter(email, phone, channel, externalRef string, from, to time.Time) (Filter, error) {
	var f errs.Fields
	filter := Filter{Channel: channel, ExternalRef: externalRef, CreatedFrom: from, CreatedTo: to}
	if !to.IsZero() && to.Before(from) {
		f.Add("query.created_to", errs.CodeOutOfRange, "created_to is before created_from")
	}
	if externalRef != "" && channel == "" {
		f.Add("query.channel", errs.CodeRequired, "external_ref is unique within a channel: give channel too")
	}
	if email != "" {
		norm, err := address.NormalizeEmail(email)
		addInputIf(&f, "query.email", err)
		filter.Email = norm
	}
	if phone != "" {
		norm, err := address.NormalizePhone(phone, "")
		addInputIf(&f, "query.phone", err)
		filter.Phone = norm
	}
	return filter, f.Err()
}
