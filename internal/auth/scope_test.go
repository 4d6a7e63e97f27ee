package auth_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/apitest"
	"github.com/waybill/waybill/internal/auth"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/db/dbtest"
	"github.com/waybill/waybill/internal/httpapi"
)

// A key's scope is stored with it, shown in the list, carried by the actor
// it authenticates as, and checked when the key is made: channels only for
// integration keys, warehouses only for warehouse keys, in their forms.
func TestKeyScope(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		keys := auth.NewKeys(d)
		ctx := actor.With(context.Background(), actor.CLI("test"))
		_, secret, err := keys.CreateScoped(ctx, "shop a", actor.Integration, auth.Scope{Channels: []string{"web", "app"}})
		require.NoError(t, err)
		who, err := keys.Authenticate(ctx, secret)
		require.NoError(t, err)
		require.Equal(t, []string{"web", "app"}, who.Channels)
		require.True(t, who.SeesChannel("app"))
		require.False(t, who.SeesChannel("shop-b"))
		list, err := keys.List(ctx)
		require.NoError(t, err)
		require.Equal(t, []string{"web", "app"}, list[0].Channels)

		api := apitest.New(t, d, func(api *httpapi.API) { auth.Register(api, keys) })
		res := api.Do(actor.Admin, "POST", "/v1/api-keys", `{"name":"site","role":"warehouse","warehouses":["US-LAX1"]}`)
		require.Equal(t, 201, res.Status, res.Raw)
		require.Equal(t, []any{"US-LAX1"}, res.Body["warehouses"])
		api.Run(t, func() any { l, _ := keys.List(ctx); return len(l) }, []apitest.Scenario{
			{Name: "channels on a warehouse key", Role: actor.Admin, Method: "POST", Path: "/v1/api-keys",
				Body: `{"name":"x","role":"warehouse","channels":["web"]}`, Status: 422, Fields: []string{"channels out_of_scope"}},
			{Name: "warehouses on an integration key", Role: actor.Admin, Method: "POST", Path: "/v1/api-keys",
				Body: `{"name":"x","role":"integration","warehouses":["US-LAX1"]}`, Status: 422, Fields: []string{"warehouses out_of_scope"}},
			{Name: "bad and repeated channels", Role: actor.Admin, Method: "POST", Path: "/v1/api-keys",
				Body: `{"name":"x","role":"integration","channels":["web","we b","web"]}`, Status: 422,
				Fields: []string{"channels[1] invalid_format", "channels[2] duplicate"}},
			{Name: "lower-case warehouse code", Role: actor.Admin, Method: "POST", Path: "/v1/api-keys",
				Body: `{"name":"x","role":"warehouse","warehouses":["us-lax1"]}`, Status: 422, Fields: []string{"warehouses[0] invalid_format"}},
		})
	})
}
