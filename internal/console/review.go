package console

import (
	"net/http"
	"slices"
	"strings"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/httpapi"
	"github.com/waybill/waybill/internal/review"
)

// reviewQueue is the review tasks as a work queue (queue.go), each page
// mirroring its operation: list-review-tasks (status open or claimed,
// kind, assignee "me"), claim-review-task, release-review-task.
func (c *Console) reviewQueue() workQueue {
	return workQueue{path: "/review", words: "review", notice: "review", kinds: kindNames(), kindWords: "review.kind.",
		columns: []string{"review.reason"}, list: c.reviewRows,
		claim: errOnly(c.cfg.Review.Claim), release: errOnly(c.cfg.Review.Release), failed: c.reviewFailed}
}

// reviewRows is a page of the tasks not done under f, soonest due first,
// with their orders' numbers.
func (c *Console) reviewRows(r *http.Request, locale string, f queueFilter) ([]queueRow, string, error) {
	after, err := review.DecodeCursor(f.Cursor)
	if err != nil {
		return nil, "", errBadCursor
	}
	rf := review.Filter{Kind: review.Kind(f.Kind), After: after, Limit: c.cfg.PageSize}
	var tasks []review.Task
	switch f.Who {
	case "unclaimed":
		rf.Status = review.StatusOpen
		tasks, err = c.cfg.Review.List(r.Context(), rf)
	case "mine":
		me, _ := actor.From(r.Context())
		rf.Status, rf.Assignee = review.StatusClaimed, me.ID
		tasks, err = c.cfg.Review.List(r.Context(), rf)
	default:
		tasks, err = c.notDone(r, rf)
	}
	if err != nil {
		return nil, "", err
	}
	page := httpapi.NewPage(tasks, c.cfg.PageSize, func(t review.Task) string {
		return review.Cursor{DueAt: t.DueAt, ID: t.ID}.String()
	})
	ids := make([]string, 0, len(page.Items))
	for _, t := range page.Items {
		ids = append(ids, t.OrderID)
	}
	orders, err := c.cfg.Orders.Headers(r.Context(), ids) // the numbers, in one query
	if err != nil {
		return nil, "", err
	}
	rows := make([]queueRow, 0, len(page.Items))
	for _, t := range page.Items {
		number := t.OrderID
		if o, ok := orders[t.OrderID]; ok {
			number = o.Number
		}
		rows = append(rows, queueRow{ID: t.ID, OrderID: t.OrderID, OrderNumber: number,
			Kind: word(locale, "review.kind.", string(t.Kind)), Cells: []string{t.Reason}, Claimed: t.AssigneeName,
			Due: stamp(t.DueAt), Overdue: t.Overdue})
	}
	return rows, page.NextCursor, nil
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

var reviewMessages = map[string]map[string]string{
	"en": {
		"review.title":                 "Review queue",
		"review.order":                 "Order",
		"review.kind":                  "Kind",
		"review.reason":                "Why",
		"review.open_row":              "Open task %s",
		"review.claimed_by":            "Claimed by",
		"review.due":                   "Due",
		"review.none":                  "No tasks wait here.",
		"review.next":                  "Later tasks",
		"review.first":                 "Soonest due",
		"review.filter_invalid":        "This filter or page link is not valid; start from the whole queue.",
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
		"review.open_row":              "打开任务 %s",
		"review.due":                   "截止时间",
		"review.none":                  "这里没有待处理的任务。",
		"review.next":                  "更晚到期的任务",
		"review.first":                 "最早到期",
		"review.filter_invalid":        "此筛选条件或页面链接无效；请从完整队列开始。",
		"review.kind.verify_address":   "核实地址",
		"review.kind.coupon_case":      "优惠券案例",
		"review.kind.special_request":  "特殊要求",
		"review.kind.payment_mismatch": "付款不符",
		"review.kind.risk_review":      "风险审核",
	},
}
