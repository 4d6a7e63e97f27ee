package console

import (
	"net/http"
	"slices"

	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/people"
)

// addressFields are the address form's fields, in the order shown; each
// is the field of address.Address with that JSON name.
var addressFields = []string{"line1", "line2", "city", "region", "postal_code", "country"}

// correctAddress replaces the order's shipping address with the one typed,
// as correct-order-address does (order.Store.CorrectAddress: validated for
// its country as intake does). Each problem is shown at its field with
// what was typed (422); a refusal that names a field (a warehouse that
// does not ship there) is shown there too, with 409; a state that forbids
// the change is a 409 page.
func (c *Console) correctAddress(w http.ResponseWriter, r *http.Request, s people.Session) {
	locale := s.Person.Locale
	if !c.form(w, r, locale) {
		return
	}
	form := orderForm{values: map[string]string{}, errors: map[string]string{}}
	for _, f := range addressFields {
		form.values[f] = r.PostForm.Get(f)
	}
	cur, ok := c.loadOrder(w, r, s)
	if !ok {
		return
	}
	// The fields the form does not show (the recipient's name, company,
	// district) stay as they are.
	a := cur.ShippingAddress
	a.Line1, a.Line2, a.City, a.Region = form.values["line1"], form.values["line2"], form.values["city"], form.values["region"]
	a.PostalCode, a.Country = form.values["postal_code"], form.values["country"]
	o, err := c.cfg.Orders.CorrectAddress(r.Context(), cur.ID, a)
	switch {
	case errs.Is(err, errs.NotFound):
		c.renderNotFound(w, r, s, text(locale, "order.not_found"))
	case errs.Is(err, errs.Invalid):
		form.errors = addressErrors(locale, err)
		c.showOrder(w, r, s, http.StatusUnprocessableEntity, form)
	case errs.Is(err, errs.Conflict) && len(errs.FieldsOf(err)) > 0:
		form.errors = addressErrors(locale, err)
		c.showOrder(w, r, s, http.StatusConflict, form)
	case errs.Is(err, errs.Conflict):
		c.renderConflict(w, r, s, text(locale, "order.address_refused"), err)
	case err != nil:
		c.internal(w, r, locale, err)
	default:
		done(w, r, orderPath(o), "order_address")
	}
}

// addressErrors places the store's problems at the form's fields; one at
// a field the form does not show (the name) goes to the first line. In
// Chinese a problem reads in Chinese, the store's precise words after it.
func addressErrors(locale string, err error) map[string]string {
	out := map[string]string{}
	for _, f := range errs.FieldsOf(err) {
		path, msg := f.Path, f.Message
		if !slices.Contains(addressFields, path) {
			path = "line1"
		}
		if key := "order.err." + f.Code; locale != "en" && text(locale, key) != key {
			msg = text(locale, key) + "（" + msg + "）"
		}
		if _, seen := out[path]; !seen {
			out[path] = msg
		}
	}
	return out
}

var orderAddressMessages = map[string]map[string]string{
	"en": {
		"order.address":            "Correct the shipping address",
		"order.address_help":       "Type the whole address as the customer gave it. It is checked for its country as a new order's is; the timeline keeps the old one.",
		"order.line1":              "Street and number",
		"order.line2":              "Apartment, suite, floor (optional)",
		"order.city":               "City",
		"order.region":             "State, province or region",
		"order.postal_code":        "Postal code (ZIP)",
		"order.country":            "Country (two letters, e.g. US)",
		"order.address_submit":     "Save the address",
		"order.address_refused":    "This order's address can no longer be corrected.",
		"done.order_address":       "The shipping address is corrected.",
		"order.err.required":       "This is required for an address in this country.",
		"order.err.too_long":       "This is too long.",
		"order.err.invalid_format": "This is not written as this country's addresses are, or does not belong with the rest.",
		"order.err.unknown_value":  "This is not one the country knows.",
		"order.err.not_served":     "No warehouse holding this order's stock ships there.",
	},
	"zh": {
		"order.address":            "更正收货地址",
		"order.address_help":       "请按客户提供的内容填写完整地址。系统会像校验新订单一样按国家校验；时间线会保留旧地址。",
		"order.line1":              "街道和门牌号",
		"order.line2":              "公寓、单元、楼层（选填）",
		"order.city":               "城市",
		"order.region":             "州、省或地区",
		"order.postal_code":        "邮政编码",
		"order.country":            "国家（两个字母，例如 US）",
		"order.address_submit":     "保存地址",
		"order.address_refused":    "此订单的地址已无法更正。",
		"done.order_address":       "收货地址已更正。",
		"order.err.required":       "此国家的地址必须填写此项。",
		"order.err.too_long":       "内容过长。",
		"order.err.invalid_format": "格式不符合该国家的地址规则，或与其他字段不一致。",
		"order.err.unknown_value":  "该国家没有这个值。",
		"order.err.not_served":     "存放此订单库存的仓库不向该地址发货。",
	},
}
