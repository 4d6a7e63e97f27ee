package console

import (
	"net/http"

	"github.com/waybill/waybill/internal/order"
	"github.com/waybill/waybill/internal/payment"
	"github.com/waybill/waybill/internal/people"
)

// The operations the order page and its actions mirror.
const (
	opGetOrder          = "get-order"
	opCancelOrder       = "cancel-order"
	opCorrectAddress    = "correct-order-address"
	opListPaymentEvents = "list-payment-events"
)

// orderForm is a form of the order page shown again: what was typed and
// the problems at their fields.
type orderForm struct {
	values map[string]string
	errors map[string]string
}

// orderPage shows one order, as get-order reads it, with its timeline
// (list-order-events) and, for the roles that may, its payment events and
// the forms that cancel it or correct its address.
func (c *Console) orderPage(w http.ResponseWriter, r *http.Request, s people.Session) {
	c.showOrder(w, r, s, http.StatusOK, orderForm{})
}

// showOrder renders the order named in the path with status, a form
// shown again with what was typed and its problems. An unknown or malformed id is a
// 404 page.
func (c *Console) showOrder(w http.ResponseWriter, r *http.Request, s people.Session, status int, form orderForm) {
	locale := s.Person.Locale
	o, ok := c.loadOrder(w, r, s)
	if !ok {
		return
	}
	events, err := c.cfg.Orders.Events(r.Context(), o.ID)
	if err != nil {
		c.internal(w, r, locale, err)
		return
	}
	var payments []payment.Received
	seePayments := c.may(s, opListPaymentEvents)
	if seePayments {
		if payments, err = c.cfg.Payments.List(r.Context(), payment.ReceivedFilter{OrderID: o.ID, Limit: 50}); err != nil {
			c.internal(w, r, locale, err)
			return
		}
	}
	names, err := c.actorNames(r, locale, events)
	if err != nil {
		c.internal(w, r, locale, err)
		return
	}
	data := buildOrderView(locale, o, events, names, payments)
	if data.Tracking, err = c.orderTracking(r.Context(), locale, o); err != nil {
		c.internal(w, r, locale, err)
		return
	}
	data.SeePayments = seePayments
	data.CanCancel = c.may(s, opCancelOrder) && o.Status.CanMove(order.Cancelled)
	data.CanAddress = c.may(s, opCorrectAddress) && o.Status != order.Cancelled
	v := view{Locale: locale, Title: text(locale, "order.title") + " " + o.Number, Person: &s.Person, Can: c.can(s.Person.Role),
		Data: data, Errors: form.errors, Form: addressValues(o)}
	for k, typed := range form.values { // what was typed, over the order's own
		v.Form[k] = typed
	}
	c.render(w, r, status, "order", v)
}

var orderMessages = map[string]map[string]string{
	"en": {
		"order.title":          "Order",
		"order.not_found":      "There is no such order. Check the number or find it in the list of orders.",
		"order.summary":        "Summary",
		"order.status":         "Status",
		"order.payment_status": "Payment",
		"order.channel":        "Channel",
		"order.external_ref":   "Shop's reference",
		"order.placed":         "Placed",
		"order.ships_on":       "Estimated ship date",
		"order.hold":           "Why it is on hold",
		"order.lines":          "Lines",
		"order.sku":            "SKU",
		"order.name":           "Product",
		"order.quantity":       "Quantity",
		"order.unit_price":     "Unit price",
		"order.line_total":     "Line total",
		"order.marks":          "Stock",
		"order.totals":         "Totals",
		"order.subtotal":       "Subtotal",
		"order.discount":       "Discounts",
		"order.coupons":        "Coupons",
		"order.gift_wrap":      "Gift wrap",
		"order.shipping":       "Shipping",
		"order.total":          "Total",
		"order.paid":           "Paid so far",
		"order.refunded":       "Refunded",
		"order.refund_due":     "Refund due",
		"order.customer":       "Customer",
		"order.email":          "E-mail",
		"order.phone":          "Phone",
		"order.ship_to":        "Shipping address",
		"order.bill_to":        "Billing address",
		"order.same_address":   "Same as the shipping address.",
		"order.note":           "Customer's note",
		"order.gift_message":   "Gift message",
		"order.payment":        "Payment",
		"order.method":         "Method",
		"order.method.prepaid": "paid in advance",
		"order.method.cod":     "cash on delivery",
		"order.gateway":        "Gateway",
		"order.payment_id":     "Gateway's payment reference",
		"order.payment_due":    "To be paid by",
		"order.pay_events":     "Payment events",
		"order.pay_event":      "Event",
		"order.pay_amount":     "Amount",
		"order.pay_outcome":    "What it did",
		"order.pay_at":         "Received",
		"order.pay_none":       "No payment event has arrived for this order.",
		"order.none":           "None.",
	},
	"zh": {
		"order.title":          "订单",
		"order.not_found":      "没有这个订单。请核对订单号，或在订单列表中查找。",
		"order.summary":        "概要",
		"order.status":         "状态",
		"order.payment_status": "付款",
		"order.channel":        "销售渠道",
		"order.external_ref":   "店铺单号",
		"order.placed":         "下单时间",
		"order.ships_on":       "预计发货日期",
		"order.hold":           "暂停原因",
		"order.lines":          "商品明细",
		"order.sku":            "商品编码",
		"order.name":           "商品",
		"order.quantity":       "数量",
		"order.unit_price":     "单价",
		"order.line_total":     "小计",
		"order.marks":          "库存",
		"order.totals":         "金额",
		"order.subtotal":       "商品金额",
		"order.discount":       "优惠",
		"order.coupons":        "优惠券",
		"order.gift_wrap":      "礼品包装",
		"order.shipping":       "运费",
		"order.total":          "总额",
		"order.paid":           "已付金额",
		"order.refunded":       "已退款",
		"order.refund_due":     "应退款",
		"order.customer":       "客户",
		"order.email":          "电子邮箱",
		"order.phone":          "电话",
		"order.ship_to":        "收货地址",
		"order.bill_to":        "账单地址",
		"order.same_address":   "与收货地址相同。",
		"order.note":           "客户备注",
		"order.gift_message":   "礼品留言",
		"order.payment":        "支付",
		"order.method":         "支付方式",
		"order.method.prepaid": "预付",
		"order.method.cod":     "货到付款",
		"order.gateway":        "支付网关",
		"order.payment_id":     "网关支付编号",
		"order.payment_due":    "付款截止",
		"order.pay_events":     "支付事件",
		"order.pay_event":      "事件",
		"order.pay_amount":     "金额",
		"order.pay_outcome":    "处理结果",
		"order.pay_at":         "接收时间",
		"order.pay_none":       "此订单尚未收到支付事件。",
		"order.none":           "无。",
	},
}
