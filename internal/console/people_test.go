package console_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/actor"
)

func TestPeoplePagesRoles(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, b *bundle) {
		target := b.person(t, "finance@example.com")
		requireAdminRoles(t, b, []roleCase{
			{"GET", "/people", "list-people", nil, http.StatusOK},
			{"POST", "/people", "create-person", url.Values{"email": {"new@example.com"}, "role": {"finance"}, "locale": {"en"}}, http.StatusOK},
			{"GET", "/people/" + target, "update-person", nil, http.StatusOK},
			{"POST", "/people/" + target, "update-person", url.Values{"name": {"Fin"}, "role": {"finance"}, "locale": {"en"}}, http.StatusSeeOther},
			{"POST", "/people/" + target + "/active", "update-person", url.Values{"active": {"true"}}, http.StatusSeeOther},
		})
	})
}

// An administrator adds a person and sees the set-up link once: it works
// on the set-up page, and neither a reload of the list nor the person's
// page shows it again.
func TestPeoplePageCreatesAPersonWithALinkShownOnce(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, b *bundle) {
		br := b.browser(t)
		br.signIn(b.emails[actor.Admin])
		p := br.post("/people", url.Values{"email": {"Li.Wei@Example.com"}, "name": {"Li Wei"}, "role": {"warehouse"}, "locale": {"zh"}})
		require.Equal(t, http.StatusOK, p.status, p.body)
		require.Equal(t, "no-store", p.header.Get("Cache-Control"))
		link := regexp.MustCompile(`id="setup-link">(http://[^<]+)<`).FindStringSubmatch(p.body)
		require.NotNil(t, link, p.body)
		require.Regexp(t, `^`+regexp.QuoteMeta(b.url)+`/setup\?token=`, link[1], "built from the request's host")
		token := link[1][len(b.url+"/setup?token="):]
		person, err := b.people.SetupPerson(context.Background(), token)
		require.NoError(t, err)
		require.Equal(t, "li.wei@example.com", person.Email)
		require.Equal(t, actor.Warehouse, person.Role)
		require.Equal(t, "zh", person.Locale)
		requireAudited(t, b, "person.create")

		again := br.get("/people")
		require.Equal(t, http.StatusOK, again.status)
		require.Contains(t, again.body, "<td>Warehouse</td>", "roles in words")
		require.Contains(t, again.body, `<option value="admin">Administrator</option>`)
		require.Contains(t, again.body, "li.wei@example.com")
		require.NotContains(t, again.body, token)
		require.NotContains(t, br.get("/people/"+person.ID).body, token)
	})
}

func TestPeoplePageRefusesBadInput(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, b *bundle) {
		br := b.browser(t)
		br.signIn(b.emails[actor.Admin])
		before, err := b.people.List(context.Background())
		require.NoError(t, err)
		p := br.post("/people", url.Values{"email": {"not an address"}, "name": {"Kept Name"}, "role": {"boss"}, "locale": {"en"}})
		requireFieldError(t, p, "email", "")
		require.Contains(t, p.body, `id="role-error"`)
		require.Contains(t, p.body, `value="not an address"`, "what was typed is kept")
		require.Contains(t, p.body, `value="Kept Name"`)
		p = br.post("/people", url.Values{"email": {"ADMIN@example.com"}, "role": {"admin"}, "locale": {"en"}})
		requireFieldError(t, p, "email", "a person with e-mail admin@example.com exists already")
		after, err := b.people.List(context.Background())
		require.NoError(t, err)
		require.Len(t, after, len(before), "nothing was created")

		id := b.person(t, "finance@example.com")
		p = br.post("/people/"+id, url.Values{"name": {""}, "role": {"finance"}, "locale": {"fr"}})
		requireFieldError(t, p, "name", "name must be 1 to 100 characters")
		require.Contains(t, p.body, `id="locale-error"`)
		got, err := b.people.Get(context.Background(), id)
		require.NoError(t, err)
		require.Equal(t, "Test finance", got.Name, "nothing changed")

		require.Equal(t, http.StatusNotFound, br.get("/people/usr_nope").status)
		require.Equal(t, http.StatusNotFound, br.post("/people/usr_nope", url.Values{"name": {"x"}, "role": {"admin"}, "locale": {"en"}}).status)
		require.Equal(t, http.StatusNotFound, br.post("/people/usr_nope/active", url.Values{"active": {"false"}}).status)
	})
}

// Editing changes the account through the store, audited as the
// administrator; deactivating ends the person's sessions at once.
func TestPeoplePageEditsAndDeactivates(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, b *bundle) {
		worker := b.browser(t)
		worker.signIn(b.emails[actor.Finance])
		br := b.browser(t)
		br.signIn(b.emails[actor.Admin])
		id := b.person(t, "finance@example.com")
		p := br.post("/people/"+id, url.Values{"name": {"Fatima"}, "role": {"customer_service"}, "locale": {"zh"}})
		require.Equal(t, http.StatusSeeOther, p.status, p.body)
		require.Equal(t, "/people/"+id+"?done=people.updated", p.location())
		require.Contains(t, br.get(p.location()).body, "The changes were saved.")
		got, err := b.people.Get(context.Background(), id)
		require.NoError(t, err)
		require.Equal(t, "Fatima", got.Name)
		require.Equal(t, actor.CustomerService, got.Role)
		require.Equal(t, "zh", got.Locale)
		requireAudited(t, b, "person.update")
		require.Equal(t, http.StatusOK, worker.get("/orders").status)

		p = br.post("/people/"+id+"/active", url.Values{"active": {"false"}})
		require.Equal(t, http.StatusSeeOther, p.status)
		require.Equal(t, "/signin", worker.get("/orders").location(), "their session ended")
		got, _ = b.people.Get(context.Background(), id)
		require.False(t, got.Active)
		require.Contains(t, br.get("/people/"+id).body, "Deactivated")
		require.Equal(t, http.StatusSeeOther, br.post("/people/"+id+"/active", url.Values{"active": {"true"}}).status)
		worker.signIn(b.emails[actor.Finance])
	})
}

// An administrator cannot lock themselves out: deactivating themselves or
// changing their own role is a conflict (409), and nothing changes.
func TestPeoplePageRefusesToLockOutOneself(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, b *bundle) {
		br := b.browser(t)
		br.signIn(b.emails[actor.Admin])
		me := b.person(t, b.emails[actor.Admin])
		p := br.post("/people/"+me+"/active", url.Values{"active": {"false"}})
		require.Equal(t, http.StatusConflict, p.status, p.body)
		require.Contains(t, p.body, "you cannot deactivate yourself")
		p = br.post("/people/"+me, url.Values{"name": {"Me"}, "role": {"finance"}, "locale": {"en"}})
		require.Equal(t, http.StatusConflict, p.status)
		got, err := b.people.Get(context.Background(), me)
		require.NoError(t, err)
		require.True(t, got.Active)
		require.Equal(t, actor.Admin, got.Role)
		require.Equal(t, "Test admin", got.Name)
		p = br.post("/people/"+me, url.Values{"name": {"Ada Admin"}, "role": {"admin"}, "locale": {"zh"}})
		require.Equal(t, http.StatusSeeOther, p.status, "their own name and language are theirs to change")
	})
}
