package console

import (
	"cmp"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/inventory"
	"github.com/waybill/waybill/internal/people"
)

// The count screen (/counts/{id}) is made for a 360 px phone with a
// keyboard-wedge scanner, like the pick screen, and it is blind: it shows
// the bin and whether it is a recount, never what the ledger expects. The
// counter first scans the bin's label (a wrong bin is refused at its field,
// so a count is never booked against the bin next to it), then scans an
// item, types how many, adds the line (Enter), and submits when the bin is
// done; the bin and the lines so far ride in hidden fields.
// Admins see the variances of a counted task and approve or cancel it.

// countLine is a line counted so far, with the product its code found.
type countLine struct {
	Item, SKU, Name string
	Quantity        int64
}

// countPage is one task as the person may work on it.
type countPage struct {
	Task           inventory.CountTask
	Mine, CanClaim bool
	CanDecide      bool   // an admin, and the task not closed
	CanGiveBack    bool   // an admin, the task held by someone else
	BinScanned     bool   // the counter scanned the task's bin: the item and quantity fields follow
	CountedFirst   bool   // a recount whose first count was this person's: someone else must claim it
	Holder         string // who claimed it, by name
	Lines          []countLine
	Units          int64
	Problem        string
}

func (c *Console) countTask(w http.ResponseWriter, r *http.Request, s people.Session) {
	c.renderCount(w, r, s, http.StatusOK, r.PathValue("id"), nil, nil, nil, "")
}

// renderCount reads the task and shows it with the lines counted so far,
// what was typed and the problems at their fields or one above them.
func (c *Console) renderCount(w http.ResponseWriter, r *http.Request, s people.Session, status int, id string,
	lines []countLine, typed, problems map[string]string, problem string) {
	locale := s.Person.Locale
	t, err := c.cfg.Stock.Count(r.Context(), id)
	if errs.Is(err, errs.NotFound) {
		c.renderError(w, r, locale, http.StatusNotFound, text(locale, "count.not_found"))
		return
	}
	if err != nil {
		c.internal(w, r, locale, err)
		return
	}
	who, _ := actor.From(r.Context())
	can := c.can(s.Person.Role)
	data := countPage{Task: t, Mine: t.Status == inventory.CountClaimed && t.ClaimedBy == who.ID,
		CanClaim: t.Status == inventory.CountOpen && can[opClaimCount], Lines: lines, Problem: problem,
		CanDecide:   can[opApproveCount] && t.Status != inventory.CountApproved && t.Status != inventory.CountCancelled,
		CanGiveBack: t.Status == inventory.CountClaimed && t.ClaimedBy != who.ID && who.Role == actor.Admin}
	if t.ClaimedBy != "" {
		names, err := c.personNames(r.Context())
		if err != nil {
			c.internal(w, r, locale, err)
			return
		}
		data.Holder = cmp.Or(names[t.ClaimedBy], t.ClaimedBy)
	}
	if t.Status == inventory.CountOpen && t.RecountOf != "" {
		if first, err := c.cfg.Stock.Count(r.Context(), t.RecountOf); err == nil && first.ClaimedBy == who.ID {
			data.CountedFirst, data.CanClaim = true, false
		}
	}
	data.BinScanned = typed["bin"] != "" && strings.EqualFold(typed["bin"], t.Bin) && problems["bin"] == ""
	for _, l := range lines {
		data.Units += l.Quantity
	}
	v := c.personView(s, "count.title")
	v.Title = v.Tf("count.title", t.Bin)
	v.Form, v.Errors, v.Data, v.Path = typed, problems, data, "/counts/"+t.ID
	c.render(w, r, status, "count", v)
}

// claimCount claims the task, as claim-count-task does, and opens the
// counting screen.
func (c *Console) claimCount(w http.ResponseWriter, r *http.Request, s people.Session) {
	id := r.PathValue("id")
	if _, err := c.cfg.Stock.ClaimCount(r.Context(), id); err != nil {
		c.countRefused(w, r, s, id, nil, err)
		return
	}
	done(w, r, "/counts/"+id, "count_claimed")
}

// unclaimCount gives the task back, as unclaim-count-task does: open for
// the next counter.
func (c *Console) unclaimCount(w http.ResponseWriter, r *http.Request, s people.Session) {
	id := r.PathValue("id")
	if _, err := c.cfg.Stock.UnclaimCount(r.Context(), id); err != nil {
		c.countRefused(w, r, s, id, nil, err)
		return
	}
	done(w, r, "/counts/"+id, "count_given_back")
}

