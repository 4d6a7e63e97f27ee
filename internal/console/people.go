package console

import (
	"net/http"
	"time"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/httpapi"
	"github.com/waybill/waybill/internal/people"
)

// The people operations the pages mirror (internal/people/api.go).
const (
	opListPeople   = "list-people"
	opCreatePerson = "create-person"
	opUpdatePerson = "update-person"
)

// personFields are the create form's fields, in order.
var personFields = []string{"email", "name", "role", "locale"}

// personRow is one line of the people table.
type personRow struct {
	ID, Email, Name, Role, Locale, Created string
	Active, HasPass                        bool
}

// peoplePage is the list with the create form under it.
type peoplePage struct {
	Rows    []personRow
	Roles   []actor.Role
	Locales []string
	// Created is the person just added and their one-time set-up link,
	// shown on the answer to the create form only.
	Created *people.Created
}

// people lists everyone who may sign in, as list-people does, with a form
// to add a person.
func (c *Console) people(w http.ResponseWriter, r *http.Request, s people.Session) {
	v := c.pageView(s, "people.title")
	v.Form = map[string]string{"role": string(actor.Warehouse), "locale": "en"}
	c.peopleAnswer(w, r, http.StatusOK, v, nil, nil)
}

// createPerson adds a person as create-person does and shows their
// one-time set-up link on this answer only: it is not stored, so no
// later page can show it again.
func (c *Console) createPerson(w http.ResponseWriter, r *http.Request, s people.Session) {
	v := c.pageView(s, "people.title")
	if !c.form(w, r, v.Locale) {
		return
	}
	v.Form = typed(r, personFields...)
	p, token, err := c.cfg.People.Create(r.Context(), people.NewPerson{Email: v.Form["email"], Name: v.Form["name"],
		Role: actor.Role(v.Form["role"]), Locale: v.Form["locale"]})
	if err != nil {
		c.peopleAnswer(w, r, 0, v, nil, err)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	v.Notice = text(v.Locale, "done.people.created")
	v.Form = map[string]string{"role": string(actor.Warehouse), "locale": "en"}
	c.peopleAnswer(w, r, http.StatusOK, v, &people.Created{Person: p, SetupToken: token,
		SetupLink: people.SetupLink(people.BaseURL(httpapi.HTTPS(r), r.Host), token)}, nil)
}

// peopleAnswer renders the list with v's form: with created's link, or
// with the create form's problems when err is not nil.
func (c *Console) peopleAnswer(w http.ResponseWriter, r *http.Request, status int, v view, created *people.Created, err error) {
	list, lerr := c.cfg.People.List(r.Context())
	if lerr != nil {
		c.internal(w, r, v.Locale, lerr)
		return
	}
	data := peoplePage{Roles: actor.Roles, Locales: people.Locales, Created: created}
	for _, p := range list {
		data.Rows = append(data.Rows, personRow{ID: p.ID, Email: p.Email, Name: p.Name,
			Role: word(v.Locale, "people.role_", string(p.Role)), Locale: word(v.Locale, "people.locale_", p.Locale),
			Created: p.CreatedAt.UTC().Format(time.DateTime + " UTC"), Active: p.Active, HasPass: p.HasPass})
	}
	v.Data = data
	if err != nil {
		c.refused(w, r, "people", v, err, personFields...)
		return
	}
	c.render(w, r, status, "people", v)
}
