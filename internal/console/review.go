package console

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/httpapi"
	"github.com/waybill/waybill/internal/people"
	"github.com/waybill/waybill/internal/review"
)

// reviewRow is one task of the queue, formatted for people.
type reviewRow struct {
	ID, OrderID, OrderNumber, Kind, Reason, Claimed, Due string
	Overdue                                              bool
}

// reviewQueue is the queue page's data: the rows, the filter chosen and
// the links to the next and first pages (keeping the filter).
type reviewQueue struct {
	Rows              []reviewRow
	Kinds, Whos       []choice
	NextURL, FirstURL string
}

// The "who" filter beside every task not done (""): the unclaimed ones,
// or the person's own.
var reviewWhos = []string{"unclaimed", "mine"}

// reviewQueuePage lists the tasks not done, soonest due first, as
// list-review-tasks does (status open or claimed, kind, assignee "me"),
// paged with the operation's cursor.
func (c *Console) reviewQueuePage(w http.ResponseWriter, r *http.Request, s people.Session) {
	locale := s.Person.Locale
	q := r.URL.Query()
	kind, who, cursor := q.Get("kind"), q.Get("who"), q.Get("cursor")
	after, err := review.DecodeCursor(cursor)
	if err != nil || (who != "" && !slices.Contains(reviewWhos, who)) || (kind != "" && !slices.Contains(review.Kinds, review.Kind(kind))) {
		c.reviewRefuse(w, r, s, http.StatusBadRequest, text(locale, "review.filter_invalid"))
		return
	}
	f := review.Filter{Kind: review.Kind(kind), After: after, Limit: c.cfg.PageSize}
	var rows []review.Task
	switch who {
	case "unclaimed":
		f.Status = review.StatusOpen
		rows, err = c.cfg.Review.List(r.Context(), f)
	case "mine":
		me, _ := actor.From(r.Context())
		f.Status, f.Assignee = review.StatusClaimed, me.ID
		rows, err = c.cfg.Review.List(r.Context(), f)
	default:
		rows, err = c.notDone(r, f)
	}
	if err != nil {
		c.internal(w, r, locale, err)
		return
	}
	page := httpapi.NewPage(rows, c.cfg.PageSize, func(t review.Task) string {
		return review.Cursor{DueAt: t.DueAt, ID: t.ID}.String()
	})
	data := reviewQueue{Whos: choices(locale, "review.who.", reviewWhos), Kinds: choices(locale, "review.kind.", kindNames())}
	filter := url.Values{}
	for k, v := range map[string]string{"kind": kind, "who": who} {
		if v != "" {
			filter.Set(k, v)
		}
	}
	if cursor != "" {
		data.FirstURL = "/review?" + filter.Encode()
	}
	if page.NextCursor != "" {
		filter.Set("cursor", page.NextCursor)
		data.NextURL = "/review?" + filter.Encode()
	}
	ids := make([]string, 0, len(page.Items))
	for _, t := range page.Items {
		ids = append(ids, t.OrderID)
	}
	orders, err := c.cfg.Orders.Headers(r.Context(), ids) // the numbers, in one query
	if err != nil {
		c.internal(w, r, locale, err)
		return
	}
	for _, t := range page.Items {
		number := t.OrderID
		if o, ok := orders[t.OrderID]; ok {
			number = o.Number
		}
		data.Rows = append(data.Rows, reviewRow{ID: t.ID, OrderID: t.OrderID, OrderNumber: number,
			Kind: word(locale, "review.kind.", string(t.Kind)), Reason: t.Reason, Claimed: t.AssigneeName,
			Due: t.DueAt.UTC().Format(time.DateTime + " UTC"), Overdue: t.Overdue})
	}
	c.render(w, r, http.StatusOK, "review", view{Locale: locale, Title: text(locale, "review.title"),
		Person: &s.Person, Can: c.can(s.Person.Role), Form: map[string]string{"kind": kind, "who": who}, Data: data})
}

// notDone is a page of the open and the claimed tasks together: each list
// is in the queue's order from the same cursor, so the first Limit+1 of the
// two merged are the first Limit+1 of every task not done.
func (c *Console) notDone(r *http.Request, f review.Filter) ([]review.Task, error) {
	var all []review.Task
	for _, st := range []review.Status{review.StatusOpen, review.StatusClaimed} {
		f.Status = st
		rows, err := c.cfg.Review.List(r.Context(), f)
		if err != nil {
			return nil, err
		}
		all = append(all, rows...)
	}
	slices.SortFunc(all, func(a, b review.Task) int {
		if n := a.DueAt.Compare(b.DueAt); n != 0 {
			return n
		}
		return strings.Compare(a.ID, b.ID)
	})
	return all[:min(len(all), f.Limit+1)], nil
}

func kindNames() []string {
	out := make([]string, len(review.Kinds))
	for i, k := range review.Kinds {
		out[i] = string(k)
	}
	return out
}

// choices are a filter's options in locale, for the "select" partial.
func choices(locale, prefix string, values []string) []choice {
	out := make([]choice, len(values))
	for i, v := range values {
		out[i] = choice{Value: v, Label: word(locale, prefix, v)}
	}
	return out
}

var reviewMessages = map[string]map[string]string{
	"en": {
		"review.title":                 "Review queue",
		"review.order":                 "Order",
		"review.kind":                  "Kind",
		"review.reason":                "Why",
		"review.claimed_by":            "Claimed by",
		"review.due":                   "Due",
		"review.overdue":               "overdue",
		"review.unclaimed":             "nobody yet",
		"review.open_task":             "Open task %s",
		"review.none":                  "No tasks wait here.",
		"review.next":                  "Later tasks",
		"review.first":                 "Soonest due",
		"review.filter_submit":         "Filter",
		"review.filter_invalid":        "This filter or page link is not valid; start from the whole queue.",
		"review.who":                   "Whose",
		"review.who.unclaimed":         "unclaimed",
		"review.who.mine":              "claimed by me",
		"review.kind.verify_address":   "verify the address",
		"review.kind.coupon_case":      "coupon case",
		"review.kind.special_request":  "special request",
		"review.kind.payment_mismatch": "payment mismatch",
		"review.kind.risk_review":      "risk review",
	},
	"zh": {
		"review.title":                 "审核队列",
		"review.order":                 "订单",
		"review.kind":                  "类型",
		"review.reason":                "原因",
		"review.claimed_by":            "认领人",
		"review.due":                   "截止时间",
		"review.overdue":               "已超时",
		"review.unclaimed":             "尚无人认领",
		"review.open_task":             "打开任务 %s",
		"review.none":                  "这里没有待处理的任务。",
		"review.next":                  "更晚到期的任务",
		"review.first":                 "最早到期",
		"review.filter_submit":         "筛选",
		"review.filter_invalid":        "此筛选条件或页面链接无效；请从完整队列开始。",
		"review.who":                   "归属",
		"review.who.unclaimed":         "未认领",
		"review.who.mine":              "我认领的",
		"review.kind.verify_address":   "核实地址",
		"review.kind.coupon_case":      "优惠券案例",
		"review.kind.special_request":  "特殊要求",
		"review.kind.payment_mismatch": "付款不符",
		"review.kind.risk_review":      "风险审核",
	},
}
