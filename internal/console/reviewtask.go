package console

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/waybill/waybill/internal/address"
	"github.com/waybill/waybill/internal/money"
	"github.com/waybill/waybill/internal/order"
	"github.com/waybill/waybill/internal/people"
	"github.com/waybill/waybill/internal/review"
)

// reviewTaskData is the task page: the task and its place in the queue,
// its order's essentials, what the person may do now and the task's
// history.
type reviewTaskData struct {
	Task                                 review.Task
	Item                                 queueItem
	Kind, Status, Outcome                string
	Order                                order.Order
	Total, Address, OrderStatus, Payment string
	Lines                                []reviewLine
	History                              []queueStep
	AddressFields                        []string // the correct-address form's fields, in order
}

type reviewLine struct{ SKU, Name, Quantity, Total string }

// reviewAddressFields are the corrected address's inputs, named by the
// paths the decision's validation reports problems at.
var reviewAddressFields = []string{"name", "company", "line1", "line2", "district", "city", "region", "postal_code", "country"}

// reviewTask shows one task with its order, as get-review-task does.
func (c *Console) reviewTask(w http.ResponseWriter, r *http.Request, s people.Session) {
	if v, ok := c.reviewTaskView(w, r, s); ok {
		c.render(w, r, http.StatusOK, "reviewtask", v)
	}
}

// reviewTaskView reads the task of the path's id into the page's view,
// the correct-address form filled with the order's address; when it
// cannot, it answers (404, or unexpected) and reports false.
func (c *Console) reviewTaskView(w http.ResponseWriter, r *http.Request, s people.Session) (view, bool) {
	id := r.PathValue("id")
	t, err := c.cfg.Review.Task(r.Context(), id)
	if err != nil {
		c.reviewFailed(w, r, s, id, err)
		return view{}, false
	}
	v, err := c.reviewTaskData(r, s, t)
	if err != nil {
		c.internal(w, r, s.Person.Locale, err)
		return view{}, false
	}
	v.Form = addressForm(v.Data.(reviewTaskData).Order.ShippingAddress)
	return v, true
}

// reviewTaskData reads the task's order and history into the page's view.
func (c *Console) reviewTaskData(r *http.Request, s people.Session, t review.Task) (view, error) {
	locale := s.Person.Locale
	o, err := c.cfg.Orders.Get(r.Context(), t.OrderID)
	if err != nil {
		return view{}, err
	}
	events, err := c.cfg.Orders.Events(r.Context(), t.OrderID)
	if err != nil {
		return view{}, err
	}
	d := reviewTaskData{Task: t, Kind: word(locale, "review.kind.", string(t.Kind)),
		Item:   c.reviewQueue().item(r, t.ID, t.Status != review.StatusDone, t.Assignee, t.AssigneeName, t.DueAt, t.Overdue),
		Status: word(locale, "review.status.", string(t.Status)), Order: o,
		Total: money.Format(o.TotalMinor, o.Currency), Address: oneLine(o.ShippingAddress),
		OrderStatus: word(locale, "status.", string(o.Status)), Payment: word(locale, "payment.", string(o.PaymentStatus)),
		AddressFields: reviewAddressFields}
	if t.Outcome != "" {
		d.Outcome = word(locale, "review.outcome.", string(t.Outcome))
	}
	for _, l := range o.Lines {
		d.Lines = append(d.Lines, reviewLine{SKU: l.SKU, Name: l.Name, Quantity: strconv.FormatInt(l.Quantity, 10),
			Total: money.Format(l.TotalMinor, o.Currency)})
	}
	d.History = append(d.History, step(t.CreatedAt, text(locale, "review.step.opened")+": "+t.Reason, ""))
	if t.ClaimedAt != nil {
		d.History = append(d.History, step(*t.ClaimedAt, text(locale, "review.step.claimed"), t.AssigneeName))
	}
	if t.ClosedAt != nil {
		by := t.ClosedBy
		if by == t.Assignee {
			by = t.AssigneeName
		}
		d.History = append(d.History, step(*t.ClosedAt, d.Outcome+": "+t.OutcomeNote, by))
	}
	for _, e := range events {
		d.History = append(d.History, step(e.At, text(locale, "review.step.order")+" "+e.Type, e.Actor))
	}
	slices.SortStableFunc(d.History, func(a, b queueStep) int { return a.at.Compare(b.at) })
	return view{Locale: locale, Title: text(locale, "review.task_title") + " · " + d.Kind, Person: &s.Person,
		Can: c.can(s.Person.Role), Data: d}, nil
}

func oneLine(a address.Address) string {
	var parts []string
	for _, p := range []string{a.Name, a.Company, a.Line1, a.Line2, a.District, a.City, a.Region, a.PostalCode, a.Country} {
		if p != "" {
			parts = append(parts, p)
		}
	}
	return strings.Join(parts, ", ")
}

var reviewTaskMessages = map[string]map[string]string{
	"en": {
		"review.task_title":              "Review task",
		"review.task":                    "The task",
		"review.status":                  "Status",
		"review.status.open":             "open",
		"review.status.claimed":          "claimed",
		"review.status.done":             "done",
		"review.outcome":                 "Outcome",
		"review.outcome.approve":         "approved",
		"review.outcome.correct_address": "address corrected",
		"review.outcome.cancel":          "order cancelled",
		"review.the_order":               "The order",
		"review.customer":                "Customer",
		"review.ship_to":                 "Ship to",
		"review.order_status":            "Order status",
		"review.total":                   "Total",
		"review.risk":                    "Risk score",
		"review.risk_reasons":            "Risk rules tripped",
		"review.no_risk":                 "No risk rule tripped.",
		"review.note":                    "Customer's note",
		"review.gift":                    "Gift message",
		"review.window":                  "Delivery window",
		"review.lines":                   "Lines",
		"review.sku":                     "SKU",
		"review.product":                 "Product",
		"review.quantity":                "Quantity",
		"review.history":                 "History",
		"review.step.opened":             "task opened",
		"review.step.claimed":            "claimed",
		"review.step.order":              "order event",
		"review.claim_first":             "Claim the task to decide it.",
		"review.back":                    "Back to the queue",
		"review.order_page":              "Open the order",
	},
	"zh": {
		"review.task_title":              "审核任务",
		"review.task":                    "任务",
		"review.status":                  "状态",
		"review.status.open":             "待认领",
		"review.status.claimed":          "已认领",
		"review.status.done":             "已完成",
		"review.outcome":                 "结果",
		"review.outcome.approve":         "已批准",
		"review.outcome.correct_address": "已更正地址",
		"review.outcome.cancel":          "订单已取消",
		"review.the_order":               "订单",
		"review.customer":                "客户",
		"review.ship_to":                 "收货地址",
		"review.order_status":            "订单状态",
		"review.total":                   "总额",
		"review.risk":                    "风险分",
		"review.risk_reasons":            "触发的风控规则",
		"review.no_risk":                 "未触发任何风控规则。",
		"review.note":                    "客户备注",
		"review.gift":                    "礼品留言",
		"review.window":                  "配送时间段",
		"review.lines":                   "商品行",
		"review.sku":                     "商品编码",
		"review.product":                 "商品",
		"review.quantity":                "数量",
		"review.history":                 "历史记录",
		"review.step.opened":             "任务创建",
		"review.step.claimed":            "已认领",
		"review.step.order":              "订单事件",
		"review.claim_first":             "认领此任务后才能作出决定。",
		"review.back":                    "返回队列",
		"review.order_page":              "打开订单",
	},
}
