package httpapi

import (
	"context"
	"log/slog"
	"net/http"
	"slices"

	"github.com/danielgtaylor/huma/v2"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/errs"
)

// API is what capability packages register their operations on.
type API struct {
	huma.API
	log *slog.Logger
}

const rolesKey = "x-waybill-roles"

// Register adds an operation that the given roles may call; an empty list
// makes it public. Handlers return errs-classified errors; anything else is
// logged here, once, and answered with a generic 500.
func Register[I, O any](api *API, op huma.Operation, roles []actor.Role, handler func(context.Context, *I) (*O, error)) {
	if op.Extensions == nil {
		op.Extensions = map[string]any{}
	}
	op.Extensions[rolesKey] = roles
	if len(roles) > 0 {
		op.Security = []map[string][]string{{"bearer": {}}}
		op.Errors = append(op.Errors, http.StatusUnauthorized, http.StatusForbidden)
		op.Description += "\n\nRoles: " + joinRoles(roles) + "."
	}
	op.Errors = append(op.Errors, http.StatusUnprocessableEntity)
	slices.Sort(op.Errors)
	op.Errors = slices.Compact(op.Errors)
	huma.Register(api.API, op, func(ctx context.Context, in *I) (*O, error) {
		out, err := handler(ctx, in)
		if err == nil {
			return out, nil
		}
		var we *errs.Error
		if !asErr(err, &we) || we.Kind == errs.Internal {
			api.log.ErrorContext(ctx, "request failed", "operation", op.OperationID, "err", err)
			return nil, problemOf(errs.Wrap(errs.Internal, err, "internal error"))
		}
		if we.Kind == errs.Unavailable {
			return nil, huma.ErrorWithHeaders(problemOf(we), http.Header{"Retry-After": {"1"}})
		}
		return nil, problemOf(we)
	})
	document(api.API, op.Method, op.Path)
}

// RolesOf returns the roles an operation admits, nil for a public one.
func RolesOf(op *huma.Operation) []actor.Role {
	roles, _ := op.Extensions[rolesKey].([]actor.Role)
	return roles
}

func joinRoles(roles []actor.Role) string {
	s := ""
	for i, r := range roles {
		if i > 0 {
			s += ", "
		}
		s += string(r)
	}
	return s
}

// Everyone is every role, for read operations open to all staff.
var Everyone = actor.Roles

// OperationRoles returns the roles the registered operation operationID
// admits, and whether it is registered. Other faces of the same action (the
// console's pages) take their role list from here, so there is one list.
func (a *API) OperationRoles(operationID string) ([]actor.Role, bool) {
	for _, item := range a.OpenAPI().Paths {
		for _, op := range []*huma.Operation{item.Get, item.Put, item.Post, item.Delete, item.Patch, item.Head, item.Options} {
			if op != nil && op.OperationID == operationID {
				return RolesOf(op), true
			}
		}
	}
	return nil, false
}
