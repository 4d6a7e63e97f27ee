package console

import (
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/inventory"
	"github.com/waybill/waybill/internal/people"
)

// The cycle-count operations the pages mirror (internal/inventory/countapi.go).
const (
	opListCounts     = "list-count-tasks"
	opOpenCounts     = "open-counts"
	opScheduleCounts = "schedule-counts"
	opGetCount       = "get-count-task"
	opClaimCount     = "claim-count-task"
	opUnclaimCount   = "unclaim-count-task"
	opSubmitCount    = "submit-count"
	opApproveCount   = "approve-count"
	opCancelCount    = "cancel-count"
)

// countStatuses are the list's status filter, in the order work flows.
var countStatuses = []string{inventory.CountOpen, inventory.CountClaimed, inventory.CountCounted, inventory.CountApproved,
	inventory.CountCancelled}

// countsPage is the count tasks of a warehouse by status, and the two
// ways to open counts: bins by hand, or the schedule.
type countsPage struct {
	Warehouse, Status string
	Warehouses        []string
	Statuses          []string
	Tasks             []inventory.CountTask
	Problem           string
	Names             map[string]string // people by actor id, to name each counter
}

// counts lists count tasks as list-count-tasks does (?warehouse=,
// ?status=, open by default).
func (c *Console) counts(w http.ResponseWriter, r *http.Request, s people.Session) {
	c.renderCounts(w, r, s, http.StatusOK, nil, nil, "")
}

func (c *Console) renderCounts(w http.ResponseWriter, r *http.Request, s people.Session, status int, typed, problems map[string]string, problem string) {
	locale := s.Person.Locale
	q := r.URL.Query()
	data := countsPage{Warehouse: strings.ToUpper(strings.TrimSpace(q.Get("warehouse"))), Status: q.Get("status"),
		Statuses: countStatuses, Problem: problem}
	if !slices.Contains(countStatuses, data.Status) {
		data.Status = inventory.CountOpen
	}
	var err error
	if data.Warehouses, err = c.warehouseCodes(r.Context()); err != nil {
		c.internal(w, r, locale, err)
		return
	}
	if data.Tasks, err = c.cfg.Stock.Counts(r.Context(), inventory.CountFilter{Warehouse: data.Warehouse, Status: data.Status,
		Limit: c.cfg.PageSize * 10}); err != nil {
		c.internal(w, r, locale, err)
		return
	}
	if data.Names, err = c.personNames(r.Context()); err != nil {
		c.internal(w, r, locale, err)
		return
	}
	if typed == nil {
		typed = map[string]string{"open.warehouse": data.Warehouse, "schedule.warehouse": data.Warehouse, "schedule.count": "10"}
	}
	v := c.personView(s, "counts.title")
	v.Form, v.Errors, v.Data = typed, problems, data
	v.Path = countsLink(data.Warehouse, data.Status)
	c.render(w, r, status, "counts", v)
}

// countsLink is the list of a warehouse's tasks in a status.
func countsLink(warehouse, status string) string {
	q := url.Values{}
	if warehouse != "" {
		q.Set("warehouse", warehouse)
	}
	if status != "" {
		q.Set("status", status)
	}
	if len(q) == 0 {
		return "/counts"
	}
	return "/counts?" + q.Encode()
}

// openCounts opens counts of the bins typed (separated by spaces, commas
// or lines), as open-counts does; a bad or unknown bin comes back at the
// field naming it.
func (c *Console) openCounts(w http.ResponseWriter, r *http.Request, s people.Session) {
	locale := s.Person.Locale
	if !c.form(w, r, locale) {
		return
	}
	typed := map[string]string{"open.warehouse": strings.TrimSpace(r.PostForm.Get("warehouse")),
		"open.bins": strings.TrimSpace(r.PostForm.Get("bins")), "schedule.count": "10"}
	typed["schedule.warehouse"] = typed["open.warehouse"]
	bins := strings.FieldsFunc(typed["open.bins"], func(r rune) bool { return r == ',' || r == ';' || r == ' ' || r == '\n' || r == '\r' || r == '\t' })
	if bins == nil {
		bins = []string{}
	}
	ts, err := c.cfg.Stock.OpenCounts(r.Context(), inventory.CountRequest{Warehouse: typed["open.warehouse"], Bins: bins})
	switch {
	case err == nil && len(ts) == 1:
		done(w, r, "/counts/"+ts[0].ID, "counts_opened")
	case err == nil:
		done(w, r, countsLink(ts[0].Warehouse, inventory.CountOpen), "counts_opened")
	default:
		c.countsRefused(w, r, s, "open", typed, err)
	}
}

