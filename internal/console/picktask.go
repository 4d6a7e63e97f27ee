package console

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/httpapi"
	"github.com/waybill/waybill/internal/people"
	"github.com/waybill/waybill/internal/pick"
)

// pickSteps are a stop's scans in the order the screen asks for them.
var pickSteps = []string{"bin", "item", "quantity", "tote"}

// pickScanState is what was scanned at a stop so far, carried from step
// to step in hidden fields.
type pickScanState struct {
	Line, Bin, Item, Quantity, Tote string
}

// pickTaskPage is the task screen: the next stop, big, and the one field
// of the step it is at; or the task done; or why the person cannot work
// on it.
type pickTaskPage struct {
	Task          pick.Task
	Mine, CanGive bool
	Verify        *pick.Line // a valuable stop waiting for this admin's second scan
	Stop          *pickStop
	Step          string
	Scan          pickScanState
	ScanID        string // fresh for each form shown: a second submit of the same form books nothing twice
	Problem       string
	StopNo, Stops int
	Units, Picked int64
}

// pickStop is the stop the screen shows, with its tote.
type pickStop struct {
	pick.Line
	Left int64
	Tote pick.Tote
}

// pickTask shows a task as get-pick-task reads it, at the first step of
// its next stop.
func (c *Console) pickTask(w http.ResponseWriter, r *http.Request, s people.Session) {
	c.renderPickTask(w, r, s, http.StatusOK, r.PathValue("id"), pickScanState{}, "bin", nil, "")
}

// renderPickTask reads the task and shows it at step of the stop state
// names (when that stop is still the one to pick, else at the first step
// of the next one), with problems at their fields or one above them.
func (c *Console) renderPickTask(w http.ResponseWriter, r *http.Request, s people.Session, status int, taskID string,
	state pickScanState, step string, problems map[string]string, problem string) {
	locale := s.Person.Locale
	t, err := c.cfg.Floor.Task(r.Context(), taskID)
	if errs.Is(err, errs.NotFound) {
		c.renderError(w, r, locale, http.StatusNotFound, text(locale, "picktask.not_found"))
		return
	}
	if err != nil {
		c.internal(w, r, locale, err)
		return
	}
	who, _ := actor.From(r.Context())
	data := pickTaskPage{Task: t, Mine: t.Status == pick.TaskClaimed && t.ClaimedBy == who.ID, Problem: problem,
		Stops: len(t.Lines), ScanID: newScanID()}
	data.CanGive = t.Status == pick.TaskClaimed && (data.Mine || who.Role == actor.Admin)
	if t.Status == pick.TaskClaimed && !data.Mine && who.Role == actor.Admin {
		for i, l := range t.Lines {
			if l.Valuable && l.VerifiedBy == "" && l.Left() > 0 {
				data.Verify = &t.Lines[i]
				break
			}
		}
	}
	for _, l := range t.Lines {
		data.Units += l.Quantity - l.Cancelled
		data.Picked += l.Picked
	}
	if line := stopFor(t, state.Line); line != nil && data.Mine {
		if line.ID != state.Line { // another stop than the one scanned: start it afresh
			state, step, problems = pickScanState{}, "bin", nil
		}
		data.Stop = &pickStop{Line: *line, Left: line.Left()}
		for _, tt := range t.Totes {
			if tt.Position == line.Tote {
				data.Stop.Tote = tt
			}
		}
		data.StopNo = line.Seq
		state.Line = line.ID
		if state.Quantity == "" {
			state.Quantity = strconv.FormatInt(line.Left(), 10)
		}
		data.Step, data.Scan = step, state
	}
	v := c.personView(s, "picktask.title")
	switch {
	case data.Stop != nil:
		v.Title = v.Tf("picktask.stop_of", data.StopNo, data.Stops)
	case t.Status == pick.TaskDone:
		v.Title = v.T("picktask.done_title")
	default:
		v.Title = v.Tf("picktask.title", t.ID)
	}
	v.Errors, v.Data, v.Path = problems, data, "/pick/"+t.ID
	v.Form = map[string]string{data.Step: ""}
	if data.Step == "quantity" {
		v.Form["quantity"] = state.Quantity
	}
	c.render(w, r, status, "picktask", v)
}

