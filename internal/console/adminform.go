package console

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/httpapi"
	"github.com/waybill/waybill/internal/people"
)

// The helpers the administration pages (catalogue, warehouses, risk,
// shortage, settings, people, API keys) share: a page's view, a form's
// typed values and numbers, and the answer to a store's refusal.

// pageView is the view of a page for the signed-in person.
func (c *Console) pageView(s people.Session, titleKey string) view {
	locale := s.Person.Locale
	return view{Locale: locale, Title: text(locale, titleKey), Person: &s.Person, Can: c.can(s.Person.Role)}
}

// typed returns the posted values of names, trimmed, to show a form again.
func typed(r *http.Request, names ...string) map[string]string {
	out := map[string]string{}
	for _, n := range names {
		out[n] = strings.TrimSpace(r.PostForm.Get(n))
	}
	return out
}

// wholeNumber reads the whole number typed in field name; a blank field is
// nil, anything else that is not a number is a problem at the field.
func wholeNumber(f *errs.Fields, locale string, form map[string]string, name string) *int64 {
	raw := form[name]
	if raw == "" {
		return nil
	}
	n, err := strconv.ParseInt(raw, 10, 64)
	if err != nil {
		f.Add(name, errs.CodeType, "%s", text(locale, "form.not_a_number"))
		return nil
	}
	return &n
}

// refused answers an action the store refused: bad input shows the page
// again (status 422) with each problem at its field and what was typed
// kept; an unknown id is 404, a state that forbids it 409, anything else
// the generic 500. fields lists the form's fields: a problem whose path
// names none of them ("params.window", "cod_countries[2]") is shown at the
// field its path starts with, else above the form.
func (c *Console) refused(w http.ResponseWriter, r *http.Request, page string, v view, err error, fields ...string) {
	switch {
	case errs.Is(err, errs.Invalid):
		v.Errors = map[string]string{}
		for path, msg := range fieldErrors(v.Locale, err) {
			at := "form"
			for _, f := range fields {
				if path == f || strings.HasPrefix(path, f+".") || strings.HasPrefix(path, f+"[") {
					at = f
					break
				}
			}
			if _, seen := v.Errors[at]; !seen {
				v.Errors[at] = msg
			}
		}
		c.render(w, r, http.StatusUnprocessableEntity, page, v)
	case errs.Is(err, errs.NotFound):
		c.notFound(w, r, v.Locale)
	case errs.Is(err, errs.Conflict):
		msg := text(v.Locale, "form.conflict")
		var e *errs.Error
		if errors.As(err, &e) && e.Message != "" {
			msg += " " + e.Message
		}
		c.renderError(w, r, v.Locale, http.StatusConflict, msg)
	default:
		c.internal(w, r, v.Locale, err)
	}
}

// notFound answers 404 for an id no store knows.
func (c *Console) notFound(w http.ResponseWriter, r *http.Request, locale string) {
	c.renderError(w, r, locale, http.StatusNotFound, text(locale, "error.not_found"))
}

// adminFormMessages are the words the shared helpers show.
var adminFormMessages = map[string]map[string]string{
	"en": {
		"form.not_a_number": "Enter a whole number.",
		"form.conflict":     "This cannot be done now.",
		"form.problem":      "Please correct the problem below.",
		"form.save":         "Save",
		"form.yes":          "Yes",
		"form.no":           "No",
		"form.cancel":       "Cancel",
	},
	"zh": {
		"form.not_a_number": "请输入整数。",
		"form.conflict":     "现在无法执行此操作。",
		"form.problem":      "请更正下面的问题。",
		"form.save":         "保存",
		"form.yes":          "是",
		"form.no":           "否",
		"form.cancel":       "取消",
	},
}

// listPage is one page of a list: its rows and the cursor of the next.
type listPage[T any] struct {
	Rows       []T
	NextCursor string
	Paged      bool // not the first page
}

// cursor reads a list page's ?cursor=, the opaque position the API's
// lists use too; one no page issued is answered 400 with the message
// badKey, and ok is false.
func (c *Console) cursor(w http.ResponseWriter, r *http.Request, locale, badKey string) (after string, ok bool) {
	after, err := httpapi.DecodeCursor(r.URL.Query().Get("cursor"))
	if err != nil {
		c.renderError(w, r, locale, http.StatusBadRequest, text(locale, badKey))
		return "", false
	}
	return after, true
}
