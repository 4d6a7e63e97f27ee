package console

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/money"
	"github.com/waybill/waybill/internal/people"
	"github.com/waybill/waybill/internal/track"
)

// casePageData is the case page: the case with its parcel, the playbook's
// actions as forms (for its holder), the outcomes to close with and the
// case's history.
type casePageData struct {
	Case                         track.CaseView
	Kind, Status, Due, Outcome   string
	ParcelStatus                 string
	Plays                        []casePlay
	Outcomes                     []choice
	Events                       []caseLine
	History                      []caseLine
	CanClaim, CanRelease, CanAct bool
	AddressFields                []string
}

// casePlay is one playbook action's form.
type casePlay struct{ Action, Title, Why string }

// caseLine is one row of the parcel's events or the case's history.
type caseLine struct{ At, What, Who string }

// casePage shows one case, as get-tracking-case does.
func (c *Console) casePage(w http.ResponseWriter, r *http.Request, s people.Session) {
	if v, ok := c.caseView(w, r, s); ok {
		c.render(w, r, http.StatusOK, "case", v)
	}
}

// caseView reads the case of the path's id into the page's view, the
// address form filled with the order's address; when it cannot, it
// answers (404, or unexpected) and reports false.
func (c *Console) caseView(w http.ResponseWriter, r *http.Request, s people.Session) (view, bool) {
	locale := s.Person.Locale
	id := r.PathValue("id")
	cv, err := c.cfg.Tracking.GetCase(r.Context(), id)
	if err != nil {
		c.caseFailed(w, r, s, err)
		return view{}, false
	}
	o, err := c.cfg.Orders.Get(r.Context(), cv.OrderID)
	if err != nil {
		c.internal(w, r, locale, err)
		return view{}, false
	}
	me, _ := actor.From(r.Context())
	open := cv.Status == track.CaseOpen
	holder := open && cv.ClaimedBy != "" && (cv.ClaimedBy == me.ID || me.Role == actor.Admin)
	d := casePageData{Case: cv, Kind: word(locale, "cases.kind.", cv.Kind), Status: word(locale, "case.status.", cv.Status),
		Due: stamp(cv.DueAt), CanClaim: open && cv.ClaimedBy == "", CanRelease: holder, CanAct: holder,
		Outcomes: choices(locale, "case.outcome.", track.Outcomes), AddressFields: reviewAddressFields}
	if cv.Outcome != "" {
		d.Outcome = word(locale, "case.outcome.", cv.Outcome)
	}
	for _, p := range cv.Playbook {
		d.Plays = append(d.Plays, casePlay{Action: p.Action, Title: word(locale, "case.act.", p.Action), Why: word(locale, "case.why.", p.Action)})
	}
	if cv.Parcel != nil {
		d.ParcelStatus = cv.Parcel.Status
		for _, e := range cv.Parcel.Events {
			d.Events = append(d.Events, caseLine{At: stamp(e.OccurredAt), What: strings.TrimSpace(e.Status + " " + e.Reason + " " + e.Description),
				Who: e.Location})
		}
	}
	for _, st := range cv.History {
		what := word(locale, "case.step.", st.Action)
		if st.AmountMinor != nil {
			what += " · " + money.Format(*st.AmountMinor, st.Currency)
		}
		if st.Note != "" {
			what += ": " + st.Note
		}
		who := st.ActorName
		if who == "" {
			who = st.ActorID
		}
		d.History = append(d.History, caseLine{At: stamp(st.At), What: what, Who: who})
	}
	form := addressForm(o.ShippingAddress)
	return view{Locale: locale, Title: text(locale, "case.title") + " · " + d.Kind, Person: &s.Person, Can: c.can(s.Person.Role),
		Form: form, Data: d}, true
}

// caseClaim gives the open case to the person, as claim-tracking-case does.
func (c *Console) caseClaim(w http.ResponseWriter, r *http.Request, s people.Session) {
	id := r.PathValue("id")
	if _, err := c.cfg.Tracking.ClaimCase(r.Context(), id); err != nil {
		c.caseFailed(w, r, s, err)
		return
	}
	done(w, r, "/cases/"+id, "case_claimed")
}

// caseRelease gives the case back to the queue, as release-tracking-case does.
func (c *Console) caseRelease(w http.ResponseWriter, r *http.Request, s people.Session) {
	id := r.PathValue("id")
	if _, err := c.cfg.Tracking.ReleaseCase(r.Context(), id); err != nil {
		c.caseFailed(w, r, s, err)
		return
	}
	done(w, r, "/cases", "case_released")
}

