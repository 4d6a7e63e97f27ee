package pick

import (
	"bytes"
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/httpapi"
)

// maxLimitsCSV bounds a limits file: 5000 rows of short codes.
const maxLimitsCSV = 512 << 10

// registerReplenish adds the replenishment operations: pick face limits
// and the replenish tasks they open. Warehouse staff and admins.
func registerReplenish(api *httpapi.API, s *Store) {
	staff := []actor.Role{actor.Admin, actor.Warehouse}
	tags := []string{"Replenishment"}
	op := func(id, method, path, summary, desc string, errors ...int) huma.Operation {
		return huma.Operation{OperationID: id, Method: method, Path: path, Summary: summary, Description: desc, Tags: tags,
			Errors: append([]int{http.StatusNotFound}, errors...)}
	}
	type whPath struct {
		Warehouse string `path:"code" maxLength:"32" doc:"Warehouse code"`
	}
	type limitsOut struct {
		Body struct {
			Limits []FaceLimit `json:"limits" nullable:"false"`
		}
	}
	httpapi.Register(api, op("list-pick-face-limits", http.MethodGet, "/v1/warehouses/{code}/pick-face-limits",
		"A warehouse's pick face limits", ""), staff, func(ctx context.Context, in *whPath) (*limitsOut, error) {
		l, err := s.FaceLimits(ctx, in.Warehouse)
		out := &limitsOut{}
		out.Body.Limits = l
		return out, err
	})
	httpapi.Register(api, op("put-pick-face-limits", http.MethodPut, "/v1/warehouses/{code}/pick-face-limits",
		"Replace a warehouse's pick face limits",
		"The whole list, all or none: per pick face and SKU, the minimum below which a pick opens a replenish task and the "+
			"maximum it fills the face to. Each problem at its path: an unknown bin or SKU, a reserve bin, max not above min, "+
			"a face and SKU named twice."),
		staff, func(ctx context.Context, in *struct {
			Warehouse string `path:"code" maxLength:"32" doc:"Warehouse code"`
			Body      struct {
				Limits []FaceLimit `json:"limits" maxItems:"5000" nullable:"false"`
			}
		}) (*limitsOut, error) {
			l, err := s.PutFaceLimits(ctx, in.Warehouse, in.Body.Limits)
			out := &limitsOut{}
			out.Body.Limits = l
			return out, err
		})
	importOp := op("import-pick-face-limits", http.MethodPost, "/v1/warehouses/{code}/pick-face-limits/import",
		"Replace a warehouse's pick face limits from a CSV file",
		"bin,sku,min,max with a header row; the file replaces the list as put-pick-face-limits does. Each problem is named "+
			"rows[LINE].COLUMN, LINE counting the header as 1.", http.StatusRequestEntityTooLarge)
	importOp.MaxBodyBytes = maxLimitsCSV
	httpapi.Register(api, importOp, staff, func(ctx context.Context, in *struct {
		Warehouse string `path:"code" maxLength:"32" doc:"Warehouse code"`
		RawBody   []byte `contentType:"text/csv" doc:"bin,sku,min,max; header row first"`
	}) (*limitsOut, error) {
		l, err := s.ImportFaceLimits(ctx, in.Warehouse, bytes.NewReader(in.RawBody))
		out := &limitsOut{}
		out.Body.Limits = l
		return out, err
	})
	type taskOut struct{ Body ReplenishTask }
	type taskIn struct {
		ID string `path:"id" maxLength:"40" doc:"rpl_…"`
	}
	httpapi.Register(api, op("list-replenish-tasks", http.MethodGet, "/v1/replenish-tasks",
		"Replenish tasks, unfinished first, oldest first", ""),
		staff, func(ctx context.Context, in *struct {
			Warehouse string `query:"warehouse" maxLength:"32"`
			Status    string `query:"status" enum:"open,claimed,done,cancelled"`
			Limit     int    `query:"limit" minimum:"1" maximum:"500" default:"50"`
		}) (*struct{ Body []ReplenishTask }, error) {
			l, err := s.ReplenishTasks(ctx, ReplenishFilter{Warehouse: in.Warehouse, Status: in.Status, Limit: in.Limit})
			return &struct{ Body []ReplenishTask }{l}, err
		})
	httpapi.Register(api, op("get-replenish-task", http.MethodGet, "/v1/replenish-tasks/{id}", "A replenish task", ""),
		staff, func(ctx context.Context, in *taskIn) (*taskOut, error) {
			t, err := s.ReplenishTask(ctx, in.ID)
			return &taskOut{t}, err
		})
	for _, a := range []struct {
		id, path, summary, desc string
		roles                   []actor.Role
		do                      func(context.Context, string) (ReplenishTask, error)
	}{
		{"claim-replenish-task", "claim", "Claim a replenish task", "One person holds a task: one held by someone else is a conflict naming them.",
			staff, s.ClaimReplenish},
		{"unclaim-replenish-task", "unclaim", "Give a replenish task back to the queue", "By its holder, or an admin.", staff, s.UnclaimReplenish},
		{"cancel-replenish-task", "cancel", "Cancel an unfinished replenish task",
			"The face was filled another way; the next pick below its minimum opens a new task.", []actor.Role{actor.Admin}, s.CancelReplenish},
	} {
		httpapi.Register(api, op(a.id, http.MethodPost, "/v1/replenish-tasks/{id}/"+a.path, a.summary, a.desc, http.StatusConflict),
			a.roles, func(ctx context.Context, in *taskIn) (*taskOut, error) {
				t, err := a.do(ctx, in.ID)
				return &taskOut{t}, err
			})
	}
	httpapi.Register(api, op("complete-replenish-task", http.MethodPost, "/v1/replenish-tasks/{id}/complete",
		"Complete a replenish task by scanning it",
		"The reserve bin, the item (GTIN or SKU) and the pick face as scanned, and the units carried (at most the task's). "+
			"A wrong scan or too many units is a 422 naming each wrong field with what was expected, and nothing is recorded. "+
			"Accepted, the units move in the ledger from the reserve bin to the face (units the reserve bin promised to pick "+
			"lines cannot move: a 409) and the task is done; a second completion is a conflict.", http.StatusConflict),
		staff, func(ctx context.Context, in *struct {
			ID   string `path:"id" maxLength:"40"`
			Body ReplenishScan
		}) (*taskOut, error) {
			t, err := s.CompleteReplenish(ctx, in.ID, in.Body)
			return &taskOut{t}, err
		})
}
