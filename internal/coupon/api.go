package coupon

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/httpapi"
)

// couponIn is the create-coupon input; its Resolve runs the domain checks in
// huma's validation pass, so schema and domain problems come back together.
type couponIn struct {
	Body Input
}

// Resolve implements huma.Resolver.
func (in *couponIn) Resolve(huma.Context) []error { return httpapi.ResolveErrors(in.Body.Validate()) }

// couponPatchIn is the update-coupon input.
type couponPatchIn struct {
	Code string `path:"code" maxLength:"64" doc:"The coupon's code, any case"`
	Body Patch
}

// Register adds the coupon operations. Only administrators create and
// change coupons, since a coupon is money off every order that names it;
// customer service and integrations (a storefront showing a promotion) may
// read them. Checkout itself is POST /v1/orders with coupon codes.
func Register(api *httpapi.API, s *Store) {
	tags := []string{"Coupons"}
	writers := []actor.Role{actor.Admin}
	readers := []actor.Role{actor.Admin, actor.CustomerService, actor.Integration}
	type couponOut struct{ Body Coupon }
	refusals := "\n\nAn order's coupons[i] is refused (422) with code unknown_value, " + Inactive + ", " +
		NotYetValid + ", " + Expired + ", " + WrongCurrency + ", " + MinSpend + ", " +
		UsedUp + " or " + CustomerLimit + ". Percent coupons apply first, in listed order, each to " +
		"what the previous left, rounded half up; amount coupons next, capped at what is left; the discount is " +
		"spread over the lines by largest remainder."

	httpapi.Register(api, huma.Operation{
		OperationID: "create-coupon", Method: http.MethodPost, Path: "/v1/coupons", Tags: tags,
		Summary: "Create a coupon", DefaultStatus: http.StatusCreated, Errors: []int{http.StatusConflict},
		Description: "A percent coupon takes percent_bp (basis points); an amount coupon takes amount_minor and " +
			"currency. The window is [starts_at, ends_at). A code already used answers 409." + refusals,
	}, writers, func(ctx context.Context, in *couponIn) (*couponOut, error) {
		c, err := s.Create(ctx, in.Body)
		return &couponOut{c}, err
	})

	type codeIn struct {
		Code string `path:"code" maxLength:"64" doc:"The coupon's code, any case"`
	}
	httpapi.Register(api, huma.Operation{
		OperationID: "get-coupon", Method: http.MethodGet, Path: "/v1/coupons/{code}", Tags: tags,
		Summary: "Get a coupon with its uses so far", Errors: []int{http.StatusNotFound},
	}, readers, func(ctx context.Context, in *codeIn) (*couponOut, error) {
		c, err := s.Get(ctx, in.Code)
		return &couponOut{c}, err
	})

	httpapi.Register(api, huma.Operation{
		OperationID: "update-coupon", Method: http.MethodPatch, Path: "/v1/coupons/{code}", Tags: tags,
		Summary: "Deactivate a coupon or change its window and limits",
		Errors:  []int{http.StatusNotFound, http.StatusConflict},
		Description: "Fields left out keep their values; kind and value never change, so orders already priced " +
			"keep their meaning. max_uses below the uses already made answers 409.",
	}, writers, func(ctx context.Context, in *couponPatchIn) (*couponOut, error) {
		c, err := s.Update(ctx, in.Code, in.Body)
		return &couponOut{c}, err
	})

	type listIn struct {
		httpapi.PageParams
		Active string `query:"active" enum:"true,false" doc:"Only active (true) or inactive (false) coupons"`
	}
	httpapi.Register(api, huma.Operation{
		OperationID: "list-coupons", Method: http.MethodGet, Path: "/v1/coupons", Tags: tags,
		Summary: "List coupons in code order",
	}, readers, func(ctx context.Context, in *listIn) (*struct{ Body *httpapi.Page[Coupon] }, error) {
		after, err := httpapi.DecodeCursor(in.Cursor)
		if err != nil {
			return nil, err
		}
		f := Filter{After: after, Limit: in.Limit}
		if in.Active != "" {
			active := in.Active == "true"
			f.Active = &active
		}
		rows, err := s.List(ctx, f)
		if err != nil {
			return nil, err
		}
		return &struct{ Body *httpapi.Page[Coupon] }{httpapi.NewPage(rows, in.Limit, func(c Coupon) string { return c.Code })}, nil
	})
}
