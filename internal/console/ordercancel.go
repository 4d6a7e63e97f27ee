package console

import (
	"errors"
	"net/http"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/people"
)

// cancelOrder cancels the order with a reason, as cancel-order does: the
// same store method, so its hooks run and the audit log names the person.
// A missing or too long reason is shown at its field (422); an order
// whose state forbids it gets a 409 page saying why.
func (c *Console) cancelOrder(w http.ResponseWriter, r *http.Request, s people.Session) {
	locale := s.Person.Locale
	if !c.form(w, r, locale) {
		return
	}
	typed := r.PostForm.Get("reason")
	form := orderForm{values: map[string]string{"reason": typed}, errors: map[string]string{}}
	o, err := c.cfg.Orders.Cancel(r.Context(), r.PathValue("id"), typed)
	switch {
	case errs.Is(err, errs.NotFound):
		c.renderNotFound(w, r, s, text(locale, "order.not_found"))
	case errs.Is(err, errs.Conflict):
		c.renderConflict(w, r, s, text(locale, "order.cancel_refused"), err)
	case errs.Is(err, errs.Invalid): // the reason, by order.CancelReason's rule
		for _, f := range errs.FieldsOf(err) {
			form.errors[f.Path] = text(locale, map[string]string{errs.CodeRequired: "order.cancel_reason_missing",
				errs.CodeTooLong: "order.cancel_reason_long"}[f.Code])
		}
		c.showOrder(w, r, s, http.StatusUnprocessableEntity, form)
	case err != nil:
		c.internal(w, r, locale, err)
	default:
		done(w, r, orderPath(o), "order_cancelled")
	}
}

// renderConflict is the 409 page: what could not be done, and the
// store's reason.
func (c *Console) renderConflict(w http.ResponseWriter, r *http.Request, s people.Session, what string, err error) {
	locale := s.Person.Locale
	c.render(w, r, http.StatusConflict, "error", view{Locale: locale, Title: text(locale, "order.conflict_title"),
		Person: &s.Person, Can: c.can(s.Person.Role), Data: what + " " + refusal(err)})
}

// refusal is an error's message for a person: the store's own sentence,
// without the detail of its fields.
func refusal(err error) string {
	msg := err.Error()
	var e *errs.Error
	if errors.As(err, &e) && e.Message != "" {
		msg = strings.TrimSpace(e.Message)
	}
	if r, n := utf8.DecodeRuneInString(msg); n > 0 {
		msg = string(unicode.ToUpper(r)) + msg[n:]
	}
	if !strings.HasSuffix(msg, ".") {
		msg += "."
	}
	return msg
}

var orderCancelMessages = map[string]map[string]string{
	"en": {
		"order.cancel":                "Cancel the order",
		"order.cancel_help":           "Its reserved stock is released and fulfilments not yet picked are cancelled; money captured becomes a refund due. The customer is told.",
		"order.cancel_reason":         "Reason (shown on the timeline)",
		"order.cancel_submit":         "Cancel the order",
		"order.cancel_reason_missing": "Give a reason for cancelling.",
		"order.cancel_reason_long":    "The reason can be at most 500 characters.",
		"order.cancel_refused":        "This order cannot be cancelled.",
		"order.conflict_title":        "Not possible now",
		"order.back":                  "Back to the order",
		"done.order_cancelled":        "The order is cancelled.",
	},
	"zh": {
		"order.cancel":                "取消订单",
		"order.cancel_help":           "将释放已预留的库存，并取消尚未拣货的履约单；已收取的款项转为待退款。系统会通知客户。",
		"order.cancel_reason":         "原因（显示在时间线上）",
		"order.cancel_submit":         "取消订单",
		"order.cancel_reason_missing": "请填写取消原因。",
		"order.cancel_reason_long":    "原因最多 500 个字符。",
		"order.cancel_refused":        "无法取消此订单。",
		"order.conflict_title":        "目前无法操作",
		"order.back":                  "返回订单",
		"done.order_cancelled":        "订单已取消。",
	},
}
