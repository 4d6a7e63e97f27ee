package console

import (
	"net/http"
)

// signOut ends this browser's session. It is a POST (a link would let any
// page sign a person out), covered by the cross-origin check.
func (c *Console) signOut(w http.ResponseWriter, r *http.Request) {
	if err := c.cfg.People.SignOut(r.Context(), sessionCookie(r), client(r)); err != nil {
		c.internal(w, r, requestLocale(r), err)
		return
	}
	clearSession(w, r)
	http.Redirect(w, r, "/signin", http.StatusSeeOther)
}

// signOutEverywhere ends every session of the person, on every device.
func (c *Console) signOutEverywhere(w http.ResponseWriter, r *http.Request) {
	err := c.cfg.People.SignOutEverywhere(r.Context(), sessionCookie(r), client(r))
	if err != nil && !isUnauthorized(err) {
		c.internal(w, r, requestLocale(r), err)
		return
	}
	clearSession(w, r)
	http.Redirect(w, r, "/signin", http.StatusSeeOther)
}
