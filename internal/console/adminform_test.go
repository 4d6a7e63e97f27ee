package console_test

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/audit"
)

// roleCase is one page or action and the answer an admitted role gets.
type roleCase struct {
	method, path, op string
	form             url.Values
	want             int // for the roles op admits
}

// requireAdminRoles checks each case for every role: the roles the mirrored
// operation admits get want, the others 403 and nothing else.
func requireAdminRoles(t *testing.T, b *bundle, cases []roleCase) {
	t.Helper()
	for _, role := range actor.Roles {
		br := b.browser(t)
		br.signIn(b.emails[role])
		for _, c := range cases {
			roles, ok := b.api.OperationRoles(c.op)
			require.True(t, ok, c.op)
			var p page
			if c.method == http.MethodGet {
				p = br.get(c.path)
			} else {
				p = br.post(c.path, c.form)
			}
			if slices.Contains(roles, role) {
				require.Equal(t, c.want, p.status, "%s %s %s as %s: %s", c.method, c.path, c.op, role, p.body)
				continue
			}
			require.Equal(t, http.StatusForbidden, p.status, "%s %s as %s", c.method, c.path, role)
		}
	}
}

// requireAudited checks the newest audit entry of action names the
// signed-in administrator (the person, not the API or the CLI).
func requireAudited(t *testing.T, b *bundle, action string) {
	t.Helper()
	entries, err := audit.List(context.Background(), b.d, audit.Filter{Limit: 500})
	require.NoError(t, err)
	for _, e := range entries {
		if e.Action == action {
			require.Equal(t, "Test admin <admin@example.com>", e.Actor.Name, action)
			require.Equal(t, actor.Admin, e.Actor.Role)
			return
		}
	}
	t.Fatalf("no audit entry %s", action)
}

// requireFieldError checks a refused form: 422, the message at the field.
func requireFieldError(t *testing.T, p page, field, message string) {
	t.Helper()
	require.Equal(t, http.StatusUnprocessableEntity, p.status, p.body)
	require.Contains(t, p.body, `aria-describedby="`+field+`-error"`)
	require.Contains(t, p.body, `id="`+field+`-error">`+message)
}

// person returns the id of the person with email.
func (b *bundle) person(t *testing.T, email string) string {
	t.Helper()
	list, err := b.people.List(context.Background())
	require.NoError(t, err)
	for _, p := range list {
		if p.Email == email {
			return p.ID
		}
	}
	t.Fatalf("no person %s", email)
	return ""
}
