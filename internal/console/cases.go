package console

import (
	"net/http"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/httpapi"
	"github.com/waybill/waybill/internal/people"
	"github.com/waybill/waybill/internal/track"
)

// casesQueue is the exception cases as a work queue (queue.go), each page
// mirroring its operation: list-tracking-cases (kind, unclaimed or mine,
// overdue), claim-tracking-case, release-tracking-case.
func (c *Console) casesQueue() workQueue {
	return workQueue{path: "/cases", words: "cases", notice: "case", kinds: track.CaseKinds, kindWords: "cases.kind.",
		columns: []string{"cases.tracking", "cases.detail"}, list: c.caseRows,
		claim: errOnly(c.cfg.Tracking.ClaimCase), release: errOnly(c.cfg.Tracking.ReleaseCase),
		failed: func(w http.ResponseWriter, r *http.Request, s people.Session, _ string, err error) {
			c.caseFailed(w, r, s, err)
		}}
}

// casesRoutes adds the exceptions queue's pages, each mirroring its
// operation: the queue, one case, claim, release, a playbook action, close.
// A console built without the tracking stage has none of them.
func (c *Console) casesRoutes() {
	if c.cfg.Tracking == nil {
		return
	}
	cases := c.casesQueue()
	c.page("GET /cases", "list-tracking-cases", c.queuePage(cases))
	c.page("GET /cases/{id}", "get-tracking-case", c.casePage)
	c.page("POST /cases/{id}/claim", "claim-tracking-case", c.queueClaim(cases))
	c.page("POST /cases/{id}/release", "release-tracking-case", c.queueRelease(cases))
	c.page("POST /cases/{id}/act", "act-on-tracking-case", c.caseAct)
	c.page("POST /cases/{id}/close", "close-tracking-case", c.caseClose)
}

// caseRows is a page of the open cases under f, soonest due first.
func (c *Console) caseRows(r *http.Request, locale string, f queueFilter) ([]queueRow, string, error) {
	after, err := track.DecodeCaseCursor(f.Cursor)
	if err != nil {
		return nil, "", errBadCursor
	}
	cf := track.CaseFilter{Kind: f.Kind, After: after, Limit: c.cfg.PageSize}
	switch f.Who {
	case "unclaimed":
		cf.Claimed = "unclaimed"
	case "mine":
		me, _ := actor.From(r.Context())
		cf.Claimed = me.ID
	}
	cases, err := c.cfg.Tracking.Cases(r.Context(), cf)
	if err != nil {
		return nil, "", err
	}
	page := httpapi.NewPage(cases, c.cfg.PageSize, track.CaseCursorOf)
	rows := make([]queueRow, 0, len(page.Items))
	for _, cs := range page.Items {
		rows = append(rows, queueRow{ID: cs.ID, OrderID: cs.OrderID, OrderNumber: cs.OrderNumber,
			Kind: word(locale, "cases.kind.", cs.Kind), Cells: []string{cs.TrackingNumber, cs.Detail}, Claimed: cs.ClaimedName,
			Due: stamp(cs.DueAt), Overdue: cs.Overdue})
	}
	return rows, page.NextCursor, nil
}

var casesMessages = map[string]map[string]string{
	"en": {
		"nav.cases":            "Cases",
		"cases.title":          "Exception cases",
		"cases.order":          "Order",
		"cases.kind":           "Kind",
		"cases.tracking":       "Parcel",
		"cases.detail":         "What happened",
		"cases.claimed_by":     "Claimed by",
		"cases.due":            "SLA due",
		"cases.claim":          "Claim this case",
		"cases.history":        "History",
		"cases.open_row":       "Open case %s",
		"cases.claim_row":      "Claim the %s case of order %s",
		"cases.none":           "No cases wait here.",
		"cases.next":           "Later cases",
		"cases.first":          "Soonest due",
		"cases.filter_invalid": "This filter or page link is not valid; start from the whole queue.",
		"cases.kind.no_scan":   "no scan",
		"cases.kind.attempted": "delivery attempted",
		"cases.kind.address":   "address problem",
		"cases.kind.damaged":   "damaged",
		"cases.kind.lost":      "lost",
		"cases.kind.late":      "late",
		"cases.kind.refused":   "refused",
		"cases.kind.exception": "carrier exception",
		"cases.kind.problem":   "customer's problem",
	},
	"zh": {
		"nav.cases":        "异常工单",
		"cases.title":      "异常工单",
		"cases.order":      "订单",
		"cases.kind":       "类型",
		"cases.tracking":   "包裹",
		"cases.detail":     "情况",
		"cases.claimed_by": "认领人",
		"cases.due":        "SLA 截止",
		"cases.claim":      "认领此工单",
		"cases.history":    "历史记录",

		"cases.open_row":       "打开工单 %s",
		"cases.claim_row":      "认领订单 %[2]s 的“%[1]s”工单",
		"cases.none":           "这里没有待处理的工单。",
		"cases.next":           "更晚到期的工单",
		"cases.first":          "最早到期",
		"cases.filter_invalid": "此筛选条件或页面链接无效；请从完整队列开始。",
		"cases.kind.no_scan":   "长时间无扫描",
		"cases.kind.attempted": "派送未成功",
		"cases.kind.address":   "地址问题",
		"cases.kind.damaged":   "包裹破损",
		"cases.kind.lost":      "包裹丢失",
		"cases.kind.late":      "逾期未达",
		"cases.kind.refused":   "客户拒收",
		"cases.kind.exception": "承运商异常",
		"cases.kind.problem":   "客户反馈问题",
	},
}
