package console

import (
	"cmp"
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/people"
	"github.com/waybill/waybill/internal/pick"
)

// The operations the replenishment page mirrors.
const (
	opListReplenish     = "list-replenish-tasks"
	opClaimReplenish    = "claim-replenish-task"
	opUnclaimReplenish  = "unclaim-replenish-task"
	opCompleteReplenish = "complete-replenish-task"
)

// replenishFields are the scan form's fields, in the order the work goes:
// at the reserve bin its label, the item and the units taken; then, at
// the pick face, its label, whose Enter books the move.
var replenishFields = []string{"from_bin", "item", "quantity", "to_bin"}

// replenishPage is the replenish tasks of a warehouse (or all), unfinished
// ones first; a task the person holds has its scan form.
type replenishPage struct {
	Warehouse  string
	Warehouses []string
	Tasks      []replenishRow
	Fields     []string
	Problem    string
	// Focus is the field a scanner types into first: the first wrong
	// one, else the reserve bin of the first task the person holds.
	Focus string
	// Limits are the selected warehouse's pick face limits, which the
	// limit form sets one face and SKU at a time.
	Limits []pick.FaceLimit
}

type replenishRow struct {
	pick.ReplenishTask
	Mine   bool
	Holder string // who claimed it, by name, for the status line
}

// replenishment lists replenish tasks as list-replenish-tasks does.
func (c *Console) replenishment(w http.ResponseWriter, r *http.Request, s people.Session) {
	c.renderReplenishment(w, r, s, http.StatusOK, nil, nil, "")
}

// claimReplenish claims a task for the person, as claim-replenish-task does.
func (c *Console) claimReplenish(w http.ResponseWriter, r *http.Request, s people.Session) {
	c.replenishAction(w, r, s, c.cfg.Floor.ClaimReplenish, "replenish_claimed")
}

// unclaimReplenish gives a held task back, as unclaim-replenish-task does.
func (c *Console) unclaimReplenish(w http.ResponseWriter, r *http.Request, s people.Session) {
	c.replenishAction(w, r, s, c.cfg.Floor.UnclaimReplenish, "replenish_unclaimed")
}

func (c *Console) replenishAction(w http.ResponseWriter, r *http.Request, s people.Session, do func(ctx context.Context, id string) (pick.ReplenishTask, error), key string) {
	locale := s.Person.Locale
	if !c.form(w, r, locale) {
		return
	}
	_, err := do(r.Context(), r.PathValue("id"))
	c.replenishOutcome(w, r, s, err, key, nil)
}

// completeReplenish books the scanned task, as complete-replenish-task
// does; each wrong or missing scan comes back at its field (422).
func (c *Console) completeReplenish(w http.ResponseWriter, r *http.Request, s people.Session) {
	locale := s.Person.Locale
	if !c.form(w, r, locale) {
		return
	}
	id := r.PathValue("id")
	typed, problems := map[string]string{}, map[string]string{}
	for _, f := range replenishFields {
		typed[f+"-"+id] = strings.TrimSpace(r.PostForm.Get(f + "-" + id))
		if typed[f+"-"+id] == "" {
			problems[f+"-"+id] = text(locale, "replenish.required."+f)
		}
	}
	n, err := strconv.ParseInt(typed["quantity-"+id], 10, 64)
	if err != nil && problems["quantity-"+id] == "" {
		problems["quantity-"+id] = text(locale, "replenish.required.quantity")
	}
	if len(problems) > 0 {
		c.renderReplenishment(w, r, s, http.StatusUnprocessableEntity, typed, problems, "")
		return
	}
	_, err = c.cfg.Floor.CompleteReplenish(r.Context(), id, pick.ReplenishScan{FromBin: typed["from_bin-"+id], Item: typed["item-"+id],
		ToBin: typed["to_bin-"+id], Quantity: n})
	c.replenishOutcome(w, r, s, err, "replenish_done", typed)
}

