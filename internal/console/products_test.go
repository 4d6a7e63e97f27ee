package console_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/catalog"
)

// productForm is a valid edit of the rig's products.
func productForm(price string) url.Values {
	return url.Values{"name": {"Blue mug"}, "category": {"kitchen"}, "price_minor": {price}, "weight_g": {"350"}, "fragile": {"on"}}
}

func TestProductPagesRoles(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, b *bundle) {
		b.rig.AddProducts(t, 1)
		requireAdminRoles(t, b, []roleCase{
			{"GET", "/products", "list-products", nil, http.StatusOK},
			{"GET", "/products/SKU-000", "get-product", nil, http.StatusOK},
			{"POST", "/products/SKU-000", "update-product", productForm("1299"), http.StatusSeeOther},
		})
	})
}

func TestProductsPageSearchesAndPages(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, b *bundle) {
		b.rig.AddProducts(t, 3)
		br := b.browser(t)
		br.signIn(b.emails[actor.Warehouse])
		first := br.get("/products")
		require.Equal(t, http.StatusOK, first.status)
		require.Contains(t, first.body, "SKU-000")
		require.Contains(t, first.body, "SKU-001")
		require.NotContains(t, first.body, "SKU-002", "a page holds PageSize products")
		require.Contains(t, first.body, "10.00 USD")
		i := strings.Index(first.body, `href="/products?`)
		require.Positive(t, i)
		next := first.body[i+len(`href="`):]
		next = strings.ReplaceAll(next[:strings.IndexByte(next, '"')], "&amp;", "&")
		second := br.get(next)
		require.Equal(t, http.StatusOK, second.status)
		require.Contains(t, second.body, "SKU-002")
		require.NotContains(t, second.body, "SKU-000")

		byName := br.get("/products?q=" + url.QueryEscape("product sku-001"))
		require.Contains(t, byName.body, "SKU-001")
		require.NotContains(t, byName.body, "SKU-000")
		bySKU := br.get("/products?sku=SKU-002")
		require.Contains(t, bySKU.body, "SKU-002")
		require.NotContains(t, bySKU.body, "SKU-001")
		require.Contains(t, br.get("/products?q=nothing-like-this").body, "No products match.")
		require.Equal(t, http.StatusBadRequest, br.get("/products?cursor=xyz").status)
	})
}

// An administrator edits a product: the store has the change and the
// audit log names the person; a bad price is refused at its field with
// nothing changed; an unknown product is 404.
func TestProductPageEdits(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, b *bundle) {
		b.rig.AddProducts(t, 1)
		store := catalog.NewStore(b.d)
		br := b.browser(t)
		br.signIn(b.emails[actor.Admin])
		view := br.get("/products/SKU-000")
		require.Equal(t, http.StatusOK, view.status)
		require.Contains(t, view.body, `value="1000"`)

		for price, msg := range map[string]string{"ten": "Enter a whole number.", "-5": "price_minor", "": "Enter a whole number."} {
			p := br.post("/products/SKU-000", productForm(price))
			requireFieldError(t, p, "price_minor", "")
			require.Contains(t, p.body, msg)
			require.Contains(t, p.body, `value="Blue mug"`, "what was typed is kept")
		}
		p := br.post("/products/SKU-000", url.Values{"name": {""}, "price_minor": {"5"}, "weight_g": {"0"}})
		requireFieldError(t, p, "name", "")
		require.Contains(t, p.body, `id="weight_g-error"`)
		got, err := store.Get(context.Background(), "SKU-000")
		require.NoError(t, err)
		require.Equal(t, int64(1000), got.PriceMinor, "nothing changed")
		require.Equal(t, "Product SKU-000", got.Name)

		p = br.post("/products/SKU-000", productForm("1299"))
		require.Equal(t, http.StatusSeeOther, p.status, p.body)
		require.Equal(t, "/products/SKU-000?done=products.updated", p.location())
		require.Contains(t, br.get(p.location()).body, "The product was saved.")
		got, err = store.Get(context.Background(), "SKU-000")
		require.NoError(t, err)
		require.Equal(t, int64(1299), got.PriceMinor)
		require.Equal(t, int64(350), got.WeightG)
		require.Equal(t, "Blue mug", got.Name)
		require.True(t, got.Fragile)
		require.False(t, got.Hazmat)
		requireAudited(t, b, "product.update")

		require.Equal(t, http.StatusNotFound, br.get("/products/prd_nope").status)
		require.Equal(t, http.StatusNotFound, br.post("/products/prd_nope", productForm("1")).status)
	})
}
