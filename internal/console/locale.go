package console

import (
	"net/http"
	"strings"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/httpapi"
)

// setLocale is the language switch in the header: every signed-in person
// may choose the console's language for themselves; it is kept on their
// account (every device) and the browser returns to the page it was on.
func (c *Console) setLocale(w http.ResponseWriter, r *http.Request) {
	s, ok := c.session(w, r)
	if !ok {
		return
	}
	if !c.form(w, r, s.Person.Locale) {
		return
	}
	ctx := actor.With(r.Context(), s.Person.Actor(remoteAddr(r), httpapi.RequestID(r.Context())))
	err := c.cfg.People.SetLocale(ctx, s.Person.ID, r.PostForm.Get("locale"))
	if errs.Is(err, errs.Invalid) {
		c.renderError(w, r, s.Person.Locale, http.StatusUnprocessableEntity, text(s.Person.Locale, "error.bad_request"))
		return
	}
	if err != nil {
		c.internal(w, r, s.Person.Locale, err)
		return
	}
	http.Redirect(w, r, localPath(r.PostForm.Get("back")), http.StatusSeeOther)
}

// localPath is back when it is a path on this console, else the orders:
// a redirect must never leave the site ("//evil.example" is another host).
func localPath(back string) string {
	if !strings.HasPrefix(back, "/") || strings.HasPrefix(back, "//") || strings.HasPrefix(back, "/\\") ||
		strings.ContainsAny(back, "\r\n") {
		return "/orders"
	}
	return back
}
