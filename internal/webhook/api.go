package webhook

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/httpapi"
)

// Managers may subscribe endpoints and read their deliveries: the
// integrators who receive the events, and administrators.
var Managers = []actor.Role{actor.Admin, actor.Integration}

type idIn struct {
	ID string `path:"id" maxLength:"64"`
}

// Register adds the endpoint and delivery operations.
func Register(api *httpapi.API, s *Store) {
	tags := []string{"Webhooks"}
	type createIn struct{ Body EndpointInput }
	httpapi.Register(api, httpapi.SecretAnswer(httpapi.UnconfinedOnly(huma.Operation{
		OperationID: "create-webhook-endpoint", Method: http.MethodPost, Path: "/v1/webhook-endpoints", Tags: tags,
		Summary: "Subscribe an endpoint to order events", DefaultStatus: http.StatusCreated,
		Description: "Waybill POSTs each event of the subscribed types that happens from now on, signed with Standard " +
			"Webhooks (webhook-id, webhook-timestamp, webhook-signature). The signing secret is in this answer only; " +
			"a retry with the same Idempotency-Key answers 409 naming the endpoint it created, without the secret.",
	})), Managers, func(ctx context.Context, in *createIn) (*struct{ Body Created }, error) {
		c, err := s.Create(ctx, in.Body)
		return &struct{ Body Created }{c}, err
	})

	httpapi.Register(api, httpapi.UnconfinedOnly(huma.Operation{OperationID: "list-webhook-endpoints", Method: http.MethodGet,
		Path: "/v1/webhook-endpoints", Tags: tags, Summary: "List endpoints, newest first (never their secrets)"}), Managers,
		func(ctx context.Context, in *httpapi.PageParams) (*struct{ Body *httpapi.Page[Endpoint] }, error) {
			before, err := httpapi.DecodeCursor(in.Cursor)
			if err != nil {
				return nil, err
			}
			rows, err := s.List(ctx, before, in.Limit+1)
			return &struct{ Body *httpapi.Page[Endpoint] }{httpapi.NewPage(rows, in.Limit, func(e Endpoint) string { return e.ID })}, err
		})

	httpapi.Register(api, httpapi.UnconfinedOnly(huma.Operation{OperationID: "get-webhook-endpoint", Method: http.MethodGet,
		Path: "/v1/webhook-endpoints/{id}", Tags: tags, Summary: "Get an endpoint and whether it is failing or was disabled",
		Errors: []int{http.StatusNotFound}}), Managers,
		func(ctx context.Context, in *idIn) (*struct{ Body Endpoint }, error) {
			e, err := s.Get(ctx, in.ID)
			return &struct{ Body Endpoint }{e}, err
		})

	type updateIn struct {
		ID   string `path:"id" maxLength:"64"`
		Body EndpointPatch
	}
	httpapi.Register(api, httpapi.UnconfinedOnly(huma.Operation{OperationID: "update-webhook-endpoint", Method: http.MethodPatch,
		Path: "/v1/webhook-endpoints/{id}", Tags: tags, Summary: "Change an endpoint, or enable it again",
		Errors: []int{http.StatusNotFound}}), Managers,
		func(ctx context.Context, in *updateIn) (*struct{ Body Endpoint }, error) {
			e, err := s.Update(ctx, in.ID, in.Body)
			return &struct{ Body Endpoint }{e}, err
		})

	httpapi.Register(api, httpapi.UnconfinedOnly(huma.Operation{OperationID: "delete-webhook-endpoint", Method: http.MethodDelete,
		Path: "/v1/webhook-endpoints/{id}", Tags: tags, Summary: "Delete an endpoint with its deliveries",
		DefaultStatus: http.StatusNoContent, Errors: []int{http.StatusNotFound}}), Managers,
		func(ctx context.Context, in *idIn) (*struct{}, error) {
			return &struct{}{}, s.Delete(ctx, in.ID)
		})

	type deliveriesIn struct {
		httpapi.PageParams
		ID    string `path:"id" maxLength:"64"`
		State string `query:"state" enum:"pending,delivered,failed"`
	}
	httpapi.Register(api, httpapi.UnconfinedOnly(huma.Operation{OperationID: "list-webhook-deliveries", Method: http.MethodGet,
		Path: "/v1/webhook-endpoints/{id}/deliveries", Tags: tags, Summary: "An endpoint's deliveries, newest first",
		Errors: []int{http.StatusNotFound}}), Managers,
		func(ctx context.Context, in *deliveriesIn) (*struct{ Body *httpapi.Page[Delivery] }, error) {
			before, err := httpapi.DecodeCursor(in.Cursor)
			if err != nil {
				return nil, err
			}
			rows, err := s.Deliveries(ctx, DeliveryFilter{EndpointID: in.ID, State: in.State, Before: before, Limit: in.Limit + 1})
			return &struct{ Body *httpapi.Page[Delivery] }{httpapi.NewPage(rows, in.Limit, func(d Delivery) string { return d.ID })}, err
		})

	httpapi.Register(api, httpapi.UnconfinedOnly(huma.Operation{OperationID: "get-webhook-delivery", Method: http.MethodGet,
		Path: "/v1/webhook-deliveries/{id}", Tags: tags, Summary: "A delivery with its payload and every attempt",
		Errors: []int{http.StatusNotFound}}), Managers,
		func(ctx context.Context, in *idIn) (*struct{ Body Delivery }, error) {
			d, err := s.Delivery(ctx, in.ID)
			return &struct{ Body Delivery }{d}, err
		})

	httpapi.Register(api, httpapi.UnconfinedOnly(huma.Operation{OperationID: "replay-webhook-delivery", Method: http.MethodPost,
		Path: "/v1/webhook-deliveries/{id}/replay", Tags: tags, Summary: "Send a delivery once more, now",
		Description:   "Queues one attempt with the same body and webhook-id; watch it in the delivery's log.",
		DefaultStatus: http.StatusAccepted, Errors: []int{http.StatusNotFound, http.StatusConflict}}), Managers,
		func(ctx context.Context, in *idIn) (*struct{ Body Delivery }, error) {
			d, err := s.Replay(ctx, in.ID)
			return &struct{ Body Delivery }{d}, err
		})
}
