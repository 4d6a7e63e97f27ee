package console

import (
	"net/http"
	"strings"
	"time"

	"github.com/waybill/waybill/internal/httpapi"
	"github.com/waybill/waybill/internal/money"
	"github.com/waybill/waybill/internal/order"
	"github.com/waybill/waybill/internal/people"
)

// orderRow is one line of the orders table, formatted for people.
type orderRow struct {
	ID, Number, Placed, Customer, Email, Status, Payment, Total, Hold string
	Short                                                             bool
}

type ordersPage struct {
	Rows      []orderRow
	FirstHref string // the search's first page
	NextHref  string // its next page, when there is one
	Paged     bool   // not the first page
	Searched  bool   // a search or filter is set
	Statuses  []choice
	Payments  []choice
	Holds     []choice
}

// orders lists the newest orders, as list-orders does, narrowed by the
// search box and filters (ordersearch.go), with the same opaque cursor for
// the next page. Filters that cannot be read are shown at their field
// with status 422, and nothing is listed.
func (c *Console) orders(w http.ResponseWriter, r *http.Request, s people.Session) {
	locale := s.Person.Locale
	v := view{Locale: locale, Title: text(locale, "orders.title"), Person: &s.Person, Can: c.can(s.Person.Role)}
	filter, form, problems := orderSearch(locale, r.URL.Query())
	query := searchQuery(form)
	data := ordersPage{FirstHref: strings.TrimSuffix("/orders?"+query, "?"), Searched: query != "", Statuses: statusChoices(locale),
		Payments: paymentChoices(locale), Holds: holdChoices(locale)}
	v.Form, v.Data = form, &data
	if len(problems) > 0 {
		v.Errors = problems
		c.render(w, r, http.StatusUnprocessableEntity, "orders", v)
		return
	}
	cursor := r.URL.Query().Get("cursor")
	before, err := httpapi.DecodeCursor(cursor)
	if err != nil {
		c.renderError(w, r, locale, http.StatusBadRequest, text(locale, "orders.cursor_invalid"))
		return
	}
	filter.Before, filter.Limit = before, c.cfg.PageSize+1
	list, err := c.cfg.Orders.List(r.Context(), filter)
	if err != nil {
		c.internal(w, r, locale, err)
		return
	}
	page := httpapi.NewPage(list, c.cfg.PageSize, func(o order.Order) string { return o.ID })
	if page.NextCursor != "" {
		form["cursor"] = page.NextCursor
		data.NextHref = "/orders?" + searchQuery(form)
	}
	data.Paged = cursor != ""
	for _, o := range page.Items {
		row := orderRow{ID: o.ID, Number: o.Number, Placed: o.CreatedAt.UTC().Format(time.DateTime + " UTC"),
			Customer: o.Customer.Name, Email: o.Customer.Email, Status: word(locale, "status.", string(o.Status)),
			Payment: word(locale, "payment.", string(o.PaymentStatus)), Total: money.Format(o.TotalMinor, o.Currency),
			Short: o.Short}
		if o.Status == order.OnHold {
			row.Hold = word(locale, "hold.", string(o.HoldKind))
		}
		data.Rows = append(data.Rows, row)
	}
	c.render(w, r, http.StatusOK, "orders", v)
}

var ordersMessages = map[string]map[string]string{
	"en": {
		"orders.search":        "Search",
		"orders.search_hint":   "Order number, e-mail, phone, external reference or SKU",
		"orders.search_submit": "Search",
		"orders.clear":         "Clear",
		"orders.filters":       "Filters",

		"orders.from":           "Placed from (UTC day)",
		"orders.to":             "Placed to (UTC day)",
		"orders.channel":        "Channel",
		"orders.hold":           "On hold",
		"orders.hold_any":       "for any reason",
		"orders.short_only":     "Only orders with units short",
		"orders.short":          "short",
		"orders.no_match":       "No order matches this search.",
		"orders.search_long":    "Too long to be a reference, e-mail or phone.",
		"orders.bad_choice":     "Choose one of the listed values.",
		"orders.bad_date":       "Enter a day as YYYY-MM-DD.",
		"orders.to_before_from": "This day is before the first day.",
		"hold.payment_mismatch": "payment mismatch",
		"hold.cod_rules":        "cash-on-delivery rules",
		"hold.review":           "review",
		"hold.stock":            "waiting for stock",
		"orders.title":          "Orders",
		"orders.number":         "Number",
		"orders.placed":         "Placed",
		"orders.customer":       "Customer",
		"orders.status":         "Status",
		"orders.payment":        "Payment",
		"orders.total":          "Total",
		"orders.none":           "No orders yet.",
		"orders.next":           "Older orders",
		"orders.first":          "Newest orders",
		"orders.cursor_invalid": "This page link is not valid; start from the newest orders.",
	},
	"zh": {
		"orders.search":        "搜索",
		"orders.search_hint":   "订单号、电子邮件、电话、外部单号或 SKU",
		"orders.search_submit": "搜索",
		"orders.clear":         "清除",
		"orders.filters":       "筛选",

		"orders.from":           "下单起始日（UTC）",
		"orders.to":             "下单截止日（UTC）",
		"orders.channel":        "渠道",
		"orders.hold":           "暂停中",
		"orders.hold_any":       "任何原因",
		"orders.short_only":     "仅显示缺货订单",
		"orders.short":          "缺货",
		"orders.no_match":       "没有符合搜索条件的订单。",
		"orders.search_long":    "内容过长，不是单号、电子邮件或电话。",
		"orders.bad_choice":     "请选择列出的值之一。",
		"orders.bad_date":       "请按 YYYY-MM-DD 输入日期。",
		"orders.to_before_from": "此日期早于起始日期。",
		"hold.payment_mismatch": "付款不符",
		"hold.cod_rules":        "货到付款规则",
		"hold.review":           "人工审核",
		"hold.stock":            "等待库存",
		"orders.title":          "订单",
		"orders.number":         "订单号",
		"orders.placed":         "下单时间",
		"orders.customer":       "客户",
		"orders.status":         "状态",
		"orders.payment":        "付款",
		"orders.total":          "总额",
		"orders.none":           "暂无订单。",
		"orders.next":           "更早的订单",
		"orders.first":          "最新订单",
		"orders.cursor_invalid": "此页面链接无效；请从最新订单开始。",
	},
}