// formLines reads the lines counted so far from the hidden fields and, when
// typed, the line in the item and quantity fields; each is checked by the
// store's own rules (FindItem, the quantity's range), a problem coming
// back at the field (422) with the earlier lines kept.
func (c *Console) formLines(r *http.Request, locale string, withTyped bool) ([]countLine, map[string]string, map[string]string, bool) {
	items, qtys := r.PostForm["line_item"], r.PostForm["line_qty"]
	if len(items) != len(qtys) || len(items) > inventory.MaxCountLines {
		return nil, nil, nil, false
	}
	var lines []countLine
	for i, item := range items {
		n, err := strconv.ParseInt(qtys[i], 10, 64)
		it, ferr := c.cfg.Stock.FindItem(r.Context(), item)
		if err != nil || n < 0 || ferr != nil {
			return nil, nil, nil, false
		}
		lines = append(lines, countLine{Item: item, SKU: it.SKU, Name: it.Name, Quantity: n})
	}
	typed := map[string]string{"item": strings.TrimSpace(r.PostForm.Get("item")), "quantity": strings.TrimSpace(r.PostForm.Get("quantity")),
		"bin": strings.ToUpper(strings.TrimSpace(r.PostForm.Get("bin")))}
	if !withTyped && typed["item"] == "" && typed["quantity"] == "" {
		return lines, typed, nil, true
	}
	problems := map[string]string{}
	it, err := c.cfg.Stock.FindItem(r.Context(), typed["item"])
	switch {
	case typed["item"] == "":
		problems["item"] = text(locale, "count.required.item")
	case errs.Is(err, errs.Invalid):
		problems["item"] = capital(pickFieldErrors(locale, err)["item"])
	case err != nil:
		return nil, nil, nil, false
	}
	n, perr := strconv.ParseInt(strings.TrimPrefix(typed["quantity"], "+"), 10, 64)
	if perr != nil || n < 0 || n > inventory.MaxQuantity {
		problems["quantity"] = text(locale, "count.required.quantity")
	}
	if len(problems) > 0 {
		return lines, typed, problems, true
	}
	return append(lines, countLine{Item: typed["item"], SKU: it.SKU, Name: it.Name, Quantity: n}), map[string]string{"bin": typed["bin"]}, nil, true
}

// addCountLine adds the typed line to the lines so far and shows the
// screen again, ready for the next scan. Nothing is recorded until the
// count is submitted.
func (c *Console) addCountLine(w http.ResponseWriter, r *http.Request, s people.Session) {
	locale := s.Person.Locale
	if !c.form(w, r, locale) {
		return
	}
	id := r.PathValue("id")
	_, binStep := r.PostForm["item"]
	lines, typed, problems, ok := c.formLines(r, locale, binStep)
	if !ok {
		c.renderError(w, r, locale, http.StatusBadRequest, text(locale, "error.bad_request"))
		return
	}
	if !c.countBinScanned(w, r, s, id, lines, typed) {
		return
	}
	status := http.StatusOK
	if len(problems) > 0 {
		status = http.StatusUnprocessableEntity
	}
	c.renderCount(w, r, s, status, id, lines, typed, problems, "")
}

// submitCount submits the lines (and the one typed, if any) as
// submit-count does, and shows the task counted.
func (c *Console) submitCount(w http.ResponseWriter, r *http.Request, s people.Session) {
	locale := s.Person.Locale
	if !c.form(w, r, locale) {
		return
	}
	id := r.PathValue("id")
	lines, typed, problems, ok := c.formLines(r, locale, false)
	if !ok {
		c.renderError(w, r, locale, http.StatusBadRequest, text(locale, "error.bad_request"))
		return
	}
	if !c.countBinScanned(w, r, s, id, lines, typed) {
		return
	}
	if len(problems) > 0 {
		c.renderCount(w, r, s, http.StatusUnprocessableEntity, id, lines, typed, problems, "")
		return
	}
	in := inventory.CountSubmission{Lines: []inventory.CountLine{}}
	for _, l := range lines {
		in.Lines = append(in.Lines, inventory.CountLine{Item: l.Item, Quantity: l.Quantity})
	}
	t, err := c.cfg.Stock.SubmitCount(r.Context(), id, in)
	switch {
	case err == nil && t.RecountID != "":
		done(w, r, "/counts/"+id, "count_recount")
	case err == nil:
		done(w, r, "/counts/"+id, "count_submitted")
	default:
		c.countRefused(w, r, s, id, lines, err)
	}
}