// stopFor is the line a scan in progress is for while it has units left,
// else the task's next stop; nil when nothing is left.
func stopFor(t pick.Task, lineID string) *pick.Line {
	for i, l := range t.Lines {
		if l.ID == lineID && l.Left() > 0 {
			return &t.Lines[i]
		}
	}
	return t.Next
}

// pickClaim claims one task, as claim-pick-task does: a task someone else
// holds is refused, naming them.
func (c *Console) pickClaim(w http.ResponseWriter, r *http.Request, s people.Session) {
	id := r.PathValue("id")
	t, err := c.cfg.Floor.Claim(r.Context(), id)
	if err != nil {
		c.pickRefused(w, r, s, id, err)
		return
	}
	rememberWarehouse(w, r, t.Warehouse)
	done(w, r, "/pick/"+id, "pick_claimed")
}

// pickUnclaim gives the task back to the queue, as unclaim-pick-task
// does: what was picked stays picked; the next picker goes on from the
// next stop.
func (c *Console) pickUnclaim(w http.ResponseWriter, r *http.Request, s people.Session) {
	id := r.PathValue("id")
	t, err := c.cfg.Floor.Unclaim(r.Context(), id)
	if err != nil {
		c.pickRefused(w, r, s, id, err)
		return
	}
	done(w, r, "/pick?warehouse="+t.Warehouse, "pick_given_back")
}

// pickRefused shows the task with the store's reason it refused (409),
// or the page for a task that does not exist.
func (c *Console) pickRefused(w http.ResponseWriter, r *http.Request, s people.Session, id string, err error) {
	var e *errs.Error
	if errs.Is(err, errs.Conflict) && errors.As(err, &e) {
		c.renderPickTask(w, r, s, http.StatusConflict, id, pickScanState{}, "bin", nil, e.Message)
		return
	}
	if errs.Is(err, errs.NotFound) {
		c.renderError(w, r, s.Person.Locale, http.StatusNotFound, text(s.Person.Locale, "picktask.not_found"))
		return
	}
	c.internal(w, r, s.Person.Locale, err)
}

// rememberWarehouse keeps the warehouse a handheld works in for its start
// screen.
func rememberWarehouse(w http.ResponseWriter, r *http.Request, warehouse string) {
	http.SetCookie(w, &http.Cookie{Name: pickWarehouseCookie, Value: warehouse, Path: "/pick", MaxAge: 400 * 24 * 3600,
		HttpOnly: true, Secure: httpapi.HTTPS(r), SameSite: http.SameSiteLaxMode})
}

