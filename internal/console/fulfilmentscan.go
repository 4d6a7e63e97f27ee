package console

import (
	"net/http"
	"strings"

	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/fulfilment"
	"github.com/waybill/waybill/internal/people"
)

// fulfilmentScan opens what a scanned code names: a fulfilment by its id,
// or an order by its number or id (its fulfilment ready to pick, else its
// first). A code that names nothing comes back at the scan field (422).
func (c *Console) fulfilmentScan(w http.ResponseWriter, r *http.Request, s people.Session) {
	locale := s.Person.Locale
	if !c.form(w, r, locale) {
		return
	}
	code := strings.TrimSpace(r.PostForm.Get("code"))
	problem := func(key string, args ...any) {
		c.fulfilmentQueue(w, r, s, http.StatusUnprocessableEntity, map[string]string{"code": code},
			map[string]string{"code": (view{Locale: locale}).Tf(key, args...)})
	}
	if code == "" {
		problem("fulfilmentscan.empty")
		return
	}
	f, err := c.cfg.Fulfilments.Get(r.Context(), code)
	if err == nil {
		http.Redirect(w, r, "/fulfilments/"+f.ID, http.StatusSeeOther)
		return
	}
	if !errs.Is(err, errs.NotFound) {
		c.internal(w, r, locale, err)
		return
	}
	o, err := c.cfg.Orders.Get(r.Context(), code)
	switch {
	case errs.Is(err, errs.NotFound):
		problem("fulfilmentscan.unknown", errs.Clip(code))
	case err != nil:
		c.internal(w, r, locale, err)
	case len(o.Fulfilments) == 0:
		problem("fulfilmentscan.not_released", o.Number)
	default:
		open := o.Fulfilments[0]
		for _, f := range o.Fulfilments {
			if f.Status == fulfilment.ReadyToPick {
				open = f
				break
			}
		}
		http.Redirect(w, r, "/fulfilments/"+open.ID, http.StatusSeeOther)
	}
}

var fulfilmentScanMessages = map[string]map[string]string{
	"en": {
		"fulfilmentscan.empty":        "Scan or type a fulfilment id or an order number.",
		"fulfilmentscan.unknown":      "No fulfilment or order has the code %s.",
		"fulfilmentscan.not_released": "Order %s has not been released to a warehouse yet.",
	},
	"zh": {
		"fulfilmentscan.empty":        "请扫描或输入履约单号或订单号。",
		"fulfilmentscan.unknown":      "没有编码为 %s 的履约单或订单。",
		"fulfilmentscan.not_released": "订单 %s 尚未下发到仓库。",
	},
}
