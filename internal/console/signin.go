package console

import (
	"net/http"
	"strings"

	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/httpapi"
	"github.com/waybill/waybill/internal/people"
)

// maxForm bounds a form's body: the console's forms are a few fields.
const maxForm = 64 << 10

// form parses a posted form, answering 400 itself when it cannot.
func (c *Console) form(w http.ResponseWriter, r *http.Request, locale string) bool {
	r.Body = http.MaxBytesReader(w, r.Body, maxForm)
	if err := r.ParseForm(); err != nil {
		c.renderError(w, r, locale, http.StatusBadRequest, text(locale, "error.bad_request"))
		return false
	}
	return true
}

func client(r *http.Request) people.Client {
	return people.Client{RemoteAddr: remoteAddr(r), RequestID: httpapi.RequestID(r.Context())}
}

func (c *Console) signInPage(w http.ResponseWriter, r *http.Request) {
	locale := requestLocale(r)
	v := view{Locale: locale, Title: text(locale, "signin.title")}
	if r.URL.Query().Get("done") == "setup" {
		v.Notice = text(locale, "setup.done")
	}
	c.render(w, r, http.StatusOK, "signin", v)
}

// signIn checks the form, opens a new session (deleting the one the
// browser held) and goes to the orders. A refusal shows the form again
// with the e-mail kept and the problem at its field.
func (c *Console) signIn(w http.ResponseWriter, r *http.Request) {
	locale := requestLocale(r)
	if !c.form(w, r, locale) {
		return
	}
	email, password := strings.TrimSpace(r.PostForm.Get("email")), r.PostForm.Get("password")
	v := view{Locale: locale, Title: text(locale, "signin.title"), Form: map[string]string{"email": email}}
	var err error
	if password == "" {
		var f errs.Fields
		f.Add("password", errs.CodeRequired, "%s", text(locale, "signin.password_missing"))
		err = f.Err()
	}
	var secret string
	if err == nil {
		_, secret, err = c.cfg.People.SignIn(r.Context(), email, password, sessionCookie(r), client(r))
	}
	if errs.Is(err, errs.Invalid) {
		v.Errors = fieldErrors(locale, err)
		status := http.StatusUnprocessableEntity
		if v.Errors["password"] == text(locale, "err.rate_limited") {
			status = http.StatusTooManyRequests
		}
		c.render(w, r, status, "signin", v)
		return
	}
	if err != nil {
		c.internal(w, r, locale, err)
		return
	}
	setSession(w, r, secret)
	http.Redirect(w, r, "/orders", http.StatusSeeOther)
}
