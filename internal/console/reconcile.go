package console

import (
	"net/http"
	"time"

	"github.com/waybill/waybill/internal/inventory"
	"github.com/waybill/waybill/internal/people"
)

// reconcilePage is the check's outcome, when it was run.
type reconcilePage struct {
	Ran    bool
	Report inventory.Report
	At     string
}

// reconcile checks every balance against the ledger, as reconcile-stock
// does (Store.Reconcile), when the administrator asks (?run=1: a check
// reads every entry, so opening the page alone does not start one), and
// shows the result: clean, or each difference.
func (c *Console) reconcile(w http.ResponseWriter, r *http.Request, s people.Session) {
	v := c.personView(s, "reconcile.title")
	data := reconcilePage{}
	if r.URL.Query().Get("run") != "" {
		report, err := c.cfg.Stock.Reconcile(r.Context())
		if err != nil {
			c.internal(w, r, s.Person.Locale, err)
			return
		}
		data = reconcilePage{Ran: true, Report: report, At: report.At.UTC().Format(time.DateTime + " UTC")}
	}
	v.Data = data
	c.render(w, r, http.StatusOK, "reconcile", v)
}

var reconcileMessages = map[string]map[string]string{
	"en": {
		"reconcile.title":     "Reconcile stock",
		"reconcile.intro":     "Checks that every balance equals the sum of its ledger entries, that each warehouse's bins add up to its stock, and that nothing is negative or reserved beyond what is on hand.",
		"reconcile.run":       "Run the check",
		"reconcile.again":     "Run it again",
		"reconcile.clean":     "Clean: the balances agree with the ledger.",
		"reconcile.found":     "%d differences found.",
		"reconcile.truncated": "Only the first 1000 differences are listed.",
		"reconcile.checked":   "Checked at %s: %d entries, %d balances, %d bin balances.",
		"reconcile.check":     "Check",
		"reconcile.bin":       "Bin",
		"reconcile.expected":  "Expected",
		"reconcile.actual":    "Actual",
		"reconcile.detail":    "Detail",
	},
	"zh": {
		"reconcile.title":     "库存核对",
		"reconcile.intro":     "核对每个库存余额是否等于其流水之和、每个仓库各库位之和是否等于其在库数量，以及是否存在负数或预留超过在库的情况。",
		"reconcile.run":       "开始核对",
		"reconcile.again":     "重新核对",
		"reconcile.clean":     "无差异：库存余额与流水一致。",
		"reconcile.found":     "发现 %d 处差异。",
		"reconcile.truncated": "仅列出前 1000 处差异。",
		"reconcile.checked":   "核对时间 %s：%d 条流水，%d 个库存余额，%d 个库位余额。",
		"reconcile.check":     "检查项",
		"reconcile.bin":       "库位",
		"reconcile.expected":  "应为",
		"reconcile.actual":    "实际",
		"reconcile.detail":    "说明",
	},
}
