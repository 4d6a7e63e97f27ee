package pick

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/httpapi"
)

// Register adds the floor's operations: waves, pick tasks for handhelds
// (claim, scan, give back) and put-aways. Warehouse staff and admins.
func Register(api *httpapi.API, s *Store) {
	staff := []actor.Role{actor.Admin, actor.Warehouse}
	tags := []string{"Picking"}
	post := func(id, path, summary, desc string, status int) huma.Operation {
		return huma.Operation{OperationID: id, Method: http.MethodPost, Path: path, Summary: summary, Description: desc,
			Tags: tags, DefaultStatus: status, Errors: []int{http.StatusConflict, http.StatusNotFound}}
	}
	get := func(id, path, summary, desc string) huma.Operation {
		return huma.Operation{OperationID: id, Method: http.MethodGet, Path: path, Summary: summary, Description: desc,
			Tags: tags, Errors: []int{http.StatusNotFound}}
	}
	type waveOut struct{ Body Wave }
	type taskOut struct{ Body Task }
	type taskIn struct {
		ID string `path:"id" maxLength:"40" doc:"ptk_…"`
	}
	httpapi.Register(api, post("release-wave", "/v1/waves", "Release a wave of ready fulfilments to the floor",
		"Chooses ready fulfilments of a warehouse, earliest due first, within the caps; promises each line the bins it is picked from "+
			"(pick faces first, oldest stock, fewest bins, nearest); cuts them into walks (one per fulfilment, or cluster carts "+
			"batched by the optimiser) and plans each walk on the warehouse's layout. Fulfilments the bins cannot cover stay "+
			"in the queue, listed under skipped with the reason.", http.StatusCreated),
		staff, func(ctx context.Context, in *struct{ Body WaveRequest }) (*waveOut, error) {
			w, err := s.Release(ctx, in.Body)
			return &waveOut{w}, err
		})
	httpapi.Register(api, get("get-wave", "/v1/waves/{id}", "A wave with its tasks", ""),
		staff, func(ctx context.Context, in *struct {
			ID string `path:"id" maxLength:"40" doc:"wav_…"`
		}) (*waveOut, error) {
			w, err := s.Wave(ctx, in.ID)
			return &waveOut{w}, err
		})
	httpapi.Register(api, get("list-pick-tasks", "/v1/pick-tasks", "Pick tasks in the order they are claimed", ""),
		staff, func(ctx context.Context, in *struct {
			Warehouse string `query:"warehouse" maxLength:"32"`
			Status    string `query:"status" enum:"open,claimed,done,cancelled"`
			Mine      bool   `query:"mine" doc:"Only tasks the caller holds"`
			Limit     int    `query:"limit" minimum:"1" maximum:"500" default:"50"`
		}) (*struct{ Body []Task }, error) {
			f := TaskFilter{Warehouse: in.Warehouse, Status: in.Status, Limit: in.Limit}
			if in.Mine {
				who, _ := actor.From(ctx)
				f.ClaimedBy = who.ID
			}
			ts, err := s.Tasks(ctx, f)
			return &struct{ Body []Task }{ts}, err
		})
	httpapi.Register(api, get("get-pick-task", "/v1/pick-tasks/{id}", "A pick task: its stops in route order and the next one", ""),
		staff, func(ctx context.Context, in *taskIn) (*taskOut, error) {
			t, err := s.Task(ctx, in.ID)
			return &taskOut{t}, err
		})
	pdf := get("print-pick-list", "/v1/pick-tasks/{id}/pick-list", "A pick task's pick list to print (PDF)",
		"A4, the stops still to pick in route order: bin, SKU and name, quantity, the tote, with the bin and the product as Code 128 "+
			"barcodes and the task's barcode on top.")
	pdf.Responses = map[string]*huma.Response{"200": {Description: "The pick list", Content: map[string]*huma.MediaType{
		"application/pdf": {Schema: &huma.Schema{Type: "string", Format: "binary"}}}}}
	httpapi.Register(api, pdf, staff, func(ctx context.Context, in *struct {
		ID   string `path:"id" maxLength:"40"`
		Lang string `query:"lang" enum:"en,zh" default:"en"`
	}) (*struct {
		Type string `header:"Content-Type"`
		Body []byte
	}, error) {
		b, err := s.PickList(ctx, in.ID, in.Lang)
		return &struct {
			Type string `header:"Content-Type"`
			Body []byte
		}{"application/pdf", b}, err
	})
	httpapi.Register(api, post("claim-next-pick-task", "/v1/pick-tasks/claim", "Claim the next pick task of a warehouse",
		"The oldest open task (of the zone, if given); a caller who already holds one gets it back.", http.StatusOK),
		staff, func(ctx context.Context, in *struct {
			Body struct {
				Warehouse string `json:"warehouse" maxLength:"32"`
				Zone      string `json:"zone,omitempty" maxLength:"16"`
			}
		}) (*taskOut, error) {
			t, err := s.ClaimNext(ctx, in.Body.Warehouse, in.Body.Zone)
			return &taskOut{t}, err
		})
	httpapi.Register(api, post("claim-pick-task", "/v1/pick-tasks/{id}/claim", "Claim a pick task",
		"Two people can never hold one task: a task someone else holds is a conflict naming them.", http.StatusOK),
		staff, func(ctx context.Context, in *taskIn) (*taskOut, error) {
			t, err := s.Claim(ctx, in.ID)
			return &taskOut{t}, err
		})
	httpapi.Register(api, post("unclaim-pick-task", "/v1/pick-tasks/{id}/unclaim", "Give a pick task back to the queue",
		"By its picker, or an admin. What was picked stays picked.", http.StatusOK),
		staff, func(ctx context.Context, in *taskIn) (*taskOut, error) {
			t, err := s.Unclaim(ctx, in.ID)
			return &taskOut{t}, err
		})
	httpapi.Register(api, post("scan-pick", "/v1/pick-tasks/{id}/picks", "Confirm units picked at a stop",
		"The bin, item (GTIN or SKU) and tote as scanned, and the quantity. A wrong bin, item or tote, or too many, is a 422 "+
			"naming each wrong field with what was expected, and nothing is recorded. Accepted, the units move in the ledger "+
			"from the bin's reservation into the tote; the fulfilment is picked when nothing is left. A repeated scan_id books nothing twice.",
		http.StatusOK),
		staff, func(ctx context.Context, in *struct {
			ID   string `path:"id" maxLength:"40"`
			Body Scan
		}) (*struct{ Body ScanResult }, error) {
			r, err := s.Pick(ctx, in.ID, in.Body)
			return &struct{ Body ScanResult }{r}, err
		})
	httpapi.Register(api, post("report-short-pick", "/v1/pick-tasks/{id}/shorts", "Report a bin short at a stop",
		"The picker scans the bin and says how many units are there. The difference is recorded as a discrepancy and the bin "+
			"gets a count task; the units found stay to pick; the rest is picked from other bins when they hold it (new stops), "+
			"otherwise the order line goes short and its product's shortage policy decides (job release.short_picked): another "+
			"warehouse's stock as a fulfilment of its own, the units cancelled with their refund (cancel_short), or waiting for stock; "+
			"the customer is told which.", http.StatusOK),
		staff, func(ctx context.Context, in *struct {
			ID   string `path:"id" maxLength:"40"`
			Body ShortReport
		}) (*struct{ Body ShortResult }, error) {
			r, err := s.Short(ctx, in.ID, in.Body)
			return &struct{ Body ShortResult }{r}, err
		})
	httpapi.Register(api, post("verify-pick", "/v1/pick-tasks/{id}/verifications", "Second scan of a valuable stop",
		"An admin other than the picker scans the stop's bin and item; until then the stop cannot be picked.", http.StatusOK),
		[]actor.Role{actor.Admin}, func(ctx context.Context, in *struct {
			ID   string `path:"id" maxLength:"40"`
			Body Verification
		}) (*taskOut, error) {
			t, err := s.Verify(ctx, in.ID, in.Body)
			return &taskOut{t}, err
		})
	httpapi.Register(api, post("sort-put-wall", "/v1/pick-tasks/{id}/sorts", "Sort a unit into its slot at the put wall",
		"For a put-wall task: the item as scanned answers the slot of the first order still owed one; with the slot scanned too "+
			"the unit is booked into it (a wrong slot is a 422 naming the right one; a unit no slot needs is refused as extra). "+
			"An order whose units are all picked and sorted is picked.", http.StatusOK),
		staff, func(ctx context.Context, in *struct {
			ID   string `path:"id" maxLength:"40"`
			Body SortScan
		}) (*struct{ Body SortResult }, error) {
			r, err := s.Sort(ctx, in.ID, in.Body)
			return &struct{ Body SortResult }{r}, err
		})
	httpapi.Register(api, get("get-put-wall", "/v1/pick-tasks/{id}/wall", "The slots of a put-wall task", ""),
		staff, func(ctx context.Context, in *taskIn) (*struct{ Body []Slot }, error) {
			w, err := s.Wall(ctx, in.ID)
			return &struct{ Body []Slot }{w}, err
		})
	type rulesOut struct{ Body WaveRules }
	type whIn struct {
		Code string `path:"code" maxLength:"32" doc:"Warehouse code"`
	}
	httpapi.Register(api, get("get-wave-rules", "/v1/warehouses/{code}/wave-rules", "How a warehouse releases waves by itself", ""),
		staff, func(ctx context.Context, in *whIn) (*rulesOut, error) {
			if err := visible(ctx, in.Code); err != nil {
				return nil, err
			}
			r, err := s.Rules(ctx, in.Code)
			return &rulesOut{r}, err
		})
	rules := huma.Operation{OperationID: "put-wave-rules", Method: http.MethodPut, Path: "/v1/warehouses/{code}/wave-rules",
		Tags: tags, Summary: "Set how a warehouse releases waves by itself",
		Description: "With auto on, from lead_minutes before the warehouse's cut-off until the cut-off, every every_minutes, the ready " +
			"fulfilments due to leave that day go to the floor as a wave of the strategy and caps given.",
		Errors: []int{http.StatusNotFound}}
	httpapi.Register(api, rules, []actor.Role{actor.Admin}, func(ctx context.Context, in *struct {
		Code string `path:"code" maxLength:"32"`
		Body WaveRules
	}) (*rulesOut, error) {
		r, err := s.SetRules(ctx, in.Code, in.Body)
		return &rulesOut{r}, err
	})
	httpapi.Register(api, get("list-pick-scans", "/v1/pick-tasks/{id}/scans", "A pick task's scans: who, where, when, what",
		"Every accepted scan (pick, short, verify, sort), oldest first. A refused scan changes nothing and leaves no event."),
		staff, func(ctx context.Context, in *taskIn) (*struct{ Body []ScanEvent }, error) {
			l, err := s.Scans(ctx, in.ID)
			return &struct{ Body []ScanEvent }{l}, err
		})
	httpapi.Register(api, get("list-putaways", "/v1/putaways", "Put-away tasks: picked units of cancelled orders to take back to a bin", ""),
		staff, func(ctx context.Context, in *struct {
			Warehouse string `query:"warehouse" maxLength:"32"`
			Limit     int    `query:"limit" minimum:"1" maximum:"500" default:"50"`
		}) (*struct{ Body []PutAwayTask }, error) {
			l, err := s.PutAways(ctx, in.Warehouse, in.Limit)
			return &struct{ Body []PutAwayTask }{l}, err
		})
	httpapi.Register(api, post("complete-putaway", "/v1/putaways/{id}", "Put picked units back into a bin",
		"The units leave picked and are on hand in the scanned bin again.", http.StatusOK),
		staff, func(ctx context.Context, in *struct {
			ID   string `path:"id" maxLength:"40"`
			Body PutAwayScan
		}) (*struct{ Body PutAwayTask }, error) {
			p, err := s.PutAway(ctx, in.ID, in.Body)
			return &struct{ Body PutAwayTask }{p}, err
		})
	registerReplenish(api, s)
}