// replenishOutcome answers an action: back to the list with its notice,
// a scan's problems at their fields, a conflict saying why, or not found.
func (c *Console) replenishOutcome(w http.ResponseWriter, r *http.Request, s people.Session, err error, key string, typed map[string]string) {
	locale := s.Person.Locale
	id := r.PathValue("id")
	var e *errs.Error
	switch {
	case err == nil:
		done(w, r, stockFilter{Warehouse: r.URL.Query().Get("warehouse")}.Link("/replenishment"), key)
	case errs.Is(err, errs.Invalid):
		problems := map[string]string{}
		for path, msg := range pickFieldErrors(locale, err) {
			problems[path+"-"+id] = msg
		}
		c.renderReplenishment(w, r, s, http.StatusUnprocessableEntity, typed, problems, "")
	case errs.Is(err, errs.Conflict) && errors.As(err, &e):
		c.renderReplenishment(w, r, s, http.StatusConflict, typed, nil, e.Message)
	case errs.Is(err, errs.NotFound):
		c.renderError(w, r, locale, http.StatusNotFound, text(locale, "replenish.not_found"))
	default:
		c.internal(w, r, locale, err)
	}
}

func (c *Console) renderReplenishment(w http.ResponseWriter, r *http.Request, s people.Session, status int, typed, problems map[string]string, problem string) {
	locale := s.Person.Locale
	data := replenishPage{Fields: replenishFields, Warehouse: strings.ToUpper(strings.TrimSpace(r.URL.Query().Get("warehouse"))), Problem: problem}
	var err error
	if data.Warehouses, err = c.warehouseCodes(r.Context()); err != nil {
		c.internal(w, r, locale, err)
		return
	}
	tasks, err := c.cfg.Floor.ReplenishTasks(r.Context(), pick.ReplenishFilter{Warehouse: data.Warehouse, Limit: c.cfg.PageSize * 10})
	if err != nil {
		c.internal(w, r, locale, err)
		return
	}
	if data.Warehouse != "" && c.can(s.Person.Role)[opPutFaceLimits] {
		if data.Limits, err = c.cfg.Floor.FaceLimits(r.Context(), data.Warehouse); err != nil && !errs.Is(err, errs.NotFound) {
			c.internal(w, r, locale, err)
			return
		}
	}
	if typed == nil {
		typed = map[string]string{}
	}
	if typed["limit.warehouse"] == "" { // a scan form sent: the limit form follows the list's warehouse
		typed["limit.warehouse"] = data.Warehouse
	}
	names, err := c.personNames(r.Context())
	if err != nil {
		c.internal(w, r, locale, err)
		return
	}
	who, _ := actor.From(r.Context())
	wrong := ""
	for _, t := range tasks {
		row := replenishRow{t, t.Status == pick.TaskClaimed && t.ClaimedBy == who.ID, cmp.Or(names[t.ClaimedBy], t.ClaimedBy)}
		data.Tasks = append(data.Tasks, row)
		if row.Mine && data.Focus == "" {
			data.Focus = "from_bin-" + t.ID
		}
		for _, f := range replenishFields {
			if wrong == "" && problems[f+"-"+t.ID] != "" {
				wrong = f + "-" + t.ID
			}
		}
	}
	if wrong != "" {
		data.Focus = wrong
	}
	v := c.personView(s, "replenish.title")
	v.Form, v.Errors, v.Data = typed, problems, data
	v.Path = stockFilter{Warehouse: data.Warehouse}.Link("/replenishment")
	c.render(w, r, status, "replenish", v)
}

