package console

import (
	"net/http"
	"strconv"

	"github.com/waybill/waybill/internal/catalog"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/money"
	"github.com/waybill/waybill/internal/people"
)

// productFields are the edit form's text fields; productFlags its
// handling checkboxes.
var (
	productFields = []string{"name", "category", "price_minor", "weight_g"}
	productFlags  = []string{"fragile", "liquid", "valuable", "hazmat"}
)

// productPage is one product with its edit form.
type productPage struct {
	Product catalog.Product
	Price   string
	Flags   []string
}

// product shows one product (by id or SKU, as get-product finds it) with
// a form for the fields update-product changes.
func (c *Console) product(w http.ResponseWriter, r *http.Request, s people.Session) {
	v := c.pageView(s, "products.edit_title")
	p, err := c.cfg.Products.Get(r.Context(), r.PathValue("id"))
	if err != nil {
		c.refused(w, r, "product", v, err)
		return
	}
	v.Form = map[string]string{"name": p.Name, "category": p.Category,
		"price_minor": strconv.FormatInt(p.PriceMinor, 10), "weight_g": strconv.FormatInt(p.WeightG, 10)}
	for flag, on := range map[string]bool{"fragile": p.Fragile, "liquid": p.Liquid, "valuable": p.Valuable, "hazmat": p.Hazmat} {
		if on {
			v.Form[flag] = "on"
		}
	}
	v.Data = productPage{Product: p, Price: money.Format(p.PriceMinor, p.Currency), Flags: productFlags}
	c.render(w, r, http.StatusOK, "product", v)
}

// updateProduct changes the product as update-product does: the store
// validates the result as a whole, so the page has the API's rules.
func (c *Console) updateProduct(w http.ResponseWriter, r *http.Request, s people.Session) {
	v := c.pageView(s, "products.edit_title")
	if !c.form(w, r, v.Locale) {
		return
	}
	v.Form = typed(r, append(productFields, productFlags...)...)
	flag := func(name string) *bool { on := v.Form[name] != ""; return &on }
	var bad errs.Fields
	patch := catalog.ProductPatch{Name: ptr(v.Form["name"]), Category: ptr(v.Form["category"]),
		PriceMinor: wholeNumber(&bad, v.Locale, v.Form, "price_minor"), WeightG: wholeNumber(&bad, v.Locale, v.Form, "weight_g"),
		Fragile: flag("fragile"), Liquid: flag("liquid"), Valuable: flag("valuable"), Hazmat: flag("hazmat")}
	for _, n := range []string{"price_minor", "weight_g"} {
		if v.Form[n] == "" {
			bad.Add(n, errs.CodeRequired, "%s", text(v.Locale, "form.not_a_number"))
		}
	}
	id := r.PathValue("id")
	err := bad.Err()
	if err == nil {
		_, err = c.cfg.Products.Update(r.Context(), id, patch)
	}
	if err == nil {
		done(w, r, "/products/"+id, "products.updated")
		return
	}
	p, gerr := c.cfg.Products.Get(r.Context(), id)
	if gerr != nil {
		c.refused(w, r, "product", v, gerr)
		return
	}
	v.Data = productPage{Product: p, Price: money.Format(p.PriceMinor, p.Currency), Flags: productFlags}
	c.refused(w, r, "product", v, err, append(productFields, productFlags...)...)
}
