package review

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/httpapi"
)

type taskOut struct{ Body Task }

type taskPath struct {
	ID string `path:"id" maxLength:"64" doc:"Task id (rtk_…)"`
}

// decideIn is the decide input; its Resolve runs the domain checks (the
// address per country) in huma's validation pass, so every problem comes
// back at once.
type decideIn struct {
	ID   string `path:"id" maxLength:"64" doc:"Task id (rtk_…)"`
	Body Decision
}

// Resolve implements huma.Resolver. Without an outcome the body did not
// parse or lacks one, which the schema's checks already report.
func (in *decideIn) Resolve(huma.Context) []error {
	if in.Body.Outcome == "" {
		return nil
	}
	return httpapi.ResolveErrors(in.Body.Validate())
}

// Register adds the review queue and the risk rule operations. Customer
// service works the queue, administrators too; only administrators change
// the rules.
func Register(api *httpapi.API, s *Store) {
	reviewers := []actor.Role{actor.Admin, actor.CustomerService}
	tags := []string{"Review"}

	type listIn struct {
		httpapi.PageParams
		Status   string `query:"status" enum:"open,claimed,done"`
		Kind     string `query:"kind" enum:"verify_address,coupon_case,special_request,payment_mismatch,risk_review"`
		Assignee string `query:"assignee" maxLength:"64" doc:"Only tasks held by this actor id (key_…), or \"me\""`
		OrderID  string `query:"order_id" maxLength:"64" doc:"Only tasks of this order (ord_…)"`
		Overdue  bool   `query:"overdue" doc:"Only tasks not done whose due time has passed"`
	}
	httpapi.Register(api, huma.Operation{
		OperationID: "list-review-tasks", Method: http.MethodGet, Path: "/v1/review-tasks", Tags: tags,
		Summary: "The review queue, soonest due first",
	}, reviewers, func(ctx context.Context, in *listIn) (*struct{ Body *httpapi.Page[Task] }, error) {
		after, err := DecodeCursor(in.Cursor)
		if err != nil {
			return nil, err
		}
		f := Filter{Status: Status(in.Status), Kind: Kind(in.Kind), Assignee: in.Assignee, OrderID: in.OrderID,
			Overdue: in.Overdue, After: after, Limit: in.Limit}
		if f.Assignee == "me" {
			who, err := caller(ctx)
			if err != nil {
				return nil, err
			}
			f.Assignee = who.ID
		}
		rows, err := s.List(ctx, f)
		if err != nil {
			return nil, err
		}
		return &struct{ Body *httpapi.Page[Task] }{httpapi.NewPage(rows, in.Limit, cursorOf)}, nil
	})

	httpapi.Register(api, huma.Operation{
		OperationID: "get-review-task", Method: http.MethodGet, Path: "/v1/review-tasks/{id}", Tags: tags,
		Summary: "Get a review task", Errors: []int{http.StatusNotFound},
	}, reviewers, func(ctx context.Context, in *taskPath) (*taskOut, error) {
		t, err := s.Task(ctx, in.ID)
		return &taskOut{t}, err
	})

	httpapi.Register(api, huma.Operation{
		OperationID: "claim-review-task", Method: http.MethodPost, Path: "/v1/review-tasks/{id}/claim", Tags: tags,
		Summary: "Claim a task, so nobody else works it", Errors: []int{http.StatusNotFound, http.StatusConflict},
		Description: "Of reviewers claiming one open task at once, exactly one gets 200; the others get 409 naming " +
			"who holds it. Claiming a task you already hold answers 200 again; a done task answers 409.",
	}, reviewers, func(ctx context.Context, in *taskPath) (*taskOut, error) {
		t, err := s.Claim(ctx, in.ID)
		return &taskOut{t}, err
	})

	httpapi.Register(api, huma.Operation{
		OperationID: "release-review-task", Method: http.MethodPost, Path: "/v1/review-tasks/{id}/release", Tags: tags,
		Summary: "Give a claimed task back to the queue",
		Errors:  []int{http.StatusNotFound, http.StatusConflict},
		Description: "Only the reviewer holding the task, or an administrator, may release it (else 403); " +
			"a task that is open or done answers 409.",
	}, reviewers, func(ctx context.Context, in *taskPath) (*taskOut, error) {
		t, err := s.Release(ctx, in.ID)
		return &taskOut{t}, err
	})

	httpapi.Register(api, huma.Operation{
		OperationID: "decide-review-task", Method: http.MethodPost, Path: "/v1/review-tasks/{id}/decide", Tags: tags,
		Summary: "Decide a claimed task: approve, correct the address, or cancel the order",
		Errors:  []int{http.StatusNotFound, http.StatusConflict},
		Description: "Only the reviewer holding the task, or an administrator, may decide it (else 403); an open " +
			"task must be claimed first and a done task cannot be decided again (409). correct_address takes the " +
			"whole corrected address, validated for its country as order intake validates it (problems name " +
			"address.postal_code and so on); the order is sourced again from it. cancel takes a reason and closes " +
			"the order's other tasks. The task, the order's change and its timeline event, and the audit entry " +
			"are written together: if the order refuses the decision, nothing is.",
	}, reviewers, func(ctx context.Context, in *decideIn) (*taskOut, error) {
		t, err := s.Decide(ctx, in.ID, in.Body)
		return &taskOut{t}, err
	})

	registerRules(api, s)
}