// scheduleCounts opens the counts that are due, as schedule-counts does.
func (c *Console) scheduleCounts(w http.ResponseWriter, r *http.Request, s people.Session) {
	locale := s.Person.Locale
	if !c.form(w, r, locale) {
		return
	}
	typed := map[string]string{"schedule.warehouse": strings.TrimSpace(r.PostForm.Get("warehouse")),
		"schedule.count": strings.TrimSpace(r.PostForm.Get("count"))}
	typed["open.warehouse"] = typed["schedule.warehouse"]
	n, perr := strconv.Atoi(typed["schedule.count"])
	if perr != nil {
		n = 0 // refused by the store's range check, at its field
	}
	sc, err := c.cfg.Stock.ScheduleCounts(r.Context(), inventory.ScheduleRequest{Warehouse: typed["schedule.warehouse"], Count: n})
	if err != nil {
		c.countsRefused(w, r, s, "schedule", typed, err)
		return
	}
	wh := strings.ToUpper(typed["schedule.warehouse"])
	key := "counts_scheduled"
	if len(sc.Opened) == 0 {
		key = "counts_none_due"
	}
	done(w, r, countsLink(wh, inventory.CountOpen), key)
}

// countsRefused shows the list again with a refused form's problems at
// its fields (prefixed by the form: open. or schedule.), or above it.
func (c *Console) countsRefused(w http.ResponseWriter, r *http.Request, s people.Session, form string, typed map[string]string, err error) {
	locale := s.Person.Locale
	var e *errs.Error
	switch {
	case errs.Is(err, errs.Invalid):
		problems := map[string]string{}
		for path, msg := range stockFieldErrors(locale, err) {
			if strings.HasPrefix(path, "bins") {
				path = "bins"
			}
			if _, seen := problems[form+"."+path]; !seen {
				problems[form+"."+path] = capital(msg)
			}
		}
		c.renderCounts(w, r, s, http.StatusUnprocessableEntity, typed, problems, "")
	case (errs.Is(err, errs.Conflict) || errs.Is(err, errs.Forbidden)) && errors.As(err, &e):
		c.renderCounts(w, r, s, http.StatusConflict, typed, nil, e.Message)
	default:
		c.internal(w, r, locale, err)
	}
}

var countsMessages = map[string]map[string]string{
	"en": {
		"nav.counts":                "Counts",
		"counts.title":              "Cycle counts",
		"counts.warehouse":          "Warehouse",
		"counts.all":                "All warehouses",
		"counts.status":             "Status",
		"counts.show":               "Show",
		"counts.none":               "No count task in this status.",
		"counts.task":               "Task",
		"counts.bin":                "Bin",
		"counts.reason":             "Reason",
		"counts.counter":            "Counter",
		"counts.opened":             "Opened",
		"counts.open_title":         "Count bins now",
		"counts.bins":               "Bin codes (scan or type, separated by spaces or lines)",
		"counts.open_submit":        "Open counts",
		"counts.schedule_title":     "Counts that are due",
		"counts.schedule_help":      "Products are classed by units moved out in the last 30 days: A the top 80 %, B the next 15 %, C the rest. A bin is due 7 (A), 30 (B) or 90 (C) days after its last approved count; never-counted bins come first.",
		"counts.count":              "How many bins at most",
		"counts.schedule_submit":    "Open the most overdue",
		"counts.recount":            "recount",
		"counts.status.open":        "open",
		"counts.status.claimed":     "being counted",
		"counts.status.counted":     "counted, awaiting approval",
		"counts.status.approved":    "approved",
		"counts.status.cancelled":   "cancelled",
		"counts.reason.manual":      "by hand",
		"counts.reason.schedule":    "schedule",
		"counts.reason.recount":     "recount",
		"counts.reason.discrepancy": "short pick",
		"done.counts_opened":        "The count is open: a counter can claim it.",
		"done.counts_scheduled":     "The counts that were due most are open.",
		"done.counts_none_due":      "No bin of this warehouse is due for a count.",
	},
	"zh": {
		"nav.counts":                "盘点",
		"counts.title":              "循环盘点",
		"counts.warehouse":          "仓库",
		"counts.all":                "全部仓库",
		"counts.status":             "状态",
		"counts.show":               "查看",
		"counts.none":               "没有此状态的盘点任务。",
		"counts.task":               "任务",
		"counts.bin":                "库位",
		"counts.reason":             "原因",
		"counts.counter":            "盘点人",
		"counts.opened":             "创建时间",
		"counts.open_title":         "立即盘点库位",
		"counts.bins":               "库位编码（扫描或输入，用空格或换行分隔）",
		"counts.open_submit":        "创建盘点",
		"counts.schedule_title":     "到期的盘点",
		"counts.schedule_help":      "按最近 30 天的出库件数给商品分类：A 为前 80 %，B 为其后 15 %，C 为其余。库位在上次批准的盘点后 7 天（A）、30 天（B）或 90 天（C）到期；从未盘点的库位优先。",
		"counts.count":              "最多几个库位",
		"counts.schedule_submit":    "创建最逾期的盘点",
		"counts.recount":            "复盘",
		"counts.status.open":        "待领取",
		"counts.status.claimed":     "盘点中",
		"counts.status.counted":     "已盘点，待批准",
		"counts.status.approved":    "已批准",
		"counts.status.cancelled":   "已取消",
		"counts.reason.manual":      "手动",
		"counts.reason.schedule":    "计划",
		"counts.reason.recount":     "复盘",
		"counts.reason.discrepancy": "拣货短缺",
		"done.counts_opened":        "盘点已创建：盘点人可以领取。",
		"done.counts_scheduled":     "最逾期的盘点已创建。",
		"done.counts_none_due":      "此仓库没有到期需要盘点的库位。",
	},
}
