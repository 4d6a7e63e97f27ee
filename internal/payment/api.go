package payment

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/httpapi"
	"github.com/waybill/waybill/internal/payment/gateway"
)

// standardEventIn is a Standard Webhooks delivery of Waybill's generic format.
type standardEventIn struct {
	Gateway   string `path:"gateway" doc:"The gateway's configured name"`
	ID        string `header:"webhook-id" doc:"The message id (Standard Webhooks)"`
	Timestamp string `header:"webhook-timestamp" doc:"Unix seconds; refused if more than 5 minutes from our clock"`
	Signature string `header:"webhook-signature" doc:"Space-separated \"v1,<base64 HMAC-SHA256>\" entries"`
	RawBody   []byte `contentType:"application/json"`
	httpapi.Delivery
}

// Resolve implements huma.Resolver.
func (in *standardEventIn) Resolve(ctx huma.Context) []error { return in.Capture(ctx) }

// stripeEventIn is a Stripe event delivery.
type stripeEventIn struct {
	Gateway   string `path:"gateway" doc:"The gateway's configured name, e.g. stripe"`
	Signature string `header:"Stripe-Signature" doc:"\"t=<unix>,v1=<hex HMAC-SHA256>\""`
	RawBody   []byte `contentType:"application/json"`
	httpapi.Delivery
}

// Resolve implements huma.Resolver.
func (in *stripeEventIn) Resolve(ctx huma.Context) []error { return in.Capture(ctx) }

// Register adds the payment-event webhooks, one route per signing
// scheme, for the gateways in verifiers (by configured name). They are
// public: the gateway's signature authenticates each event, not an API key.
// The gateway's configured scheme decides which signature is checked, so a
// gateway posting to the other scheme's route is refused as unsigned.
func Register(api *httpapi.API, s *Store, verifiers map[string]*gateway.Verifier) {
	registerList(api, s)
	registerRefusals(api, s)
	receive := func(ctx context.Context, name string, body []byte, r httpapi.Delivery) (*struct{ Body Outcome }, error) {
		v, ok := verifiers[name]
		if !ok {
			return nil, errs.E(errs.NotFound, "no payment gateway %q is configured", name)
		}
		ev, err := v.Receive(r.Header, body)
		if errs.Is(err, errs.Invalid) { // signed, so the gateway sent it: keep it for finance
			if rerr := s.recordRefusal(ctx, name, r.Header.Get("webhook-id"), r.Remote, err, body); rerr != nil {
				// Not kept: the gateway must retry, so that it is seen.
				return nil, errs.Wrap(errs.Unavailable, rerr, "cannot record this refused event now; retry")
			}
		}
		if err != nil {
			return nil, err
		}
		who := GatewayActor(name)
		who.RemoteAddr = r.Remote
		out, err := s.Apply(actor.With(ctx, who), ev)
		if err != nil {
			return nil, err
		}
		return &struct{ Body Outcome }{out}, nil
	}
	op := func(id, path, summary, description string) huma.Operation {
		return huma.Operation{OperationID: id, Method: http.MethodPost, Path: path, Tags: []string{"Payments"},
			Summary: summary, Description: description + " Each event is applied once, whatever the order and " +
				"number of its deliveries: a repeated event id gets the first outcome back. An event for an " +
				"unknown order is recorded as unmatched and acknowledged. Amount or currency different from " +
				"the order's total holds the order.",
			MaxBodyBytes: gateway.MaxBodyBytes + 1, // huma refuses a body that reaches the limit
			// The body is checked after its signature, by the gateway's parser,
			// which names every bad field; huma would only see a string.
			SkipValidateBody: true,
			Errors:           []int{http.StatusUnauthorized, http.StatusNotFound, http.StatusRequestEntityTooLarge}}
	}
	httpapi.Register(api, httpapi.DocumentBody(op("receive-payment-event", "/v1/payment-events/{gateway}", "Receive a payment event",
		"A gateway signing with Standard Webhooks posts Waybill's generic event format here. "+signingHowTo), Event{}, eventExamples), nil,
		func(ctx context.Context, in *standardEventIn) (*struct{ Body Outcome }, error) {
			return receive(ctx, in.Gateway, in.RawBody, in.Delivery)
		})
	httpapi.Register(api, op("receive-stripe-event", "/v1/payment-events/{gateway}/stripe", "Receive a Stripe event",
		"Stripe (or a gateway speaking its format) posts events here, signed with Stripe-Signature; "+
			"payment_intent.* and charge.refunded are applied, other types acknowledged and ignored."), nil,
		func(ctx context.Context, in *stripeEventIn) (*struct{ Body Outcome }, error) {
			return receive(ctx, in.Gateway, in.RawBody, in.Delivery)
		})
}
