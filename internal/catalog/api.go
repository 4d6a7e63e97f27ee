package catalog

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/httpapi"
)

// createIn is the create-product input. Its Resolve runs the domain checks
// (GTIN check digits, attribute rules) in the same pass as the schema's, so
// every problem comes back at once.
type createIn struct{ Body ProductInput }

// Resolve implements huma.Resolver.
func (in *createIn) Resolve(huma.Context) []error { return httpapi.ResolveErrors(in.Body.Validate()) }

// Register adds the catalogue operations to api. Everyone may read the
// catalogue; only administrators and integrations (a PIM, a storefront) may
// change it.
func Register(api *httpapi.API, s *Store) {
	writers := []actor.Role{actor.Admin, actor.Integration}
	tags := []string{"Catalogue"}
	type productOut struct{ Body Product }
	type idIn struct {
		ID string `path:"id" maxLength:"64" doc:"The product's id (prd_…) or its sku"`
	}

	httpapi.Register(api, huma.Operation{
		OperationID: "create-product", Method: http.MethodPost, Path: "/v1/products", Tags: tags,
		Summary: "Create a product", DefaultStatus: http.StatusCreated, Errors: []int{http.StatusConflict},
		Description: "Adds an active product. Every invalid field is reported at once; a sku or barcode " +
			"already in the catalogue answers 409 naming the field.",
	}, writers, func(ctx context.Context, in *createIn) (*productOut, error) {
		p, err := s.Create(ctx, in.Body)
		return &productOut{p}, err
	})

	httpapi.Register(api, huma.Operation{
		OperationID: "get-product", Method: http.MethodGet, Path: "/v1/products/{id}", Tags: tags,
		Summary: "Get a product", Errors: []int{http.StatusNotFound},
	}, httpapi.Everyone, func(ctx context.Context, in *idIn) (*productOut, error) {
		p, err := s.Get(ctx, in.ID)
		return &productOut{p}, err
	})

	type patchIn struct {
		ID   string `path:"id" maxLength:"64" doc:"The product's id (prd_…) or its sku"`
		Body ProductPatch
	}
	httpapi.Register(api, huma.Operation{
		OperationID: "update-product", Method: http.MethodPatch, Path: "/v1/products/{id}", Tags: tags,
		Summary: "Change some fields of a product", Errors: []int{http.StatusNotFound, http.StatusConflict},
		Description: "Fields left out keep their values; attributes and barcodes, when given, replace the " +
			"whole set. The result is validated as a whole.",
	}, writers, func(ctx context.Context, in *patchIn) (*productOut, error) {
		p, err := s.Update(ctx, in.ID, in.Body)
		return &productOut{p}, err
	})

	for _, op := range []struct {
		verb, summary string
		fn            func(context.Context, string) (Product, error)
	}{
		{"deactivate", "Stop a product from being ordered (kept for history)", s.Deactivate},
		{"activate", "Make a deactivated product orderable again", s.Activate},
	} {
		httpapi.Register(api, huma.Operation{
			OperationID: op.verb + "-product", Method: http.MethodPost, Path: "/v1/products/{id}/" + op.verb,
			Tags: tags, Summary: op.summary, Errors: []int{http.StatusNotFound},
			Description: "Idempotent: repeating it changes nothing.",
		}, writers, func(ctx context.Context, in *idIn) (*productOut, error) {
			p, err := op.fn(ctx, in.ID)
			return &productOut{p}, err
		})
	}

	type listIn struct {
		httpapi.PageParams
		Category string `query:"category" maxLength:"100" doc:"Only this category"`
		Active   string `query:"active" enum:"true,false" doc:"Only active (true) or inactive (false) products"`
		SKU      string `query:"sku" maxLength:"64" doc:"Only the product with this sku"`
		Barcode  string `query:"barcode" pattern:"^[0-9]{8,14}$" doc:"Only the product with this GTIN, in any length"`
		Q        string `query:"q" maxLength:"200" doc:"Name contains this, ignoring case"`
		Handling string `query:"handling" enum:"fragile,liquid,valuable,hazmat" doc:"Only products with this handling flag"`
	}
	httpapi.Register(api, huma.Operation{
		OperationID: "list-products", Method: http.MethodGet, Path: "/v1/products", Tags: tags,
		Summary: "List products, oldest first, with filters",
	}, httpapi.Everyone, func(ctx context.Context, in *listIn) (*struct{ Body *httpapi.Page[Product] }, error) {
		after, err := httpapi.DecodeCursor(in.Cursor)
		if err != nil {
			return nil, err
		}
		f := Filter{Category: in.Category, SKU: in.SKU, Barcode: in.Barcode, Query: in.Q, Handling: in.Handling,
			After: after, Limit: in.Limit}
		if in.Active != "" {
			active := in.Active == "true"
			f.Active = &active
		}
		items, next, err := s.List(ctx, f)
		if fields := errs.FieldsOf(err); fields != nil {
			var q errs.Fields
			q.Merge("query", fields) // where the caller put them
			return nil, q.Err()
		}
		if err != nil {
			return nil, err
		}
		if items == nil {
			items = []Product{}
		}
		return &struct{ Body *httpapi.Page[Product] }{&httpapi.Page[Product]{Items: items, NextCursor: httpapi.EncodeCursor(next)}}, nil
	})

	registerImport(api, s, writers, tags)
}
