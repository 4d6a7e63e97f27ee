package console

import (
	"errors"
	"net/url"
	"strconv"
	"strings"

	"github.com/waybill/waybill/internal/errs"
)

// What a movement form does with typed input before and after the store
// checks it: numbers parsed, refusals of an amount put at its field, the
// problems in the person's language.

// formNumber reads a whole number typed into a form. Anything else is a
// problem at the field, and 0, which the store refuses too, so every
// other field's problem is still found in one go.
func formNumber(form url.Values, name string, bad *errs.Fields) int64 {
	raw := strings.TrimSpace(form.Get(name))
	if raw == "" {
		return 0
	}
	n, err := strconv.ParseInt(strings.TrimPrefix(raw, "+"), 10, 64)
	if err != nil {
		bad.Add(name, errs.CodeType, "%s must be a whole number", name)
		return 0
	}
	return n
}

// withParseErrors puts the form's own problems (numbers that are not
// numbers) before the store's, so they win at their field.
func withParseErrors(bad errs.Fields, err error) error {
	if len(bad) == 0 || !errs.Is(err, errs.Invalid) {
		return err
	}
	return append(bad, errs.FieldsOf(err)...).Err()
}

// atField turns the store's refusal of an amount (a conflict: the stock is
// not there) into a problem at the field holding the amount.
func atField(err error, name string) error {
	var e *errs.Error
	if !errs.Is(err, errs.Conflict) || !errors.As(err, &e) {
		return err
	}
	var f errs.Fields
	f.Add(name, errs.CodeOutOfRange, "%s", e.Message)
	return f.Err()
}

// stockFieldErrors is fieldErrors with the store's English replaced by a
// sentence in the person's language where one exists for the problem.
func stockFieldErrors(locale string, err error) map[string]string {
	out := fieldErrors(locale, err)
	if locale == "en" {
		return out
	}
	for _, f := range errs.FieldsOf(err) {
		if msg := text(locale, "stockform.err."+f.Code); msg != "stockform.err."+f.Code && out[f.Path] == f.Message {
			out[f.Path] = msg + " (" + f.Message + ")"
		}
	}
	return out
}