// caseAct takes one playbook action, as act-on-tracking-case does: each
// action has its own form, its inputs named "<action>.note",
// "<action>.amount_minor" and "address.<field>", so a problem shows at the
// input of the form that was sent.
func (c *Console) caseAct(w http.ResponseWriter, r *http.Request, s people.Session) {
	if !c.form(w, r, s.Person.Locale) {
		return
	}
	id, action := r.PathValue("id"), r.PostForm.Get("action")
	in := track.ActIn{Action: action, Note: r.PostForm.Get(action + ".note")}
	if action == track.ActCorrectAddress {
		a := addressFrom(r.PostForm)
		in.Address = &a
	}
	if raw := strings.TrimSpace(r.PostForm.Get(action + ".amount_minor")); raw != "" {
		n, err := strconv.ParseInt(raw, 10, 64)
		if err != nil || n <= 0 {
			c.caseAgain(w, r, s, http.StatusUnprocessableEntity, errs.Field("amount_minor", errs.CodeFormat,
				"%s", text(s.Person.Locale, "case.amount_invalid")))
			return
		}
		in.AmountMinor = n
	}
	_, err := c.cfg.Tracking.Act(r.Context(), id, in)
	switch {
	case err == nil:
		done(w, r, "/cases/"+id, "case_acted")
	case errs.Is(err, errs.Invalid):
		c.caseAgain(w, r, s, http.StatusUnprocessableEntity, err)
	default:
		c.caseFailed(w, r, s, err)
	}
}

// caseClose closes the case with its outcome, as close-tracking-case does.
func (c *Console) caseClose(w http.ResponseWriter, r *http.Request, s people.Session) {
	if !c.form(w, r, s.Person.Locale) {
		return
	}
	id := r.PathValue("id")
	_, err := c.cfg.Tracking.CloseCase(r.Context(), id, track.CloseIn{Outcome: r.PostForm.Get("outcome"), Note: r.PostForm.Get("close.note")})
	switch {
	case err == nil:
		done(w, r, "/cases", "case_closed")
	case errs.Is(err, errs.Invalid):
		r.PostForm.Set("action", "close")
		c.caseAgain(w, r, s, http.StatusUnprocessableEntity, err)
	default:
		c.caseFailed(w, r, s, err)
	}
}

// caseAgain shows the case page again with what was typed and each
// problem at its input.
func (c *Console) caseAgain(w http.ResponseWriter, r *http.Request, s people.Session, status int, err error) {
	v, ok := c.caseView(w, r, s)
	if !ok {
		return
	}
	for k := range r.PostForm {
		v.Form[k] = r.PostForm.Get(k)
	}
	action := r.PostForm.Get("action")
	v.Errors = map[string]string{}
	for path, msg := range fieldErrors(s.Person.Locale, err) {
		switch path {
		case "note", "amount_minor":
			path = action + "." + path
		}
		v.Errors[path] = msg
	}
	c.render(w, r, status, "case", v)
}

// caseFailed answers a store's refusal: no such case 404, a state that
// forbids the action 409, another's case 403, with the store's sentence
// (it names who holds the case); anything else is unexpected.
func (c *Console) caseFailed(w http.ResponseWriter, r *http.Request, s people.Session, err error) {
	locale := s.Person.Locale
	var e *errs.Error
	msg := err.Error()
	if errors.As(err, &e) {
		msg = e.Message
	}
	switch errs.KindOf(err) {
	case errs.NotFound:
		c.reviewRefuse(w, r, s, http.StatusNotFound, text(locale, "case.not_found"))
	case errs.Conflict:
		c.reviewRefuse(w, r, s, http.StatusConflict, msg)
	case errs.Forbidden:
		c.reviewRefuse(w, r, s, http.StatusForbidden, msg)
	default:
		c.internal(w, r, locale, err)
	}
}

