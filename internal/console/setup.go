package console

import (
	"net/http"

	"github.com/waybill/waybill/internal/errs"
)

// setupPage greets the person a set-up link is for and asks for a password.
func (c *Console) setupPage(w http.ResponseWriter, r *http.Request) {
	token := r.URL.Query().Get("token")
	p, err := c.cfg.People.SetupPerson(r.Context(), token)
	locale := requestLocale(r)
	if err == nil {
		locale = p.Locale
	}
	v := view{Locale: locale, Title: text(locale, "setup.title"), Form: map[string]string{"token": token}}
	switch {
	case errs.Is(err, errs.NotFound):
		c.renderError(w, r, locale, http.StatusNotFound, text(locale, "err.bad_link"))
	case err != nil:
		c.internal(w, r, locale, err)
	default:
		v.Data = p.Name
		c.render(w, r, http.StatusOK, "setup", v)
	}
}

// setup spends the link: the password is checked and stored, and the
// person signs in with it next.
func (c *Console) setup(w http.ResponseWriter, r *http.Request) {
	locale := requestLocale(r)
	if !c.form(w, r, locale) {
		return
	}
	token := r.PostForm.Get("token")
	p, err := c.cfg.People.SetupPerson(r.Context(), token)
	if errs.Is(err, errs.NotFound) {
		c.renderError(w, r, locale, http.StatusNotFound, text(locale, "err.bad_link"))
		return
	}
	if err != nil {
		c.internal(w, r, locale, err)
		return
	}
	locale = p.Locale
	_, err = c.cfg.People.SetPassword(r.Context(), token, r.PostForm.Get("password"), remoteAddr(r), client(r).RequestID)
	switch {
	case errs.Is(err, errs.Invalid):
		c.render(w, r, http.StatusUnprocessableEntity, "setup", view{Locale: locale, Title: text(locale, "setup.title"),
			Form: map[string]string{"token": token}, Errors: fieldErrors(locale, err), Data: p.Name})
	case errs.Is(err, errs.NotFound):
		c.renderError(w, r, locale, http.StatusNotFound, text(locale, "err.bad_link"))
	case err != nil:
		c.internal(w, r, locale, err)
	default:
		http.Redirect(w, r, "/signin?done=setup&lang="+locale, http.StatusSeeOther)
	}
}