// countBinScanned checks the bin the counter scanned against the task's:
// missing or another bin, the screen comes back (422) with the problem at
// the bin field, nothing recorded, and it answers false.
func (c *Console) countBinScanned(w http.ResponseWriter, r *http.Request, s people.Session, id string, lines []countLine, typed map[string]string) bool {
	locale := s.Person.Locale
	t, err := c.cfg.Stock.Count(r.Context(), id)
	if err != nil {
		c.countRefused(w, r, s, id, nil, err)
		return false
	}
	problem := ""
	switch {
	case typed["bin"] == "":
		problem = text(locale, "count.required.bin")
	case !strings.EqualFold(typed["bin"], t.Bin):
		problem = fmt.Sprintf(text(locale, "count.wrong_bin"), typed["bin"], t.Bin)
	}
	if problem == "" {
		return true
	}
	lines = lines[:min(len(lines), len(r.PostForm["line_item"]))] // not the line typed at the wrong bin
	c.renderCount(w, r, s, http.StatusUnprocessableEntity, id, lines, map[string]string{"bin": typed["bin"]},
		map[string]string{"bin": problem}, "")
	return false
}

// approveCount books the count into the ledger, as approve-count does.
func (c *Console) approveCount(w http.ResponseWriter, r *http.Request, s people.Session) {
	id := r.PathValue("id")
	if _, err := c.cfg.Stock.ApproveCount(r.Context(), id); err != nil {
		c.countRefused(w, r, s, id, nil, err)
		return
	}
	done(w, r, "/counts/"+id, "count_approved")
}

// cancelCount closes the task without booking, as cancel-count does.
func (c *Console) cancelCount(w http.ResponseWriter, r *http.Request, s people.Session) {
	id := r.PathValue("id")
	if _, err := c.cfg.Stock.CancelCount(r.Context(), id); err != nil {
		c.countRefused(w, r, s, id, nil, err)
		return
	}
	done(w, r, "/counts/"+id, "count_cancelled")
}

// countRefused shows the task with the store's reason (409, or 422 for
// lines the store refused), or the page for a task that does not exist.
func (c *Console) countRefused(w http.ResponseWriter, r *http.Request, s people.Session, id string, lines []countLine, err error) {
	locale := s.Person.Locale
	var e *errs.Error
	switch {
	case errs.Is(err, errs.NotFound):
		c.renderError(w, r, locale, http.StatusNotFound, text(locale, "count.not_found"))
	case errs.Is(err, errs.Invalid) && errors.As(err, &e):
		msg := e.Message
		if fs := errs.FieldsOf(err); len(fs) > 0 {
			msg = fmt.Sprintf("%s: %s", fs[0].Path, fs[0].Message)
		}
		c.renderCount(w, r, s, http.StatusUnprocessableEntity, id, lines, nil, nil, msg)
	case errs.Is(err, errs.Conflict) && errors.As(err, &e):
		c.renderCount(w, r, s, http.StatusConflict, id, lines, nil, nil, capital(e.Message))
	default:
		c.internal(w, r, locale, err)
	}
}

