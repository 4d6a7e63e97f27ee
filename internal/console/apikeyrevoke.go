package console

import (
	"net/http"

	"github.com/waybill/waybill/internal/people"
)

// apiKeyRevokePage asks before revoking a key: revoking cannot be undone.
func (c *Console) apiKeyRevokePage(w http.ResponseWriter, r *http.Request, s people.Session) {
	v := c.pageView(s, "apikeys.revoke_title")
	keys, err := c.cfg.Keys.List(r.Context())
	if err != nil {
		c.internal(w, r, v.Locale, err)
		return
	}
	for _, k := range keys {
		if k.ID == r.PathValue("id") && k.RevokedAt == nil {
			v.Data = keyRowOf(k)
			c.render(w, r, http.StatusOK, "apikeyrevoke", v)
			return
		}
	}
	c.notFound(w, r, v.Locale)
}

// revokeAPIKey revokes the key for good, as revoke-api-key does; an
// unknown or already revoked key is 404, as there.
func (c *Console) revokeAPIKey(w http.ResponseWriter, r *http.Request, s people.Session) {
	v := c.pageView(s, "apikeys.revoke_title")
	if err := c.cfg.Keys.Revoke(r.Context(), r.PathValue("id")); err != nil {
		c.refused(w, r, "apikeyrevoke", v, err)
		return
	}
	done(w, r, "/api-keys", "apikeys.revoked")
}