var pickTaskMessages = map[string]map[string]string{
	"en": {
		"picktask.title":            "Task %s",
		"picktask.stop_of":          "Stop %d of %d",
		"picktask.done_title":       "Task done",
		"picktask.not_found":        "There is no pick task with this id.",
		"picktask.bin":              "Bin",
		"picktask.item":             "Item",
		"picktask.sku":              "SKU",
		"picktask.quantity":         "Quantity",
		"picktask.pick_n":           "Pick %d",
		"picktask.of_n":             "%d of %d already picked",
		"picktask.tote":             "Tote",
		"picktask.tote_bound":       "Cart position %d · tote %s",
		"picktask.tote_new":         "Cart position %d · take an empty tote",
		"picktask.order":            "Order %s",
		"picktask.fragile":          "fragile",
		"picktask.valuable":         "valuable",
		"picktask.heavy":            "heavy",
		"picktask.valuable_note":    "Valuable: an admin must verify this stop before it can be picked.",
		"picktask.scanned":          "Scanned so far",
		"picktask.scan.bin":         "Scan the bin",
		"picktask.scan.item":        "Scan the item",
		"picktask.scan.quantity":    "How many did you take? Enter confirms",
		"picktask.scan.tote":        "Scan the tote",
		"picktask.ok":               "OK",
		"picktask.restart":          "Start this stop again",
		"picktask.give_back":        "Give back task",
		"picktask.print":            "Print the pick list (PDF)",
		"picktask.verify":           "Second scan of a valuable stop",
		"picktask.verify_help":      "%s holds this task. At bin %s, scan the bin and SKU %s yourself: then they may pick it.",
		"picktask.verify_go":        "Verify",
		"done.pick_verified":        "Verified. The picker may pick the stop now.",
		"picktask.short":            "Bin short?",
		"picktask.found":            "How many are in the bin?",
		"picktask.report_short":     "Report the bin short",
		"done.pick_short_resourced": "Reported. The rest is added as stops at other bins; the bin will be counted.",
		"done.pick_short_missing":   "Reported. No other bin holds the rest: the order line is short; the bin will be counted.",
		"picktask.give_back_help":   "Back to the queue for someone else; what you picked stays picked.",
		"picktask.claim":            "Claim this task",
		"picktask.open":             "This task is waiting to be claimed.",
		"picktask.held_by":          "%s holds this task.",
		"picktask.cancelled":        "This task was cancelled.",
		"picktask.done":             "Every stop is picked: %d units. Take the cart to packing.",
		"picktask.claim_next":       "Claim next task",
		"picktask.wave":             "Its wave",
		"picktask.progress":         "%d of %d units picked",
		"done.pick_claimed":         "The task is yours. Go to the first stop.",
		"done.pick_given_back":      "The task is back in the queue.",
	},
	"zh": {
		"picktask.title":            "任务 %s",
		"picktask.stop_of":          "第 %d / %d 个拣货点",
		"picktask.done_title":       "任务完成",
		"picktask.not_found":        "没有此编号的拣货任务。",
		"picktask.bin":              "库位",
		"picktask.item":             "商品",
		"picktask.sku":              "SKU",
		"picktask.quantity":         "数量",
		"picktask.pick_n":           "拣 %d 件",
		"picktask.of_n":             "已拣 %d / %d 件",
		"picktask.tote":             "周转箱",
		"picktask.tote_bound":       "车位 %d · 周转箱 %s",
		"picktask.tote_new":         "车位 %d · 请拿一个空周转箱",
		"picktask.order":            "订单 %s",
		"picktask.fragile":          "易碎",
		"picktask.valuable":         "贵重",
		"picktask.heavy":            "重物",
		"picktask.valuable_note":    "贵重商品：须由管理员先核验此拣货点，才能拣货。",
		"picktask.scanned":          "已扫描",
		"picktask.scan.bin":         "扫描库位",
		"picktask.scan.item":        "扫描商品",
		"picktask.scan.quantity":    "拣了几件？按回车确认",
		"picktask.scan.tote":        "扫描周转箱",
		"picktask.ok":               "确定",
		"picktask.restart":          "重新扫描此拣货点",
		"picktask.give_back":        "退回任务",
		"picktask.print":            "打印拣货单（PDF）",
		"picktask.verify":           "贵重品拣货点的第二次扫描",
		"picktask.verify_help":      "%s 持有此任务。请在库位 %s 亲自扫描库位和 SKU %s，之后拣货员方可拣货。",
		"picktask.verify_go":        "确认",
		"done.pick_verified":        "已确认。拣货员现在可以拣这个拣货点。",
		"picktask.short":            "库位缺货？",
		"picktask.found":            "库位里实际有几件？",
		"picktask.report_short":     "报告库位缺货",
		"done.pick_short_resourced": "已报告。其余数量已加为其他库位的拣货点；该库位将被盘点。",
		"done.pick_short_missing":   "已报告。没有其他库位有货：订单行缺货；该库位将被盘点。",
		"picktask.give_back_help":   "退回队列由他人继续；已拣的商品保持已拣。",
		"picktask.claim":            "领取此任务",
		"picktask.open":             "此任务等待领取。",
		"picktask.held_by":          "此任务由 %s 处理中。",
		"picktask.cancelled":        "此任务已取消。",
		"picktask.done":             "所有拣货点已完成：共 %d 件。请把拣货车送到打包区。",
		"picktask.claim_next":       "领取下一个任务",
		"picktask.wave":             "所属波次",
		"picktask.progress":         "已拣 %d / %d 件",
		"done.pick_claimed":         "任务已归您。请前往第一个拣货点。",
		"done.pick_given_back":      "任务已退回队列。",
	},
}
