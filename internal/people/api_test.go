package people_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/apitest"
	"github.com/waybill/waybill/internal/audit"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/httpapi"
	"github.com/waybill/waybill/internal/people"
)

// The people operations are for administrators only; every other role,
// and no key, is refused before anything changes.
func TestPeopleAPIRoles(t *testing.T) {
	each(t, func(t *testing.T, r rig) {
		api := apitest.New(t, r.d, func(api *httpapi.API) { people.Register(api, r.store) })
		target := r.person(t, "target@example.com", actor.Finance)
		for _, role := range append([]actor.Role{""}, actor.Roles...) {
			want := map[bool]int{true: http.StatusOK, false: http.StatusForbidden}[role == actor.Admin]
			if role == "" {
				want = http.StatusUnauthorized
			}
			require.Equal(t, want, api.Do(role, "GET", "/v1/people", "").Status, role)
			created := map[bool]int{true: http.StatusCreated, false: want}[role == actor.Admin]
			require.Equal(t, created, api.Do(role, "POST", "/v1/people",
				`{"email":"new-`+string(role)+`@example.com","role":"finance"}`).Status, role)
			require.Equal(t, want, api.Do(role, "PATCH", "/v1/people/"+target.ID, `{"name":"Renamed"}`).Status, role)
		}
		list, err := r.store.List(context.Background())
		require.NoError(t, err)
		require.Len(t, list, 2, "only the administrator's create went through")
	})
}

// create-person answers the set-up link once, on the server the request
// reached; the list never shows a token; the link sets a password.
func TestCreatePersonAnswersTheSetupLinkOnce(t *testing.T) {
	each(t, func(t *testing.T, r rig) {
		api := apitest.New(t, r.d, func(api *httpapi.API) { people.Register(api, r.store) })
		res := api.Do(actor.Admin, "POST", "/v1/people", `{"email":"Li.Wei@Example.com","name":"Li Wei","role":"warehouse","locale":"zh"}`)
		require.Equal(t, http.StatusCreated, res.Status, res.Raw)
		require.Equal(t, "li.wei@example.com", res.Body["email"])
		token := res.Body["setup_token"].(string)
		require.Equal(t, api.URL+"/setup?token="+token, res.Body["setup_link"])
		p, err := r.store.SetupPerson(context.Background(), token)
		require.NoError(t, err)
		require.Equal(t, "Li Wei", p.Name)

		list := api.Do(actor.Admin, "GET", "/v1/people", "")
		require.Equal(t, http.StatusOK, list.Status)
		require.NotContains(t, list.Raw, token)
		require.NotContains(t, list.Raw, "setup")
		require.Contains(t, list.Raw, `"has_password":false`)

		bad := api.Do(actor.Admin, "POST", "/v1/people", `{"email":"LI.WEI@example.com","role":"warehouse"}`)
		require.Equal(t, http.StatusUnprocessableEntity, bad.Status, bad.Raw)
		require.Contains(t, strings.Join(bad.Fields, ","), "email duplicate")
		bad = api.Do(actor.Admin, "POST", "/v1/people", `{"email":"nope","role":"boss"}`)
		require.Equal(t, http.StatusUnprocessableEntity, bad.Status, bad.Raw)
	})
}

// update-person changes name, role and language; deactivating ends the
// person's sessions; an unknown id is 404; each change is audited.
func TestUpdatePerson(t *testing.T) {
	each(t, func(t *testing.T, r rig) {
		api := apitest.New(t, r.d, func(api *httpapi.API) { people.Register(api, r.store) })
		p := r.person(t, "ana@example.com", actor.Finance)
		_, secret, err := r.store.SignIn(context.Background(), "ana@example.com", goodPassword, "", ana)
		require.NoError(t, err)

		res := api.Do(actor.Admin, "PATCH", "/v1/people/"+p.ID, `{"name":" Ana Lima ","role":"customer_service","locale":"zh"}`)
		require.Equal(t, http.StatusOK, res.Status, res.Raw)
		got, err := r.store.Get(context.Background(), p.ID)
		require.NoError(t, err)
		require.Equal(t, "Ana Lima", got.Name)
		require.Equal(t, actor.CustomerService, got.Role)
		require.Equal(t, "zh", got.Locale)
		sess, err := r.store.Authenticate(context.Background(), secret)
		require.NoError(t, err, "a new role keeps the session")
		require.Equal(t, actor.CustomerService, sess.Person.Role)

		bad := api.Do(actor.Admin, "PATCH", "/v1/people/"+p.ID, `{"name":"","locale":"fr"}`)
		require.Equal(t, http.StatusUnprocessableEntity, bad.Status, bad.Raw)
		got, _ = r.store.Get(context.Background(), p.ID)
		require.Equal(t, "Ana Lima", got.Name, "nothing changed")

		require.Equal(t, http.StatusOK, api.Do(actor.Admin, "PATCH", "/v1/people/"+p.ID, `{"active":false}`).Status)
		_, err = r.store.Authenticate(context.Background(), secret)
		require.True(t, errs.Is(err, errs.Unauthorized), "deactivating ends the sessions: %v", err)
		require.Equal(t, http.StatusNotFound, api.Do(actor.Admin, "PATCH", "/v1/people/usr_nope", `{"active":true}`).Status)

		entries, err := audit.List(context.Background(), r.d, audit.Filter{Limit: 10})
		require.NoError(t, err)
		var updates int
		for _, e := range entries {
			if e.Action == "person.update" {
				updates++
				require.Equal(t, p.ID, e.EntityID)
			}
		}
		require.Equal(t, 2, updates)
	})
}

// Nobody locks themselves out: a person deactivating themselves or
// changing their own role is refused as a conflict.
func TestUpdatePersonRefusesToLockOutOneself(t *testing.T) {
	each(t, func(t *testing.T, r rig) {
		p := r.person(t, "boss@example.com", actor.Admin)
		self := actor.With(context.Background(), p.Actor("192.0.2.1", "req"))
		off, admin, fin := false, actor.Admin, actor.Finance
		_, err := r.store.Update(self, p.ID, people.Patch{Active: &off})
		require.True(t, errs.Is(err, errs.Conflict), "%v", err)
		_, err = r.store.Update(self, p.ID, people.Patch{Role: &fin})
		require.True(t, errs.Is(err, errs.Conflict), "%v", err)
		_, err = r.store.Update(self, p.ID, people.Patch{Role: &admin, Name: ptr("Boss")})
		require.NoError(t, err, "the same role and a new name are fine")
		_, err = r.store.Update(r.ctx, p.ID, people.Patch{Active: &off})
		require.NoError(t, err, "someone else may")
	})
}

func ptr[T any](v T) *T { return &v }
