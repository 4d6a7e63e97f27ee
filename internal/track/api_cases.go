package track

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/httpapi"
)

type caseOut struct{ Body Case }
type caseViewOut struct{ Body CaseView }

type casePath struct {
	ID string `path:"id" maxLength:"64" doc:"Case id (cas_…)"`
}

// RegisterCases adds the exception cases' operations: customer service
// (and administrators) work the queue, claim a case, act by its playbook
// and close it; they, and integrations (a shop's help desk), raise a
// customer's problem with a delivered order.
func RegisterCases(api *httpapi.API, s *Store) {
	agents := []actor.Role{actor.Admin, actor.CustomerService}
	tags := []string{"Tracking cases"}
	op := func(method, id, path, summary, desc string) huma.Operation {
		return huma.Operation{OperationID: id, Method: method, Path: path, Summary: summary, Description: desc, Tags: tags,
			Errors: []int{http.StatusNotFound, http.StatusConflict}}
	}
	type listIn struct {
		httpapi.PageParams
		Status  string `query:"status" enum:"open,closed" doc:"open (the default) or closed"`
		Kind    string `query:"kind" enum:"no_scan,attempted,address,damaged,lost,late,refused,exception,problem"`
		Claimed string `query:"claimed" maxLength:"64" doc:"\"unclaimed\", \"me\", or an actor id (key_…, per_…)"`
		OrderID string `query:"order_id" maxLength:"64" doc:"Only cases of this order (ord_…)"`
		Overdue bool   `query:"overdue" doc:"Only open cases past their due time (the SLA)"`
	}
	httpapi.Register(api, op(http.MethodGet, "list-tracking-cases", "/v1/tracking-cases", "The exceptions queue, soonest due first",
		"Open cases by their SLA's due time; overdue ones say so."), agents,
		func(ctx context.Context, in *listIn) (*struct{ Body *httpapi.Page[Case] }, error) {
			after, err := DecodeCaseCursor(in.Cursor)
			if err != nil {
				return nil, err
			}
			f := CaseFilter{Status: in.Status, Kind: in.Kind, Claimed: in.Claimed, OrderID: in.OrderID, Overdue: in.Overdue,
				After: after, Limit: in.Limit}
			if f.Claimed == "me" {
				who, err := caller(ctx)
				if err != nil {
					return nil, err
				}
				f.Claimed = who.ID
			}
			rows, err := s.Cases(ctx, f)
			if err != nil {
				return nil, err
			}
			return &struct{ Body *httpapi.Page[Case] }{httpapi.NewPage(rows, in.Limit, CaseCursorOf)}, nil
		})
	httpapi.Register(api, op(http.MethodGet, "get-tracking-case", "/v1/tracking-cases/{id}", "A case with its parcel and playbook",
		"The case, its parcel's tracking and history, the order's number and state, the actions its kind's playbook offers and "+
			"everything done on it so far."), agents,
		func(ctx context.Context, in *casePath) (*caseViewOut, error) {
			v, err := s.GetCase(ctx, in.ID)
			return &caseViewOut{v}, err
		})
	httpapi.Register(api, op(http.MethodPost, "claim-tracking-case", "/v1/tracking-cases/{id}/claim", "Claim a case",
		"One person holds a case at a time: a case someone else holds is a conflict naming them."), agents,
		func(ctx context.Context, in *casePath) (*caseOut, error) {
			c, err := s.ClaimCase(ctx, in.ID)
			return &caseOut{c}, err
		})
	httpapi.Register(api, op(http.MethodPost, "release-tracking-case", "/v1/tracking-cases/{id}/release", "Give a case back to the queue",
		"Its holder or an administrator."), agents,
		func(ctx context.Context, in *casePath) (*caseOut, error) {
			c, err := s.ReleaseCase(ctx, in.ID)
			return &caseOut{c}, err
		})
	act := op(http.MethodPost, "act-on-tracking-case", "/v1/tracking-cases/{id}/actions", "Take a playbook action",
		"contact_customer (note required), correct_address (address required; the order's address changes and the carrier is "+
			"told by a job, retried, whose outcome is a tell_carrier step of the case; a carrier with no address-change call is "+
			"told nothing, and the step says so), reship (once per case: the parcel's units are owed again, reserved at the "+
			"warehouse that shipped them and released as a new fulfilment, or wait for stock), carrier_claim and refund "+
			"(amount_minor required). Only actions of the case's playbook; the holder or an administrator.")
	act.Errors = append(act.Errors, http.StatusForbidden)
	httpapi.Register(api, act, agents, func(ctx context.Context, in *struct {
		ID   string `path:"id" maxLength:"64"`
		Body ActIn
	}) (*caseViewOut, error) {
		v, err := s.Act(ctx, in.ID, in.Body)
		return &caseViewOut{v}, err
	})
	closeOp := op(http.MethodPost, "close-tracking-case", "/v1/tracking-cases/{id}/close", "Close a case with its outcome",
		"The last open case of a delivered order queues its completion again.")
	closeOp.Errors = append(closeOp.Errors, http.StatusForbidden)
	httpapi.Register(api, closeOp, agents, func(ctx context.Context, in *struct {
		ID   string `path:"id" maxLength:"64"`
		Body CloseIn
	}) (*caseOut, error) {
		c, err := s.CloseCase(ctx, in.ID, in.Body)
		return &caseOut{c}, err
	})
	httpapi.Register(api, op(http.MethodPost, "raise-order-problem", "/v1/orders/{ref}/problems", "A customer's problem with a delivered order",
		"Opens a problem case (one open per order; raising again adds to it). The order does not complete while it is open."),
		[]actor.Role{actor.Admin, actor.CustomerService, actor.Integration}, func(ctx context.Context, in *struct {
			Ref  string `path:"ref" maxLength:"64"`
			Body ProblemIn
		}) (*caseViewOut, error) {
			v, err := s.RaiseProblem(ctx, in.Ref, in.Body)
			return &caseViewOut{v}, err
		})
}
