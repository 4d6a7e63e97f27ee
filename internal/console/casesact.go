package console

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/people"
	"github.com/waybill/waybill/internal/track"
)

// caseAct takes one playbook action, as act-on-tracking-case does: each
// action has its own form, its inputs named "<action>.note",
// "<action>.amount_minor" and "address.<field>", so a problem shows at the
// input of the form that was sent.
func (c *Console) caseAct(w http.ResponseWriter, r *http.Request, s people.Session) {
	if !c.form(w, r, s.Person.Locale) {
		return
	}
	id, action := r.PathValue("id"), r.PostForm.Get("action")
	in := track.ActIn{Action: action, Note: r.PostForm.Get(action + ".note")}
	if action == track.ActCorrectAddress {
		a := addressFrom(r.PostForm)
		in.Address = &a
	}
	if raw := strings.TrimSpace(r.PostForm.Get(action + ".amount_minor")); raw != "" {
		n, err := strconv.ParseInt(raw, 10, 64)
		if err != nil || n <= 0 {
			c.caseAgain(w, r, s, http.StatusUnprocessableEntity, errs.Field("amount_minor", errs.CodeFormat,
				"%s", text(s.Person.Locale, "case.amount_invalid")))
			return
		}
		in.AmountMinor = n
	}
	_, err := c.cfg.Tracking.Act(r.Context(), id, in)
	switch {
	case err == nil:
		done(w, r, "/cases/"+id, "case_acted")
	case errs.Is(err, errs.Invalid):
		c.caseAgain(w, r, s, http.StatusUnprocessableEntity, err)
	default:
		c.caseFailed(w, r, s, err)
	}
}

// caseClose closes the case with its outcome, as close-tracking-case does.
func (c *Console) caseClose(w http.ResponseWriter, r *http.Request, s people.Session) {
	if !c.form(w, r, s.Person.Locale) {
		return
	}
	id := r.PathValue("id")
	_, err := c.cfg.Tracking.CloseCase(r.Context(), id, track.CloseIn{Outcome: r.PostForm.Get("outcome"), Note: r.PostForm.Get("close.note")})
	switch {
	case err == nil:
		done(w, r, "/cases", "case_closed")
	case errs.Is(err, errs.Invalid):
		r.PostForm.Set("action", "close")
		c.caseAgain(w, r, s, http.StatusUnprocessableEntity, err)
	default:
		c.caseFailed(w, r, s, err)
	}
}

// caseAgain shows the case page again with what was typed and each
// problem at its input.
func (c *Console) caseAgain(w http.ResponseWriter, r *http.Request, s people.Session, status int, err error) {
	if v, ok := c.caseView(w, r, s); ok {
		c.formAgain(w, r, s, "case", v, "action", status, err, "note", "amount_minor")
	}
}

// caseFailed answers a store's refusal: no such case 404, a state that
// forbids the action 409, another's case 403, with the store's sentence
// (it names who holds the case); anything else is unexpected.
func (c *Console) caseFailed(w http.ResponseWriter, r *http.Request, s people.Session, err error) {
	locale := s.Person.Locale
	var e *errs.Error
	msg := err.Error()
	if errors.As(err, &e) {
		msg = e.Message
	}
	switch errs.KindOf(err) {
	case errs.NotFound:
		c.refuse(w, r, s, http.StatusNotFound, text(locale, "case.not_found"))
	case errs.Conflict:
		c.refuse(w, r, s, http.StatusConflict, msg)
	case errs.Forbidden:
		c.refuse(w, r, s, http.StatusForbidden, msg)
	default:
		c.internal(w, r, locale, err)
	}
}
