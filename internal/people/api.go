package people

import (
	"context"
	"net/http"
	"net/url"
	"strings"

	"github.com/danielgtaylor/huma/v2"
	"github.com/danielgtaylor/huma/v2/adapters/humago"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/httpapi"
)

// NewPersonInput is the create-person body.
type NewPersonInput struct {
	Email  string     `json:"email" maxLength:"254" doc:"Their e-mail address, which they sign in with; one account per address" example:"li.wei@example.com"`
	Name   string     `json:"name,omitempty" maxLength:"100" doc:"Their name as the console shows it (default: the e-mail's local part)" example:"Li Wei"`
	Role   actor.Role `json:"role" enum:"admin,integration,customer_service,warehouse,finance" example:"warehouse"`
	Locale string     `json:"locale,omitempty" enum:"en,zh" doc:"The console's language for them (default en)" example:"zh"`
}

// Created is a new person with their one-time set-up link, shown this once.
type Created struct {
	Person
	SetupToken string `json:"setup_token" doc:"The one-time set-up token; only its hash is stored, so it cannot be shown again"`
	SetupLink  string `json:"setup_link" doc:"Where they choose their password (one use, valid 24 h): this server's /setup page" example:"https://waybill.example.com/setup?token=…"`
}

// SetupLink is the console page where the holder of token chooses a
// password, on the server at base (scheme and host).
func SetupLink(base, token string) string {
	return strings.TrimRight(base, "/") + "/setup?token=" + url.QueryEscape(token)
}

// BaseURL is the address a request reached this server at, as set-up
// links start with it: https when the client came over TLS, directly or
// through a trusted proxy that terminated it (httpapi.HTTPS).
func BaseURL(tls bool, host string) string {
	if tls {
		return "https://" + host
	}
	return "http://" + host
}

type createPersonIn struct {
	Body NewPersonInput
	base string
}

// Resolve implements huma.Resolver: it notes where the request came in,
// for the set-up link.
func (in *createPersonIn) Resolve(ctx huma.Context) []error {
	r, _ := humago.Unwrap(ctx)
	in.base = BaseURL(httpapi.HTTPS(r), ctx.Host())
	return nil
}

// Register adds the people operations, for administrators: list, create
// (answering the set-up link once) and update (name, role, language,
// active). The console's /people pages mirror them.
func Register(api *httpapi.API, s *Store) {
	admin := []actor.Role{actor.Admin}
	tags := []string{"Access"}
	type listOut struct {
		Body struct {
			Items []Person `json:"items" nullable:"false"`
		}
	}
	httpapi.Register(api, huma.Operation{
		OperationID: "list-people", Method: http.MethodGet, Path: "/v1/people", Tags: tags,
		Summary: "List the people who may sign in to the console, newest first",
	}, admin, func(ctx context.Context, _ *struct{}) (*listOut, error) {
		list, err := s.List(ctx)
		out := &listOut{}
		out.Body.Items = list
		if out.Body.Items == nil {
			out.Body.Items = []Person{}
		}
		return out, err
	})

	httpapi.Register(api, httpapi.SecretAnswer(huma.Operation{
		OperationID: "create-person", Method: http.MethodPost, Path: "/v1/people", Tags: tags,
		Summary: "Add a person to the console", DefaultStatus: http.StatusCreated,
		Description: "The person has no password yet: the answer carries a one-time set-up link (valid 24 h) to " +
			"send them. Only the link's hash is stored, so this answer is the only place it appears. An e-mail " +
			"already in use answers 422 at email.",
	}), admin, func(ctx context.Context, in *createPersonIn) (*struct{ Body Created }, error) {
		p, token, err := s.Create(ctx, NewPerson{Email: in.Body.Email, Name: in.Body.Name, Role: in.Body.Role, Locale: in.Body.Locale})
		if err != nil {
			return nil, err
		}
		return &struct{ Body Created }{Created{Person: p, SetupToken: token, SetupLink: SetupLink(in.base, token)}}, nil
	})

	type patchIn struct {
		ID   string `path:"id" maxLength:"40" doc:"The person's id (usr_…)"`
		Body Patch
	}
	httpapi.Register(api, huma.Operation{
		OperationID: "update-person", Method: http.MethodPatch, Path: "/v1/people/{id}", Tags: tags,
		Summary: "Change a person's name, role, language or whether they may sign in",
		Errors:  []int{http.StatusNotFound, http.StatusConflict},
		Description: "Fields left out keep their values. active false ends the person's sessions at once; " +
			"the account stays for the audit log that names them. Nobody deactivates themselves or changes " +
			"their own role (409): another administrator must.",
	}, admin, func(ctx context.Context, in *patchIn) (*struct{ Body Person }, error) {
		p, err := s.Update(ctx, in.ID, in.Body)
		return &struct{ Body Person }{p}, err
	})
}