var caseMessages = map[string]map[string]string{
	"en": {
		"case.title":                 "Case",
		"case.the_case":              "The case",
		"case.back":                  "Back to the cases",
		"case.order":                 "Order",
		"case.order_status":          "Order status",
		"case.parcel":                "Parcel",
		"case.status":                "Status",
		"case.status.open":           "open",
		"case.status.closed":         "closed",
		"case.claim":                 "Claim this case",
		"case.claim_first":           "Claim the case to act on it.",
		"case.playbook":              "Playbook",
		"case.act.contact_customer":  "Contact the customer",
		"case.act.correct_address":   "Correct the address and tell the carrier",
		"case.act.reship":            "Reship",
		"case.act.carrier_claim":     "Claim against the carrier",
		"case.act.refund":            "Refund",
		"case.why.contact_customer":  "Call or write to the customer; note what was said and agreed.",
		"case.why.correct_address":   "The address was wrong or incomplete.",
		"case.why.reship":            "The goods must go out again (lost, damaged, not what was ordered).",
		"case.why.carrier_claim":     "The carrier lost, damaged or delayed the parcel: claim the amount from it.",
		"case.why.refund":            "Pay the customer back: the amount becomes refund due on the order.",
		"case.note":                  "Note",
		"case.contact_note":          "What was said",
		"case.amount":                "Amount in minor units (cents)",
		"case.amount_invalid":        "Type the amount as a whole number of minor units, such as 1250 for 12.50.",
		"case.correct_help":          "The order's address changes now. Waybill cannot send it to the carrier (its adapter has no call for it): the case records that you must tell the carrier yourself.",
		"case.reship_help":           "Recorded as a request on the case and the order's timeline; the warehouse sends the items again.",
		"case.submit":                "Record",
		"case.close":                 "Close the case",
		"case.outcome":               "Outcome",
		"case.outcome.resolved":      "resolved",
		"case.outcome.delivered":     "delivered after all",
		"case.outcome.reshipped":     "reshipped",
		"case.outcome.refunded":      "refunded",
		"case.outcome.claimed":       "claimed from the carrier",
		"case.outcome.returned":      "returned",
		"case.outcome.no_action":     "no action needed",
		"case.events":                "Carrier events",
		"case.where":                 "Where",
		"case.history":               "History",
		"case.step.opened":           "opened",
		"case.step.claimed":          "claimed",
		"case.step.released":         "given back",
		"case.step.contact_customer": "customer contacted",
		"case.step.correct_address":  "address corrected",
		"case.step.tell_carrier":     "carrier to be told",
		"case.step.reship":           "reship requested",
		"case.step.carrier_claim":    "claim against the carrier",
		"case.step.refund":           "refund due",
		"case.step.closed":           "closed",
		"case.not_found":             "There is no such case.",
		"case.problems":              "Nothing was recorded; see the problems below.",
		"done.case_claimed":          "The case is yours now; act on it below.",
		"done.case_released":         "The case is back in the queue for anyone to claim.",
		"done.case_acted":            "Recorded in the case's history.",
		"done.case_closed":           "The case is closed.",
	},
	"zh": {
		"case.title":                 "工单",
		"case.the_case":              "工单",
		"case.back":                  "返回工单列表",
		"case.order":                 "订单",
		"case.order_status":          "订单状态",
		"case.parcel":                "包裹",
		"case.status":                "状态",
		"case.status.open":           "处理中",
		"case.status.closed":         "已关闭",
		"case.claim":                 "认领此工单",
		"case.claim_first":           "认领此工单后才能处理。",
		"case.playbook":              "处理方案",
		"case.act.contact_customer":  "联系客户",
		"case.act.correct_address":   "更正地址并通知承运商",
		"case.act.reship":            "重新发货",
		"case.act.carrier_claim":     "向承运商索赔",
		"case.act.refund":            "退款",
		"case.why.contact_customer":  "致电或写信给客户；记录沟通和约定的内容。",
		"case.why.correct_address":   "地址有误或不完整。",
		"case.why.reship":            "需要重新发出商品（丢失、破损或发错）。",
		"case.why.carrier_claim":     "承运商丢失、损坏或延误了包裹：向其索赔相应金额。",
		"case.why.refund":            "向客户退款：该金额计入订单的应退款。",
		"case.note":                  "备注",
		"case.contact_note":          "沟通内容",
		"case.amount":                "金额（最小货币单位，如美分）",
		"case.amount_invalid":        "请以最小货币单位的整数输入金额，例如 12.50 输入 1250。",
		"case.correct_help":          "订单地址将立即更改。Waybill 无法把新地址发送给承运商（其接口没有此功能）：工单会记录需由您亲自通知承运商。",
		"case.reship_help":           "作为请求记录在工单和订单时间线上；由仓库重新发出商品。",
		"case.submit":                "记录",
		"case.close":                 "关闭工单",
		"case.outcome":               "结果",
		"case.outcome.resolved":      "已解决",
		"case.outcome.delivered":     "最终已送达",
		"case.outcome.reshipped":     "已重新发货",
		"case.outcome.refunded":      "已退款",
		"case.outcome.claimed":       "已向承运商索赔",
		"case.outcome.returned":      "已退回",
		"case.outcome.no_action":     "无需处理",
		"case.events":                "承运商事件",
		"case.where":                 "地点",
		"case.history":               "历史记录",
		"case.step.opened":           "创建",
		"case.step.claimed":          "已认领",
		"case.step.released":         "已退回队列",
		"case.step.contact_customer": "已联系客户",
		"case.step.correct_address":  "地址已更正",
		"case.step.tell_carrier":     "需通知承运商",
		"case.step.reship":           "已申请重新发货",
		"case.step.carrier_claim":    "向承运商索赔",
		"case.step.refund":           "应退款",
		"case.step.closed":           "已关闭",
		"case.not_found":             "没有这个工单。",
		"case.problems":              "未记录；请查看下方的问题。",
		"done.case_claimed":          "工单已归您处理；请在下方处理。",
		"done.case_released":         "工单已退回队列，任何人都可以认领。",
		"done.case_acted":            "已记入工单历史。",
		"done.case_closed":           "工单已关闭。",
	},
}
