package console

import (
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/order"
	"github.com/waybill/waybill/internal/people"
)

// What the order page and its actions share: reading the order the path
// names, the names of who acted on it, and what the person's role may do.

// loadOrder reads the order the path names, as get-order does, or answers
// with the 404 page (or the failure) and reports false.
func (c *Console) loadOrder(w http.ResponseWriter, r *http.Request, s people.Session) (order.Order, bool) {
	o, err := c.cfg.Orders.Get(r.Context(), r.PathValue("id"))
	switch {
	case errs.Is(err, errs.NotFound) || errs.Is(err, errs.Invalid):
		c.renderNotFound(w, r, s, text(s.Person.Locale, "order.not_found"))
	case err != nil:
		c.internal(w, r, s.Person.Locale, err)
	default:
		return o, true
	}
	return order.Order{}, false
}

// actorNames maps the ids of the people and API keys among the events'
// actors to names people read; the system's own actors show their ids.
func (c *Console) actorNames(r *http.Request, locale string, events []order.Event) (map[string]string, error) {
	names := map[string]string{}
	has := func(prefix string) bool {
		return slices.ContainsFunc(events, func(e order.Event) bool { return strings.HasPrefix(e.Actor, prefix) })
	}
	if has("usr_") {
		ps, err := c.cfg.People.List(r.Context())
		if err != nil {
			return nil, err
		}
		for _, p := range ps {
			names[p.ID] = p.Name
		}
	}
	if has("key_") {
		ks, err := c.cfg.Keys.List(r.Context())
		if err != nil {
			return nil, err
		}
		for _, k := range ks {
			names[k.ID] = fmt.Sprintf(text(locale, "order.ev_key"), k.Name)
		}
	}
	return names, nil
}

// may reports whether the person's role may call the API operation op.
func (c *Console) may(s people.Session, op string) bool {
	roles, _ := c.cfg.API.OperationRoles(op)
	return allowed(roles, s.Person.Role)
}

// orderPath is where the order's page is: by its id, which never changes.
func orderPath(o order.Order) string { return "/orders/" + o.ID }

// renderNotFound is the 404 page for a signed-in person, with their
// navigation.
func (c *Console) renderNotFound(w http.ResponseWriter, r *http.Request, s people.Session, message string) {
	locale := s.Person.Locale
	c.render(w, r, http.StatusNotFound, "error", view{Locale: locale, Title: text(locale, "error.title"),
		Person: &s.Person, Can: c.can(s.Person.Role), Data: message})
}
