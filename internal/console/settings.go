package console

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/people"
	"github.com/waybill/waybill/internal/setting"
)

// The settings operations the page mirrors (internal/setting/api.go).
const (
	opGetSettings    = "get-settings"
	opUpdateSettings = "update-settings"
)

// settingsFields are the form's fields, named as the API's.
var settingsFields = []string{"cod_countries", "cod_max_total_minor", "payment_window", "idempotency_retention", "hold_on_customer_note"}

// settings shows the operator's rules, as get-settings does, in a form.
func (c *Console) settings(w http.ResponseWriter, r *http.Request, s people.Session) {
	v := c.pageView(s, "settings.title")
	cur, err := c.cfg.Settings.Get(r.Context())
	if err != nil {
		c.internal(w, r, v.Locale, err)
		return
	}
	view := setting.ViewOf(cur)
	v.Form = map[string]string{"cod_countries": strings.Join(view.CODCountries, ", "),
		"cod_max_total_minor": strconv.FormatInt(view.CODMaxTotalMinor, 10), "payment_window": view.PaymentWindow,
		"idempotency_retention": view.IdempotencyRetention}
	if view.HoldOnCustomerNote {
		v.Form["hold_on_customer_note"] = "on"
	}
	if !view.UpdatedAt.IsZero() {
		v.Data = view.UpdatedAt.UTC().Format(time.DateTime + " UTC")
	}
	c.render(w, r, http.StatusOK, "settings", v)
}

// updateSettings changes the rules as update-settings does, every field
// at once; the store checks them with the API's Validate.
func (c *Console) updateSettings(w http.ResponseWriter, r *http.Request, s people.Session) {
	v := c.pageView(s, "settings.title")
	if !c.form(w, r, v.Locale) {
		return
	}
	v.Form = typed(r, settingsFields...)
	var bad errs.Fields
	countries := list(v.Form["cod_countries"])
	hold := v.Form["hold_on_customer_note"] != ""
	patch := setting.Patch{CODCountries: &countries, CODMaxTotalMinor: wholeNumber(&bad, v.Locale, v.Form, "cod_max_total_minor"),
		PaymentWindow: ptr(v.Form["payment_window"]), IdempotencyRetention: ptr(v.Form["idempotency_retention"]),
		HoldOnCustomerNote: &hold}
	if v.Form["cod_max_total_minor"] == "" {
		bad.Add("cod_max_total_minor", errs.CodeRequired, "%s", text(v.Locale, "form.not_a_number"))
	}
	err := bad.Err()
	if err == nil {
		_, err = c.cfg.Settings.Update(r.Context(), patch)
	}
	if err != nil {
		c.refused(w, r, "settings", v, err, settingsFields...)
		return
	}
	done(w, r, "/settings", "settings.saved")
}

var settingsMessages = map[string]map[string]string{
	"en": {
		"settings.title":                 "Settings",
		"settings.cod_countries":         "Cash on delivery countries (ISO codes, comma-separated; empty holds every COD order)",
		"settings.cod_max_total_minor":   "Largest COD total confirmed at once (minor units)",
		"settings.payment_window":        "Payment window of prepaid orders (e.g. 30m, 2h)",
		"settings.idempotency_retention": "Idempotency-Key retention (e.g. 24h)",
		"settings.hold_on_customer_note": "Hold orders whose customer wrote a note, for a person to read",
		"settings.updated":               "Last changed %s.",
		"settings.save":                  "Save settings",
		"settings.link":                  "Settings",
		"done.settings.saved":            "The settings were saved.",
	},
	"zh": {
		"settings.title":                 "系统设置",
		"settings.cod_countries":         "支持货到付款的国家（ISO 代码，用逗号分隔；留空则所有货到付款订单均暂停）",
		"settings.cod_max_total_minor":   "货到付款自动确认的最高金额（最小货币单位）",
		"settings.payment_window":        "预付订单的付款期限（例如 30m、2h）",
		"settings.idempotency_retention": "Idempotency-Key 保留时长（例如 24h）",
		"settings.hold_on_customer_note": "客户填写了备注的订单暂停，等待人工查看",
		"settings.updated":               "最近修改于 %s。",
		"settings.save":                  "保存设置",
		"settings.link":                  "系统设置",
		"done.settings.saved":            "设置已保存。",
	},
}
