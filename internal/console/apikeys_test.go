package console_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/auth"
)

func TestAPIKeyPagesRoles(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, b *bundle) {
		keys, err := auth.NewKeys(b.d).List(context.Background())
		require.NoError(t, err)
		id := keys[0].ID
		requireAdminRoles(t, b, []roleCase{
			{"GET", "/api-keys", "list-api-keys", nil, http.StatusOK},
			{"POST", "/api-keys", "create-api-key", url.Values{"name": {"shop 2"}, "role": {"integration"}}, http.StatusOK},
			{"GET", "/api-keys/" + id + "/revoke", "revoke-api-key", nil, http.StatusOK},
			{"POST", "/api-keys/" + id + "/revoke", "revoke-api-key", url.Values{}, http.StatusSeeOther},
		})
	})
}

// The secret is on the answer to the create form only: the key works with
// it, and neither the list nor a reload shows it again. Revoking asks
// first, then the key stops working and the audit log names the person.
func TestAPIKeyPagesCreateShowsTheSecretOnceAndRevoke(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, b *bundle) {
		keys := auth.NewKeys(b.d)
		br := b.browser(t)
		br.signIn(b.emails[actor.Admin])
		p := br.post("/api-keys", url.Values{"name": {"East shop"}, "role": {"integration"}, "channels": {"web, shop-east"}})
		require.Equal(t, http.StatusOK, p.status, p.body)
		require.Equal(t, "no-store", p.header.Get("Cache-Control"))
		m := regexp.MustCompile(`id="api-key-secret">([^<]+)<`).FindStringSubmatch(p.body)
		require.NotNil(t, m, p.body)
		secret := m[1]
		a, err := keys.Authenticate(context.Background(), secret)
		require.NoError(t, err)
		require.Equal(t, actor.Integration, a.Role)
		require.Equal(t, []string{"web", "shop-east"}, a.Channels)
		requireAudited(t, b, "api_key.create")
		list := br.get("/api-keys")
		require.Contains(t, list.body, "East shop")
		require.Contains(t, list.body, "web, shop-east")
		require.NotContains(t, list.body, secret, "a reload does not show the secret")
		require.NotContains(t, list.body, "api-key-secret")

		confirm := br.get("/api-keys/" + a.ID + "/revoke")
		require.Equal(t, http.StatusOK, confirm.status)
		require.Contains(t, confirm.body, "cannot be undone")
		_, err = auth.NewKeys(b.d).Authenticate(context.Background(), secret)
		require.NoError(t, err, "asking changes nothing")
		p = br.post("/api-keys/"+a.ID+"/revoke", url.Values{})
		require.Equal(t, http.StatusSeeOther, p.status)
		require.Equal(t, "/api-keys?done=apikeys.revoked", p.location())
		require.Contains(t, br.get(p.location()).body, "The API key was revoked.")
		_, err = auth.NewKeys(b.d).Authenticate(context.Background(), secret) // a fresh cache
		require.Error(t, err)
		requireAudited(t, b, "api_key.revoke")
		require.Equal(t, http.StatusNotFound, br.get("/api-keys/"+a.ID+"/revoke").status, "revoked already")
		require.Equal(t, http.StatusNotFound, br.post("/api-keys/"+a.ID+"/revoke", url.Values{}).status)
		require.Equal(t, http.StatusNotFound, br.post("/api-keys/key_nope/revoke", url.Values{}).status)
	})
}

func TestAPIKeyPageRefusesBadInput(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, b *bundle) {
		keys := auth.NewKeys(b.d)
		before, err := keys.List(context.Background())
		require.NoError(t, err)
		br := b.browser(t)
		br.signIn(b.emails[actor.Admin])
		p := br.post("/api-keys", url.Values{"name": {""}, "role": {"finance"}, "warehouses": {"us-ewr1"}})
		requireFieldError(t, p, "name", "name must be 1 to 100 characters")
		require.Contains(t, p.body, `id="warehouses-error"`)
		require.Contains(t, p.body, `value="us-ewr1"`, "what was typed is kept")
		p = br.post("/api-keys", url.Values{"name": {"x"}, "role": {"boss"}})
		requireFieldError(t, p, "role", "role must be one of")
		after, err := keys.List(context.Background())
		require.NoError(t, err)
		require.Len(t, after, len(before), "nothing was created")
	})
}
