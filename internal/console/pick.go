package console

import (
	"errors"
	"net/http"
	"slices"
	"strings"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/people"
	"github.com/waybill/waybill/internal/pick"
)

// The handheld pick screen (/pick) is made for a 360 px phone with a
// keyboard-wedge scanner: one big thing to do at a time, one field that
// takes the scan and its Enter. It works without script; static/pick.js
// only selects a pre-filled value so a scan replaces it.

// pickWarehouseCookie remembers the warehouse a handheld last claimed in,
// so the start screen opens on it.
const pickWarehouseCookie = "waybill_pick_warehouse"

// pickStartPage is the start screen: the warehouse to claim in, and the
// task the person already holds, if any.
type pickStartPage struct {
	Warehouse  string
	Warehouses []string
	Held       []heldTask
	Problem    string
}

// heldTask is a task the person holds: where they left it.
type heldTask struct {
	ID          string
	Done, Stops int
}

// pickStart shows the start screen: choose the warehouse (?warehouse=, or
// the one claimed in last) and claim the next task.
func (c *Console) pickStart(w http.ResponseWriter, r *http.Request, s people.Session) {
	c.renderPickStart(w, r, s, http.StatusOK, pickWarehouse(r), nil, "")
}

// pickWarehouse is the warehouse the start screen offers first.
func pickWarehouse(r *http.Request) string {
	if wh := strings.TrimSpace(r.URL.Query().Get("warehouse")); wh != "" {
		return strings.ToUpper(wh)
	}
	if ck, err := r.Cookie(pickWarehouseCookie); err == nil {
		return ck.Value
	}
	return ""
}

func (c *Console) renderPickStart(w http.ResponseWriter, r *http.Request, s people.Session, status int, warehouse string, problems map[string]string, problem string) {
	locale := s.Person.Locale
	codes, err := c.warehouseCodes(r.Context())
	if err != nil {
		c.internal(w, r, locale, err)
		return
	}
	if !slices.Contains(codes, warehouse) && len(codes) > 0 && problems == nil {
		warehouse = codes[0]
	}
	who, _ := actor.From(r.Context())
	tasks, err := c.cfg.Floor.Tasks(r.Context(), pick.TaskFilter{Status: pick.TaskClaimed, ClaimedBy: who.ID, Limit: 10})
	if err != nil {
		c.internal(w, r, locale, err)
		return
	}
	var held []heldTask
	for _, t := range tasks {
		h := heldTask{ID: t.ID, Stops: len(t.Lines)}
		for _, l := range t.Lines {
			if l.Left() == 0 {
				h.Done++
			}
		}
		held = append(held, h)
	}
	v := c.personView(s, "pick.title")
	v.Form, v.Errors, v.Path = map[string]string{"warehouse": warehouse}, problems, "/pick"
	v.Data = pickStartPage{Warehouse: warehouse, Warehouses: codes, Held: held, Problem: problem}
	c.render(w, r, status, "pick", v)
}

// pickClaimNext claims the next task of the chosen warehouse, as
// claim-next-pick-task does (a task the person holds there comes back),
// remembers the warehouse and opens the task.
func (c *Console) pickClaimNext(w http.ResponseWriter, r *http.Request, s people.Session) {
	locale := s.Person.Locale
	if !c.form(w, r, locale) {
		return
	}
	wh := strings.ToUpper(strings.TrimSpace(r.PostForm.Get("warehouse")))
	t, err := c.cfg.Floor.ClaimNext(r.Context(), wh, strings.TrimSpace(r.PostForm.Get("zone")))
	var e *errs.Error
	switch {
	case err == nil:
		rememberWarehouse(w, r, t.Warehouse)
		http.Redirect(w, r, "/pick/"+t.ID, http.StatusSeeOther)
	case errs.Is(err, errs.Invalid):
		c.renderPickStart(w, r, s, http.StatusUnprocessableEntity, wh, fieldErrors(locale, err), "")
	case errs.Is(err, errs.NotFound) && errors.As(err, &e):
		c.renderPickStart(w, r, s, http.StatusNotFound, wh, nil, (view{Locale: locale}).Tf("pick.none_open", wh))
	default:
		c.internal(w, r, locale, err)
	}
}

var pickMessages = map[string]map[string]string{
	"en": {
		"nav.pick":        "Pick",
		"pick.title":      "Pick",
		"pick.warehouse":  "Warehouse",
		"pick.claim_next": "Claim next task",
		"pick.held":       "You hold task %s (%d of %d stops done).",
		"pick.continue":   "Continue it",
		"pick.none_open":  "No task is waiting in %s. Release a wave, or try again shortly.",
		"pick.hint":       "Claim a task, then scan at each stop: the bin, the item, the quantity, the tote.",
	},
	"zh": {
		"nav.pick":        "拣货",
		"pick.title":      "拣货",
		"pick.warehouse":  "仓库",
		"pick.claim_next": "领取下一个任务",
		"pick.held":       "您正在处理任务 %s（已完成 %d / %d 个拣货点）。",
		"pick.continue":   "继续",
		"pick.none_open":  "%s 没有等待中的任务。请下发波次，或稍后再试。",
		"pick.hint":       "领取任务后，在每个拣货点依次扫描：库位、商品、数量、周转箱。",
	},
}
