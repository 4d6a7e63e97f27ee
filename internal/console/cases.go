package console

import (
	"net/http"
	"net/url"
	"slices"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/httpapi"
	"github.com/waybill/waybill/internal/people"
	"github.com/waybill/waybill/internal/track"
)

// caseRow is one case of the exceptions queue, formatted for people.
type caseRow struct {
	ID, OrderID, OrderNumber, Kind, Tracking, Detail, Claimed, Due string
	Overdue                                                        bool
}

// caseQueue is the queue page's data: the rows, the filter's choices and
// the links to the next and first pages (keeping the filter).
type caseQueue struct {
	Rows              []caseRow
	Kinds, Whos       []choice
	NextURL, FirstURL string
}

// casesRoutes adds the exceptions queue's pages, each mirroring its
// operation: the queue, one case, claim, release, a playbook action, close.
// A console built without the tracking stage has none of them.
func (c *Console) casesRoutes() {
	if c.cfg.Tracking == nil {
		return
	}
	c.page("GET /cases", "list-tracking-cases", c.casesPage)
	c.page("GET /cases/{id}", "get-tracking-case", c.casePage)
	c.page("POST /cases/{id}/claim", "claim-tracking-case", c.caseClaim)
	c.page("POST /cases/{id}/release", "release-tracking-case", c.caseRelease)
	c.page("POST /cases/{id}/act", "act-on-tracking-case", c.caseAct)
	c.page("POST /cases/{id}/close", "close-tracking-case", c.caseClose)
}

// casesPage lists the open cases, soonest due first, as
// list-tracking-cases does (kind, unclaimed or mine, overdue), paged with
// the operation's cursor; an overdue case is marked.
func (c *Console) casesPage(w http.ResponseWriter, r *http.Request, s people.Session) {
	locale := s.Person.Locale
	q := r.URL.Query()
	kind, who, cursor := q.Get("kind"), q.Get("who"), q.Get("cursor")
	after, err := track.DecodeCaseCursor(cursor)
	if err != nil || (who != "" && !slices.Contains(reviewWhos, who)) || (kind != "" && !slices.Contains(track.CaseKinds, kind)) {
		c.reviewRefuse(w, r, s, http.StatusBadRequest, text(locale, "cases.filter_invalid"))
		return
	}
	f := track.CaseFilter{Kind: kind, After: after, Limit: c.cfg.PageSize}
	switch who {
	case "unclaimed":
		f.Claimed = "unclaimed"
	case "mine":
		me, _ := actor.From(r.Context())
		f.Claimed = me.ID
	}
	rows, err := c.cfg.Tracking.Cases(r.Context(), f)
	if err != nil {
		c.internal(w, r, locale, err)
		return
	}
	page := httpapi.NewPage(rows, c.cfg.PageSize, track.CaseCursorOf)
	data := caseQueue{Whos: choices(locale, "review.who.", reviewWhos), Kinds: choices(locale, "cases.kind.", track.CaseKinds)}
	filter := url.Values{}
	for k, v := range map[string]string{"kind": kind, "who": who} {
		if v != "" {
			filter.Set(k, v)
		}
	}
	if cursor != "" {
		data.FirstURL = "/cases?" + filter.Encode()
	}
	if page.NextCursor != "" {
		filter.Set("cursor", page.NextCursor)
		data.NextURL = "/cases?" + filter.Encode()
	}
	for _, cs := range page.Items {
		data.Rows = append(data.Rows, caseRow{ID: cs.ID, OrderID: cs.OrderID, OrderNumber: cs.OrderNumber,
			Kind: word(locale, "cases.kind.", cs.Kind), Tracking: cs.TrackingNumber, Detail: cs.Detail, Claimed: cs.ClaimedName,
			Due: stamp(cs.DueAt), Overdue: cs.Overdue})
	}
	c.render(w, r, http.StatusOK, "cases", view{Locale: locale, Title: text(locale, "cases.title"),
		Person: &s.Person, Can: c.can(s.Person.Role), Form: map[string]string{"kind": kind, "who": who}, Data: data})
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
		"cases.open_case":      "Open case %s",
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
		"nav.cases":            "异常工单",
		"cases.title":          "异常工单",
		"cases.order":          "订单",
		"cases.kind":           "类型",
		"cases.tracking":       "包裹",
		"cases.detail":         "情况",
		"cases.claimed_by":     "认领人",
		"cases.due":            "SLA 截止",
		"cases.open_case":      "打开工单 %s",
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
