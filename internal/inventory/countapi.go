package inventory

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/httpapi"
)

// registerCounts adds the cycle-count operations: warehouse staff and
// admins open, claim and submit counts; only admins approve or cancel.
func registerCounts(api *httpapi.API, s *Store) {
	staff := []actor.Role{actor.Admin, actor.Warehouse}
	admins := []actor.Role{actor.Admin}
	tags := []string{"Cycle counts"}
	post := func(id, path, summary, desc string, status int) huma.Operation {
		return huma.Operation{OperationID: id, Method: http.MethodPost, Path: path, Summary: summary, Description: desc,
			Tags: tags, DefaultStatus: status, Errors: []int{http.StatusConflict, http.StatusNotFound}}
	}
	type taskIn struct {
		ID string `path:"id" maxLength:"40" doc:"cnt_…"`
	}
	type taskOut struct{ Body CountTask }
	httpapi.Register(api, post("open-counts", "/v1/counts", "Open counts of bins by hand",
		"One count per bin (reason manual); a bin with a count open keeps it. A bin being counted promises nothing new to pick lines.",
		http.StatusCreated), staff, func(ctx context.Context, in *struct{ Body CountRequest }) (*struct{ Body []CountTask }, error) {
		if err := inScope(ctx, "warehouse", in.Body.Warehouse); err != nil {
			return nil, err
		}
		ts, err := s.OpenCounts(ctx, in.Body)
		return &struct{ Body []CountTask }{ts}, err
	})
	httpapi.Register(api, post("schedule-counts", "/v1/counts/schedule", "Open the counts that are due, by ABC class",
		"Classifies products by units moved out of the warehouse in the last 30 days (A: the top 80 %, B: the next 15 %, C: the rest); "+
			"a bin takes the best class of what it holds and is due 7 (A), 30 (B) or 90 (C) days after its last approved count. "+
			"Opens counts (reason schedule) for the most overdue bins holding stock, never-counted bins first.", http.StatusCreated),
		staff, func(ctx context.Context, in *struct{ Body ScheduleRequest }) (*struct{ Body Schedule }, error) {
			if err := inScope(ctx, "warehouse", in.Body.Warehouse); err != nil {
				return nil, err
			}
			sc, err := s.ScheduleCounts(ctx, in.Body)
			return &struct{ Body Schedule }{sc}, err
		})
	httpapi.Register(api, huma.Operation{OperationID: "list-count-tasks", Method: http.MethodGet, Path: "/v1/counts",
		Summary: "Count tasks: waiting ones oldest first, closed ones newest first", Tags: tags,
		Description: "Counters never see expected quantities; admins see the variances of counted tasks."},
		staff, func(ctx context.Context, in *struct {
			Warehouse string `query:"warehouse" maxLength:"32"`
			Status    string `query:"status" enum:"open,claimed,counted,approved,cancelled"`
			Limit     int    `query:"limit" minimum:"1" maximum:"500" default:"50"`
		}) (*struct{ Body []CountTask }, error) {
			ts, err := s.Counts(ctx, CountFilter{Warehouse: in.Warehouse, Status: in.Status, Limit: in.Limit})
			if ts == nil {
				ts = []CountTask{}
			}
			return &struct{ Body []CountTask }{ts}, err
		})
	httpapi.Register(api, huma.Operation{OperationID: "get-count-task", Method: http.MethodGet, Path: "/v1/counts/{id}",
		Summary: "A count task", Tags: tags, Errors: []int{http.StatusNotFound},
		Description: "Blind for counters: the bin and whether it is a recount, never what the ledger expects. Admins see the variances once counted."},
		staff, func(ctx context.Context, in *taskIn) (*taskOut, error) {
			t, err := s.Count(ctx, in.ID)
			return &taskOut{t}, err
		})
	httpapi.Register(api, post("claim-count-task", "/v1/counts/{id}/claim", "Claim a count and start it",
		"One person at a time; what the bin holds is noted now, server-side. Whoever counted a bin first cannot claim its recount.",
		http.StatusOK), staff, func(ctx context.Context, in *taskIn) (*taskOut, error) {
		t, err := s.ClaimCount(ctx, in.ID)
		return &taskOut{t}, err
	})
	httpapi.Register(api, post("unclaim-count-task", "/v1/counts/{id}/unclaim", "Give a claimed count back",
		"Its holder (or an admin) gives it back, open for anyone; the snapshot taken at the claim is dropped and nothing was recorded.",
		http.StatusOK), staff, func(ctx context.Context, in *taskIn) (*taskOut, error) {
		t, err := s.UnclaimCount(ctx, in.ID)
		return &taskOut{t}, err
	})
	httpapi.Register(api, post("submit-count", "/v1/counts/{id}/submit", "Submit what was found in the bin",
		"Lines of item (GTIN or SKU as scanned) and quantity (0 allowed); products not listed count 0, a product the bin was not "+
			"expected to hold is found stock, an unknown code is a 422 at its path. Variance per product is counted minus the "+
			"snapshot plus the bin's on-hand movements since the count started, so picks and put-aways during the count are not "+
			"missing or extra. A first count off by more than max(2 units, 5 %) on a product opens a recount for another person.",
		http.StatusOK), staff, func(ctx context.Context, in *struct {
		ID   string `path:"id" maxLength:"40"`
		Body CountSubmission
	}) (*taskOut, error) {
		t, err := s.SubmitCount(ctx, in.ID, in.Body)
		return &taskOut{t}, err
	})
	httpapi.Register(api, post("approve-count", "/v1/counts/{id}/approve", "Approve a count into the ledger",
		"Books one movement of kind count (reason cycle_count, reference the task) with the variances as on-hand deltas of the bin, "+
			"all or none. A count that would leave the bin holding less than it promised to pick lines is refused: report those "+
			"units short first. The bin takes part in allocation again.", http.StatusOK),
		admins, func(ctx context.Context, in *taskIn) (*taskOut, error) {
			t, err := s.ApproveCount(ctx, in.ID)
			return &taskOut{t}, err
		})
	httpapi.Register(api, post("cancel-count", "/v1/counts/{id}/cancel", "Cancel a count without booking",
		"Cancelling a first count cancels its recount too.", http.StatusOK),
		admins, func(ctx context.Context, in *taskIn) (*taskOut, error) {
			t, err := s.CancelCount(ctx, in.ID)
			return &taskOut{t}, err
		})
}
