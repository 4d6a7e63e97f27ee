package auth

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/httpapi"
)

// KeyCreated carries a new key's secret, shown this once.
type KeyCreated struct {
	Key
	Secret string `json:"key" doc:"The API key; store it now, it cannot be shown again"`
}

// Register adds the API-key operations (admin only).
func Register(api *httpapi.API, keys *Keys) {
	admin := []actor.Role{actor.Admin}
	type createIn struct {
		Body struct {
			Name string     `json:"name" minLength:"1" maxLength:"100" doc:"Who or what uses the key"`
			Role actor.Role `json:"role" enum:"admin,integration,customer_service,warehouse,finance"`
			Scope
		}
	}
	httpapi.Register(api, httpapi.SecretAnswer(huma.Operation{
		OperationID: "create-api-key", Method: http.MethodPost, Path: "/v1/api-keys",
		Summary: "Create an API key", Tags: []string{"Access"}, DefaultStatus: http.StatusCreated,
		Description: "The key's secret is in this answer only: it is stored hashed, and a retry with the same " +
			"Idempotency-Key answers 409 naming the key it created, without the secret.",
	}), admin, func(ctx context.Context, in *createIn) (*struct{ Body KeyCreated }, error) {
		key, secret, err := keys.CreateScoped(ctx, in.Body.Name, in.Body.Role, in.Body.Scope)
		if err != nil {
			return nil, err
		}
		return &struct{ Body KeyCreated }{KeyCreated{Key: key, Secret: secret}}, nil
	})
	httpapi.Register(api, huma.Operation{
		OperationID: "list-api-keys", Method: http.MethodGet, Path: "/v1/api-keys",
		Summary: "List API keys (never their secrets)", Tags: []string{"Access"},
	}, admin, func(ctx context.Context, _ *struct{}) (*struct{ Body []Key }, error) {
		list, err := keys.List(ctx)
		if list == nil {
			list = []Key{}
		}
		return &struct{ Body []Key }{list}, err
	})
	type revokeIn struct {
		ID string `path:"id" maxLength:"40"`
	}
	httpapi.Register(api, huma.Operation{
		OperationID: "revoke-api-key", Method: http.MethodDelete, Path: "/v1/api-keys/{id}",
		Summary: "Revoke an API key", Tags: []string{"Access"}, DefaultStatus: http.StatusNoContent,
	}, admin, func(ctx context.Context, in *revokeIn) (*struct{}, error) {
		return &struct{}{}, keys.Revoke(ctx, in.ID)
	})
}