var countMessages = map[string]map[string]string{
	"en": {
		"count.title":             "Count bin %s",
		"count.not_found":         "There is no count task with this id.",
		"count.bin":               "Bin",
		"count.recount_note":      "Recount: this bin was counted once and was far off. Count every unit carefully.",
		"count.open":              "This count is waiting to be claimed.",
		"count.claim":             "Claim and start counting",
		"count.give_back":         "Give it back (someone else counts it)",
		"count.give_back_for":     "Give it back for them",
		"done.count_given_back":   "Given back: the count is open for the next counter.",
		"count.held_by":           "%s is counting this bin.",
		"count.counted":           "Counted; waiting for an admin to approve it.",
		"count.counted_recount":   "Counted; it was far off, so the bin is counted again by someone else (%s).",
		"count.approved":          "Approved.",
		"count.cancelled":         "Cancelled; nothing was booked.",
		"count.movement":          "Ledger movement %s",
		"count.lines":             "Counted so far",
		"count.units":             "%d units in %d lines",
		"count.units_one":         "%d units in 1 line",
		"count.counted_first":     "You counted this bin first: someone else counts it again.",
		"count.none_yet":          "Nothing counted yet. Products you do not list count as 0.",
		"count.scan.bin":          "Scan the bin's label",
		"count.bin_ok":            "Start counting this bin",
		"count.required.bin":      "Scan the label of the bin you are counting.",
		"count.wrong_bin":         "Wrong bin: you scanned %s; this count is bin %s.",
		"count.scan.item":         "Scan an item",
		"count.scan.quantity":     "How many are there? Enter adds the line",
		"count.add":               "Add line",
		"count.submit":            "Bin done: submit the count",
		"count.submit_help":       "Products you did not list count as 0. You will not see what was expected.",
		"count.restart":           "Start again",
		"count.required.item":     "Scan the item's barcode, or type its SKU.",
		"count.required.quantity": "Enter how many you found: a whole number, 0 or more.",
		"count.variances":         "Variances",
		"count.sku":               "SKU",
		"count.snapshot":          "At start",
		"count.moved":             "Moved since",
		"count.expected":          "Expected",
		"count.found":             "Counted",
		"count.variance":          "Variance",
		"count.beyond":            "beyond threshold",
		"count.approve":           "Approve into the ledger",
		"count.approve_help":      "Books the variances as one count movement of this bin.",
		"count.cancel":            "Cancel without booking",
		"count.back":              "All counts",
		"done.count_claimed":      "The count is yours. Scan each product in the bin.",
		"done.count_submitted":    "Submitted. Thank you.",
		"done.count_recount":      "Submitted. The bin will be counted again by someone else.",
		"done.count_approved":     "Approved: the ledger follows the count.",
		"done.count_cancelled":    "Cancelled.",
	},
	"zh": {
		"count.title":             "盘点库位 %s",
		"count.not_found":         "没有此编号的盘点任务。",
		"count.bin":               "库位",
		"count.recount_note":      "复盘：此库位第一次盘点差异较大。请仔细清点每一件。",
		"count.open":              "此盘点等待领取。",
		"count.claim":             "领取并开始盘点",
		"count.give_back":         "退回（由他人盘点）",
		"count.give_back_for":     "替其退回",
		"done.count_given_back":   "已退回：此盘点任务可由下一位盘点员领取。",
		"count.held_by":           "%s 正在盘点此库位。",
		"count.counted":           "已盘点；等待管理员批准。",
		"count.counted_recount":   "已盘点；差异较大，由他人复盘（%s）。",
		"count.approved":          "已批准。",
		"count.cancelled":         "已取消；未记账。",
		"count.movement":          "库存流水 %s",
		"count.lines":             "已盘点",
		"count.units":             "共 %d 件，%d 行",
		"count.units_one":         "共 %d 件，1 行",
		"count.counted_first":     "此库位由您首次盘点：须由他人复盘。",
		"count.none_yet":          "尚未盘点。未列出的商品按 0 计。",
		"count.scan.bin":          "扫描库位标签",
		"count.bin_ok":            "开始盘点此库位",
		"count.required.bin":      "请扫描正在盘点的库位标签。",
		"count.wrong_bin":         "库位不对：您扫描的是 %s；此盘点是库位 %s。",
		"count.scan.item":         "扫描商品",
		"count.scan.quantity":     "有几件？按回车添加此行",
		"count.add":               "添加一行",
		"count.submit":            "库位盘完：提交盘点",
		"count.submit_help":       "未列出的商品按 0 计。您看不到系统预期的数量。",
		"count.restart":           "重新开始",
		"count.required.item":     "请扫描商品条码，或输入 SKU。",
		"count.required.quantity": "请输入找到的件数：0 或以上的整数。",
		"count.variances":         "差异",
		"count.sku":               "SKU",
		"count.snapshot":          "开始时",
		"count.moved":             "期间变动",
		"count.expected":          "预期",
		"count.found":             "实盘",
		"count.variance":          "差异",
		"count.beyond":            "超出阈值",
		"count.approve":           "批准并记账",
		"count.approve_help":      "把差异作为此库位的一笔盘点流水记账。",
		"count.cancel":            "取消，不记账",
		"count.back":              "全部盘点",
		"done.count_claimed":      "盘点已归您。请扫描库位中的每种商品。",
		"done.count_submitted":    "已提交。谢谢。",
		"done.count_recount":      "已提交。此库位将由他人复盘。",
		"done.count_approved":     "已批准：库存账已按盘点结果调整。",
		"done.count_cancelled":    "已取消。",
	},
}