var replenishMessages = map[string]map[string]string{
	"en": {
		"nav.replenish":                      "Replenish",
		"replenish.title":                    "Replenishment",
		"replenish.warehouse":                "Warehouse",
		"replenish.all":                      "All warehouses",
		"replenish.show":                     "Show",
		"replenish.none":                     "No face needs filling.",
		"replenish.what":                     "%d × %s",
		"replenish.from":                     "From reserve bin",
		"replenish.to":                       "To pick face",
		"replenish.reason":                   "Why",
		"replenish.reason.below_min":         "The face fell below its minimum",
		"replenish.reason.wave":              "A wave took the face below its minimum, or picks from reserve",
		"replenish.status":                   "Status",
		"replenish.status.open":              "Open",
		"replenish.status.claimed":           "Claimed by %s",
		"replenish.status.yours":             "Claimed by you",
		"replenish.status.done":              "Done: %d carried",
		"replenish.status.cancelled":         "Cancelled",
		"replenish.claim":                    "Claim",
		"replenish.give_back":                "Give back",
		"replenish.scan.from_bin":            "Scan the reserve bin",
		"replenish.scan.item":                "Scan the item",
		"replenish.scan.to_bin":              "Scan the pick face",
		"replenish.scan.quantity":            "Units carried",
		"replenish.submit":                   "Book the move",
		"replenish.required.from_bin":        "Scan the reserve bin's label.",
		"replenish.required.item":            "Scan the item's barcode, or type its SKU.",
		"replenish.required.to_bin":          "Scan the pick face's label.",
		"replenish.required.quantity":        "Enter how many units you carried.",
		"replenish.not_found":                "There is no replenish task with this id.",
		"done.replenish_claimed":             "Claimed: take the units from the reserve bin to the face, then scan.",
		"done.replenish_unclaimed":           "Given back to the queue.",
		"done.replenish_done":                "Booked: the units are on the pick face.",
		"done.replenish_limit_set":           "The pick face limit is set.",
		"replenish.limits":                   "Pick face limits",
		"replenish.limits_help":              "Below the minimum, a pick or a wave opens a task filling the face up to the maximum from reserve.",
		"replenish.limit.bin":                "Pick face",
		"replenish.limit.sku":                "SKU",
		"replenish.limit.min":                "Minimum",
		"replenish.limit.max":                "Maximum",
		"replenish.limit.submit":             "Set the limit",
		"replenish.limit.none":               "No limits in this warehouse yet.",
		"replenish.limit.whole":              "Enter a whole number.",
		"replenish.limit.warehouse_required": "Choose the warehouse.",
		"replenish.limit.no_warehouse":       "There is no warehouse with this code.",
	},
	"zh": {
		"nav.replenish":                      "补货",
		"replenish.title":                    "拣货位补货",
		"replenish.warehouse":                "仓库",
		"replenish.all":                      "全部仓库",
		"replenish.show":                     "查看",
		"replenish.none":                     "没有需要补货的拣货位。",
		"replenish.what":                     "%d × %s",
		"replenish.from":                     "来源存储库位",
		"replenish.to":                       "目标拣货位",
		"replenish.reason":                   "原因",
		"replenish.reason.below_min":         "拣货位低于最小库存",
		"replenish.reason.wave":              "波次使拣货位低于最小库存，或需从存储库位拣货",
		"replenish.status":                   "状态",
		"replenish.status.open":              "待领取",
		"replenish.status.claimed":           "由 %s 领取",
		"replenish.status.yours":             "由您领取",
		"replenish.status.done":              "已完成：搬运 %d 件",
		"replenish.status.cancelled":         "已取消",
		"replenish.claim":                    "领取",
		"replenish.give_back":                "退回",
		"replenish.scan.from_bin":            "扫描存储库位",
		"replenish.scan.item":                "扫描商品",
		"replenish.scan.to_bin":              "扫描拣货位",
		"replenish.scan.quantity":            "搬运数量",
		"replenish.submit":                   "记录移库",
		"replenish.required.from_bin":        "请扫描存储库位标签。",
		"replenish.required.item":            "请扫描商品条码，或输入 SKU。",
		"replenish.required.to_bin":          "请扫描拣货位标签。",
		"replenish.required.quantity":        "请输入搬运了几件。",
		"replenish.not_found":                "没有此编号的补货任务。",
		"done.replenish_claimed":             "已领取：请把商品从存储库位搬到拣货位，然后扫描。",
		"done.replenish_unclaimed":           "已退回队列。",
		"done.replenish_done":                "已记录：商品已放到拣货位。",
		"done.replenish_limit_set":           "拣货位限额已设置。",
		"replenish.limits":                   "拣货位限额",
		"replenish.limits_help":              "低于最小值时，拣货或波次会创建任务，从存储库位补到最大值。",
		"replenish.limit.bin":                "拣货位",
		"replenish.limit.sku":                "SKU",
		"replenish.limit.min":                "最小值",
		"replenish.limit.max":                "最大值",
		"replenish.limit.submit":             "设置限额",
		"replenish.limit.none":               "此仓库尚无限额。",
		"replenish.limit.whole":              "请输入整数。",
		"replenish.limit.warehouse_required": "请选择仓库。",
		"replenish.limit.no_warehouse":       "没有此编码的仓库。",
	},
}
