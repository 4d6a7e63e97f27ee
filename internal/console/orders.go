package console

import (
	"net/http"
	"time"

	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/httpapi"
	"github.com/waybill/waybill/internal/money"
	"github.com/waybill/waybill/internal/order"
	"github.com/waybill/waybill/internal/people"
)

// orderRow is one line of the orders table, formatted for people.
type orderRow struct {
	Number, Placed, Customer, Email, Status, Payment, Total string
}

type ordersPage struct {
	Rows       []orderRow
	NextCursor string
	Paged      bool // not the first page
}

// orders lists the newest orders, as list-orders does, with the same
// opaque cursor for the next page.
func (c *Console) orders(w http.ResponseWriter, r *http.Request, s people.Session) {
	locale := s.Person.Locale
	v := view{Locale: locale, Title: text(locale, "orders.title"), Person: &s.Person, Can: c.can(s.Person.Role)}
	cursor := r.URL.Query().Get("cursor")
	before, err := httpapi.DecodeCursor(cursor)
	if err != nil {
		c.renderError(w, r, locale, http.StatusBadRequest, text(locale, "orders.cursor_invalid"))
		return
	}
	list, err := c.cfg.Orders.List(r.Context(), order.Filter{Before: before, Limit: c.cfg.PageSize + 1})
	if err != nil && !errs.Is(err, errs.Invalid) {
		c.internal(w, r, locale, err)
		return
	}
	page := httpapi.NewPage(list, c.cfg.PageSize, func(o order.Order) string { return o.ID })
	data := ordersPage{NextCursor: page.NextCursor, Paged: cursor != ""}
	for _, o := range page.Items {
		data.Rows = append(data.Rows, orderRow{Number: o.Number, Placed: o.CreatedAt.UTC().Format(time.DateTime + " UTC"),
			Customer: o.Customer.Name, Email: o.Customer.Email, Status: word(locale, "status.", string(o.Status)), Payment: word(locale, "payment.", string(o.PaymentStatus)),
			Total: money.Format(o.TotalMinor, o.Currency)})
	}
	v.Data = data
	c.render(w, r, http.StatusOK, "orders", v)
}

var ordersMessages = map[string]map[string]string{
	"en": {
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
