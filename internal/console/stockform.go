package console

import (
	"context"
	"errors"
	"net/http"
	"net/url"

	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/people"
)

// A stock movement form (receive, adjust, move) on a handheld: a
// warehouse selector, then codes a keyboard-wedge scanner types (bin,
// SKU), then numbers. A scanner ends each code with Enter; static/scan.js
// turns that Enter into "next field" in a code field (data-scan), so only
// Enter in the last field, or the button, sends the form. Without the
// script a half-filled form comes back with each missing field marked
// and the typed values kept, so nothing is lost either way.

// stockField is one input of a movement form, in the order it is filled.
type stockField struct {
	Name  string // the form key: the store's field path, so its errors land here
	Label string // message key
	Kind  string // "warehouse" or "reason" (selects), "code" (scanned), "number", "date", "text"
}

// movement is one movement form: where it lives, its fields and how it
// books what was posted through the store the API's operation calls.
type movement struct {
	page   string // template and message prefix
	path   string
	fields []stockField
	// book books the posted form and returns where to show the effect.
	book func(ctx context.Context, form url.Values) (next string, err error)
}

// stockFormPage is what a movement form's template shows.
type stockFormPage struct {
	Page, Path string
	Fields     []stockField
	Warehouses []string
	Reasons    []string
	Problem    string // why the current state refused the whole movement (409)
}

// show serves the empty form; ?warehouse= preselects the warehouse, so
// the next receipt after one is booked starts where the last one was.
func (c *Console) showMovement(m movement) func(http.ResponseWriter, *http.Request, people.Session) {
	return func(w http.ResponseWriter, r *http.Request, s people.Session) {
		c.renderMovement(w, r, s, m, http.StatusOK, map[string]string{"warehouse": r.URL.Query().Get("warehouse")}, nil, "")
	}
}

// postMovement books a posted form: bad input comes back at its fields
// (422), a state that refuses the movement as a sentence above the form
// (409), both with what was typed; success goes to the page showing it.
func (c *Console) postMovement(m movement) func(http.ResponseWriter, *http.Request, people.Session) {
	return func(w http.ResponseWriter, r *http.Request, s people.Session) {
		locale := s.Person.Locale
		if !c.form(w, r, locale) {
			return
		}
		typed := map[string]string{}
		for _, f := range m.fields {
			typed[f.Name] = r.PostForm.Get(f.Name)
		}
		next, err := m.book(r.Context(), r.PostForm)
		switch {
		case err == nil:
			done(w, r, next, m.page)
		case errs.Is(err, errs.Invalid):
			c.renderMovement(w, r, s, m, http.StatusUnprocessableEntity, typed, stockFieldErrors(locale, err), "")
		case errs.Is(err, errs.Conflict):
			var e *errs.Error
			errors.As(err, &e)
			c.renderMovement(w, r, s, m, http.StatusConflict, typed, nil, e.Message)
		default:
			c.internal(w, r, locale, err)
		}
	}
}

func (c *Console) renderMovement(w http.ResponseWriter, r *http.Request, s people.Session, m movement, status int,
	typed, problems map[string]string, problem string) {
	codes, err := c.warehouseCodes(r.Context())
	if err != nil {
		c.internal(w, r, s.Person.Locale, err)
		return
	}
	v := c.personView(s, m.page+".title")
	v.Form, v.Errors = typed, problems
	v.Data = stockFormPage{Page: m.page, Path: m.path, Fields: m.fields, Warehouses: codes, Problem: problem,
		Reasons: []string{"damaged", "lost", "found", "count_correction", "expired", "theft", "other"}}
	c.render(w, r, status, "stockform", v)
}

var stockFormMessages = map[string]map[string]string{
	"en": {
		"stockform.warehouse":               "Warehouse",
		"stockform.bin":                     "Bin",
		"stockform.from_bin":                "From bin",
		"stockform.to_bin":                  "To bin",
		"stockform.sku":                     "SKU",
		"stockform.expires_on":              "Expires on (optional)",
		"stockform.quantity":                "Quantity",
		"stockform.delta":                   "Change (+ adds, - removes)",
		"stockform.reason":                  "Reason",
		"stockform.choose":                  "Choose…",
		"stockform.note":                    "Note",
		"stockform.reference":               "Reference (delivery note, PO)",
		"stockform.scan_hint":               "Scan or type each code; Enter moves to the next field.",
		"stockform.reason.damaged":          "damaged",
		"stockform.reason.lost":             "lost",
		"stockform.reason.found":            "found",
		"stockform.reason.count_correction": "count correction",
		"stockform.reason.expired":          "expired",
		"stockform.reason.theft":            "theft",
		"stockform.reason.other":            "other (say what in the note)",
		"stockform.err.required":            "Required.",
		"stockform.err.unknown_value":       "Not found.",
		"stockform.err.out_of_range":        "Out of range.",
		"stockform.err.invalid_format":      "Not a valid code.",
		"stockform.err.wrong_type":          "Enter a whole number.",
		"stockform.err.duplicate":           "The same as the other field.",
	},
	"zh": {
		"stockform.warehouse":               "仓库",
		"stockform.bin":                     "库位",
		"stockform.from_bin":                "移出库位",
		"stockform.to_bin":                  "移入库位",
		"stockform.sku":                     "SKU",
		"stockform.expires_on":              "有效期至（可选）",
		"stockform.quantity":                "数量",
		"stockform.delta":                   "变动（+ 增加，- 减少）",
		"stockform.reason":                  "原因",
		"stockform.choose":                  "请选择…",
		"stockform.note":                    "备注",
		"stockform.reference":               "单据号（送货单、采购单）",
		"stockform.scan_hint":               "扫描或输入每个编码；按回车跳到下一项。",
		"stockform.reason.damaged":          "损坏",
		"stockform.reason.lost":             "丢失",
		"stockform.reason.found":            "找到",
		"stockform.reason.count_correction": "盘点更正",
		"stockform.reason.expired":          "过期",
		"stockform.reason.theft":            "被盗",
		"stockform.reason.other":            "其他（请在备注中说明）",
		"stockform.err.required":            "必填。",
		"stockform.err.unknown_value":       "找不到。",
		"stockform.err.out_of_range":        "超出范围。",
		"stockform.err.invalid_format":      "编码格式无效。",
		"stockform.err.wrong_type":          "请输入整数。",
		"stockform.err.duplicate":           "与另一项相同。",
	},
}
