package review

import (
	"context"
	"encoding/json"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/httpapi"
	"github.com/waybill/waybill/internal/risk"
)

type ruleOut struct{ Body RiskRule }

type rulePath struct {
	ID string `path:"id" maxLength:"64" doc:"Rule id (rsk_…)"`
}

// registerRules adds the risk rule and threshold operations: administrators
// only, since a rule can hold or refuse every order.
func registerRules(api *httpapi.API, s *Store) {
	admin := []actor.Role{actor.Admin}
	tags := []string{"Risk"}

	registerRawBody(api, huma.Operation{
		OperationID: "create-risk-rule", Method: http.MethodPost, Path: "/v1/risk-rules", Tags: tags,
		Summary: "Add a risk rule", DefaultStatus: http.StatusCreated,
		Description: "New orders are evaluated with it from the engine's next batch on.",
	}, admin, func(ctx context.Context, in *struct{ RawBody []byte }) (*ruleOut, error) {
		r, err := risk.DecodeRule(in.RawBody)
		if err != nil {
			return nil, err
		}
		out, err := s.CreateRule(ctx, r)
		return &ruleOut{out}, err
	})

	registerRawBody(api, huma.Operation{
		OperationID: "replace-risk-rule", Method: http.MethodPut, Path: "/v1/risk-rules/{id}", Tags: tags,
		Summary: "Replace a risk rule", Errors: []int{http.StatusNotFound},
		Description: "Every setting is replaced; `active` left out means true, so this also revives a deleted rule. " +
			"The body may be the rule as GET answers it: its id, created_at and updated_at are taken as they are.",
	}, admin, func(ctx context.Context, in *struct {
		ID      string `path:"id" maxLength:"64" doc:"Rule id (rsk_…)"`
		RawBody []byte
	}) (*ruleOut, error) {
		r, err := risk.DecodeRule(withoutStamps(in.RawBody))
		if err != nil {
			return nil, err
		}
		out, err := s.ReplaceRule(ctx, in.ID, r)
		return &ruleOut{out}, err
	})

	type listIn struct {
		httpapi.PageParams
		Active string `query:"active" enum:"true,false" doc:"Only active (true) or deleted (false) rules"`
	}
	httpapi.Register(api, huma.Operation{
		OperationID: "list-risk-rules", Method: http.MethodGet, Path: "/v1/risk-rules", Tags: tags,
		Summary: "List risk rules by id, which is roughly oldest first",
	}, admin, func(ctx context.Context, in *listIn) (*struct{ Body *httpapi.Page[RiskRule] }, error) {
		after, err := httpapi.DecodeCursor(in.Cursor)
		if err != nil {
			return nil, err
		}
		f := RuleFilter{After: after, Limit: in.Limit}
		if in.Active != "" {
			active := in.Active == "true"
			f.Active = &active
		}
		rows, err := s.RiskRules(ctx, f)
		if err != nil {
			return nil, err
		}
		return &struct{ Body *httpapi.Page[RiskRule] }{httpapi.NewPage(rows, in.Limit, func(r RiskRule) string { return r.ID })}, nil
	})

	httpapi.Register(api, huma.Operation{
		OperationID: "get-risk-rule", Method: http.MethodGet, Path: "/v1/risk-rules/{id}", Tags: tags,
		Summary: "Get a risk rule", Errors: []int{http.StatusNotFound},
	}, admin, func(ctx context.Context, in *rulePath) (*ruleOut, error) {
		r, err := s.RiskRule(ctx, in.ID)
		return &ruleOut{r}, err
	})

	httpapi.Register(api, huma.Operation{
		OperationID: "delete-risk-rule", Method: http.MethodDelete, Path: "/v1/risk-rules/{id}", Tags: tags,
		Summary: "Delete (deactivate) a risk rule", Errors: []int{http.StatusNotFound},
		Description: "The rule stops running and stays, inactive, so reasons recorded on earlier orders still name " +
			"it. Answers the rule as it now is; deleting a deleted rule changes nothing.",
	}, admin, func(ctx context.Context, in *rulePath) (*ruleOut, error) {
		r, err := s.DeactivateRule(ctx, in.ID)
		return &ruleOut{r}, err
	})

	type settingsOut struct{ Body Settings }
	httpapi.Register(api, huma.Operation{
		OperationID: "get-risk-settings", Method: http.MethodGet, Path: "/v1/risk-settings", Tags: tags,
		Summary: "Get the risk score thresholds",
	}, admin, func(ctx context.Context, _ *struct{}) (*settingsOut, error) {
		out, err := s.Settings(ctx)
		return &settingsOut{out}, err
	})
	httpapi.Register(api, huma.Operation{
		OperationID: "update-risk-settings", Method: http.MethodPut, Path: "/v1/risk-settings", Tags: tags,
		Summary: "Set the risk score thresholds",
		Description: "An order whose tripped rules' weights add up to hold_score is held, to reject_score rejected, " +
			"whatever the rules' own actions; 0 turns a threshold off.",
	}, admin, func(ctx context.Context, in *struct{ Body SettingsInput }) (*settingsOut, error) {
		out, err := s.UpdateSettings(ctx, in.Body)
		return &settingsOut{out}, err
	})
}

// withoutStamps drops the read-only created_at and updated_at from a rule
// object, so a client can PUT back what it read; anything else, including
// a body that is not an object, goes to risk.DecodeRule as it came.
func withoutStamps(body []byte) []byte {
	var obj map[string]json.RawMessage
	if json.Unmarshal(body, &obj) != nil || obj == nil {
		return body
	}
	_, created := obj["created_at"]
	_, updated := obj["updated_at"]
	if !created && !updated {
		return body
	}
	delete(obj, "created_at")
	delete(obj, "updated_at")
	out, err := json.Marshal(obj)
	if err != nil {
		return body
	}
	return out
}
