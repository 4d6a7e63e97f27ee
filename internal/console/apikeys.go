package console

import (
	"net/http"
	"time"

	"github.com/waybill/waybill/internal/people"
)

type keyRow struct {
	ID, Name, Role, Created, Revoked string
}

// apiKeys lists the API keys without secrets, as list-api-keys does: an
// administrator's page, and the first that some roles may not open.
func (c *Console) apiKeys(w http.ResponseWriter, r *http.Request, s people.Session) {
	locale := s.Person.Locale
	keys, err := c.cfg.Keys.List(r.Context())
	if err != nil {
		c.internal(w, r, locale, err)
		return
	}
	rows := make([]keyRow, 0, len(keys))
	for _, k := range keys {
		row := keyRow{ID: k.ID, Name: k.Name, Role: string(k.Role), Created: k.CreatedAt.UTC().Format(time.DateTime + " UTC")}
		if k.RevokedAt != nil {
			row.Revoked = k.RevokedAt.UTC().Format(time.DateTime + " UTC")
		}
		rows = append(rows, row)
	}
	c.render(w, r, http.StatusOK, "apikeys", view{Locale: locale, Title: text(locale, "apikeys.title"), Person: &s.Person, Can: c.can(s.Person.Role), Data: rows})
}
