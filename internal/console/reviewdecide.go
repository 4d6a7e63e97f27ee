package console

import (
	"net/http"
	"net/url"

	"github.com/waybill/waybill/internal/address"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/people"
	"github.com/waybill/waybill/internal/review"
)

// reviewDecide closes the person's claimed task with one of the three
// outcomes, as decide-review-task does: the same Decision, validated by
// the store as the API validates it (the address per country). Each
// outcome has its own form on the task page; their inputs are named
// "<outcome>.note", "cancel.reason" and "address.<field>", so a problem
// shows at the input of the form that was sent.
func (c *Console) reviewDecide(w http.ResponseWriter, r *http.Request, s people.Session) {
	locale := s.Person.Locale
	if !c.form(w, r, locale) {
		return
	}
	id := r.PathValue("id")
	outcome := review.Outcome(r.PostForm.Get("outcome"))
	d := review.Decision{Outcome: outcome, Note: r.PostForm.Get(string(outcome) + ".note")}
	switch outcome {
	case review.Cancel:
		d.Reason = r.PostForm.Get("cancel.reason")
	case review.CorrectAddress:
		a := addressFrom(r.PostForm)
		d.Address = &a
	}
	_, err := c.cfg.Review.Decide(r.Context(), id, d)
	switch {
	case err == nil:
		done(w, r, "/review", "review_"+string(outcome))
	case errs.Is(err, errs.Invalid):
		c.reviewDecideAgain(w, r, s, http.StatusUnprocessableEntity, err)
	case errs.Is(err, errs.Conflict) && len(errs.FieldsOf(err)) > 0:
		c.reviewDecideAgain(w, r, s, http.StatusConflict, err) // the corrected address is not served
	default:
		c.reviewFailed(w, r, s, id, err)
	}
}

// reviewDecideAgain shows the task page again with what was typed and each
// problem at its input.
func (c *Console) reviewDecideAgain(w http.ResponseWriter, r *http.Request, s people.Session, status int, err error) {
	if v, ok := c.reviewTaskView(w, r, s); ok {
		c.formAgain(w, r, s, "reviewtask", v, "outcome", status, err, "note", "reason")
	}
}

// addressForm fills the correct-address form with a.
func addressForm(a address.Address) map[string]string {
	return map[string]string{"address.name": a.Name, "address.company": a.Company, "address.line1": a.Line1,
		"address.line2": a.Line2, "address.district": a.District, "address.city": a.City, "address.region": a.Region,
		"address.postal_code": a.PostalCode, "address.country": a.Country}
}

// addressFrom reads the correct-address form.
func addressFrom(f url.Values) address.Address {
	get := func(name string) string { return f.Get("address." + name) }
	return address.Address{Name: get("name"), Company: get("company"), Line1: get("line1"), Line2: get("line2"),
		District: get("district"), City: get("city"), Region: get("region"), PostalCode: get("postal_code"),
		Country: get("country")}
}

var reviewDecideMessages = map[string]map[string]string{
	"en": {
		"review.decide":               "Decide",
		"review.approve":              "Approve the order",
		"review.approve_help":         "The order goes on to its warehouses once no other task holds it.",
		"review.correct":              "Correct the shipping address",
		"review.correct_help":         "Type the address as the customer confirmed it; it is checked for its country and the order is sourced again.",
		"review.cancel":               "Cancel the order",
		"review.cancel_help":          "The customer is told; the order's stock and coupons are given back.",
		"review.approve.note":         "Note (what you checked)",
		"review.correct_address.note": "Note",
		"review.cancel.note":          "Note",
		"review.cancel.reason":        "Reason (shown on the order's timeline)",
		"review.address.name":         "Name",
		"review.address.company":      "Company",
		"review.address.line1":        "Address line 1",
		"review.address.line2":        "Address line 2",
		"review.address.district":     "District",
		"review.address.city":         "City",
		"review.address.region":       "State or province",
		"review.address.postal_code":  "Postal code",
		"review.address.country":      "Country (2 letters)",
		"review.submit.approve":       "Approve",
		"review.submit.correct":       "Save the address and approve",
		"review.submit.cancel":        "Cancel the order",
		"done.review_approve":         "Approved: the order goes on.",
		"done.review_correct_address": "The address is corrected and the order goes on.",
		"done.review_cancel":          "The order is cancelled.",
		"review.decide_problems":      "The decision was not saved; see the problems below.",
	},
	"zh": {
		"review.decide":               "决定",
		"review.approve":              "批准订单",
		"review.approve_help":         "没有其他任务阻挡时，订单将发往仓库。",
		"review.correct":              "更正收货地址",
		"review.correct_help":         "请输入客户确认的地址；系统会按国家校验地址，并重新为订单选择仓库。",
		"review.cancel":               "取消订单",
		"review.cancel_help":          "系统会通知客户；订单占用的库存和优惠券将被退回。",
		"review.approve.note":         "备注（您核实的内容）",
		"review.correct_address.note": "备注",
		"review.cancel.note":          "备注",
		"review.cancel.reason":        "原因（显示在订单时间线上）",
		"review.address.name":         "收件人",
		"review.address.company":      "公司",
		"review.address.line1":        "地址第一行",
		"review.address.line2":        "地址第二行",
		"review.address.district":     "区",
		"review.address.city":         "城市",
		"review.address.region":       "州或省",
		"review.address.postal_code":  "邮政编码",
		"review.address.country":      "国家（两个字母）",
		"review.submit.approve":       "批准",
		"review.submit.correct":       "保存地址并批准",
		"review.submit.cancel":        "取消订单",
		"done.review_approve":         "已批准：订单继续处理。",
		"done.review_correct_address": "地址已更正，订单继续处理。",
		"done.review_cancel":          "订单已取消。",
		"review.decide_problems":      "决定未保存；请查看下方的问题。",
	},
}
