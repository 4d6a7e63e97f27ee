package notify

import (
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/order"
)

// ParcelNotice is what a tracking notice tells a customer about one parcel
// of their order: the carrier tried to deliver it (order.AttemptedMessage),
// it waits at a pickup point (order.PickupMessage), or it is late
// (order.DelayedMessage). Reason is the carrier's normalised reason
// (no_one_home, address, refused, delayed, weather, customs...); the
// notice turns it into what happens next, never into the carrier's words.
type ParcelNotice struct {
	Message        order.Message `json:"message"`
	OrderNumber    string        `json:"order_number"`
	Locale         string        `json:"locale"`
	CustomerName   string        `json:"customer_name"`
	Carrier        string        `json:"carrier"`
	TrackingNumber string        `json:"tracking_number"`
	Reason         string        `json:"reason,omitempty"`
	Location       string        `json:"location,omitempty"`     // where a pickup parcel waits
	PromisedDate   time.Time     `json:"promised_date,omitzero"` // the delivery date promised at shipping
	NewEstimate    time.Time     `json:"new_estimate,omitzero"`  // the carrier's new date for a late parcel
	URL            string        `json:"url,omitempty"`          // the parcel's tracking page
}

// parcelView is a tracking notice as its templates see it: every date
// formatted and every sentence that depends on the reason already chosen.
type parcelView struct {
	OrderNumber, CustomerName, Carrier, TrackingNumber, Location, URL string
	Promised, SMSPromised, Estimate, SMSEstimate                      string // empty when unknown
	Cause, NextStep                                                   string // one sentence each, in the notice's language
	SMSNext                                                           string // the next step, short enough for an SMS
}

// RenderParcel writes a tracking notice in the customer's language; like
// Render it is a pure function of its input, and an inconsistent input is
// errs.Invalid naming the field.
func (r *Renderer) RenderParcel(n ParcelNotice) (Rendered, error) {
	var f errs.Fields
	t, ok := r.parcel[n.Message]
	if !ok {
		f.Add("message", errs.CodeUnknown, "%q is not a tracking notice", errs.Clip(string(n.Message)))
	}
	if n.OrderNumber == "" || len(n.OrderNumber) > maxOrderNumber || strings.IndexFunc(n.OrderNumber, notPrintableASCII) >= 0 {
		f.Add("order_number", errs.CodeFormat, "an order number of printable ASCII is required")
	}
	if n.TrackingNumber == "" || len(n.TrackingNumber) > 64 || strings.IndexFunc(n.TrackingNumber, notPrintableASCII) >= 0 {
		f.Add("tracking_number", errs.CodeFormat, "a tracking number of printable ASCII is required")
	}
	if u, err := url.Parse(n.URL); n.URL != "" && (err != nil || (u.Scheme != "https" && u.Scheme != "http")) {
		f.Add("url", errs.CodeFormat, "a tracking link must be an http(s) URL")
	}
	if err := f.Err(); err != nil {
		return Rendered{}, err
	}
	lang, _ := language(n.Locale)
	v := parcelView{OrderNumber: n.OrderNumber, CustomerName: clean(n.CustomerName), Carrier: clean(n.Carrier),
		TrackingNumber: n.TrackingNumber, Location: clean(n.Location), URL: n.URL}
	if !n.PromisedDate.IsZero() {
		v.Promised, v.SMSPromised = formatDate(n.PromisedDate, lang)
	}
	if !n.NewEstimate.IsZero() {
		v.Estimate, v.SMSEstimate = formatDate(n.NewEstimate, lang)
	}
	v.Cause, v.NextStep = parcelSentences(n.Message, n.Reason, lang)
	v.SMSNext = smsNextStep(n.Reason, lang)
	return execute(t.text[lang], t.html[lang], v, Rendered{OrderNumber: n.OrderNumber, Locale: lang})
}

// parcelSentences say why the notice comes (cause) and what the customer
// may do (next), by the carrier's normalised reason.
func parcelSentences(m order.Message, reason, lang string) (cause, next string) {
	zh := lang == "zh"
	pick := func(en, cn string) string {
		if zh {
			return cn
		}
		return en
	}
	switch m {
	case order.AttemptedMessage:
		switch reason {
		case "address":
			return pick("The carrier could not find your address.", "承运商未能找到您的地址。"),
				pick("Please reply to this e-mail with your full address (street, number, floor) and we will pass it to the carrier.",
					"请回复本邮件告知完整地址（街道、门牌号、楼层），我们会转告承运商。")
		case "refused":
			return pick("The parcel was refused at the door.", "包裹在门口被拒收。"),
				pick("If that was a mistake, reply to this e-mail within two days; otherwise the parcel comes back to us and we will be in touch.",
					"如属误会，请在两天内回复本邮件；否则包裹将退回给我们，我们会再与您联系。")
		case "no_one_home":
			return pick("No one was home to receive it.", "收件时无人在家。"),
				pick("The carrier will try again, usually on the next working day. If no one will be home, you can arrange another day with the carrier using your tracking number.",
					"承运商通常会在下一个工作日再次派送。如届时仍无人在家，您可以凭运单号与承运商另约时间。")
		}
		return pick("The carrier could not deliver it.", "承运商未能成功派送。"),
			pick("The carrier will try again, usually on the next working day.", "承运商通常会在下一个工作日再次派送。")
	case order.PickupMessage:
		return "", pick("Please bring an identity document and your tracking number. Parcels not collected in time go back to the sender.",
			"取件时请携带身份证件和运单号。逾期未取的包裹将退回寄件人。")
	}
	switch reason {
	case "weather":
		cause = pick("Bad weather is holding up deliveries.", "恶劣天气影响了派送。")
	case "customs":
		cause = pick("Your parcel is being checked by customs.", "您的包裹正在接受海关查验。")
	default:
		cause = pick("Your parcel is held up in the carrier's network.", "您的包裹在承运商的运输途中延误。")
	}
	return cause, pick("You do not need to do anything; it is on its way.", "您无需做任何事，包裹仍在运送途中。")
}

// smsNextStep is an attempted delivery's next step in a few words.
func smsNextStep(reason, lang string) string {
	switch {
	case reason == "address" && lang == "zh":
		return "请回复告知完整地址。"
	case reason == "address":
		return "Please contact us with your full address."
	case reason == "refused" && lang == "zh":
		return "如属误会，请尽快联系我们。"
	case reason == "refused":
		return "If that was a mistake, contact us soon."
	case lang == "zh":
		return "承运商将再次派送。"
	}
	return "The carrier will try again."
}

// parcelFiles names each tracking notice's template files.
var parcelFiles = map[order.Message]string{order.AttemptedMessage: "attempted", order.PickupMessage: "pickup",
	order.DelayedMessage: "delayed"}

// parseParcelTemplates parses the tracking notices' templates.
func parseParcelTemplates() (map[order.Message]messageTemplates, error) {
	out := map[order.Message]messageTemplates{}
	for m, file := range parcelFiles {
		t, err := parseMessageTemplates(file, string(m))
		if err != nil {
			return nil, err
		}
		out[m] = t
	}
	return out, nil
}

// probeParcel renders every tracking notice once in lang, with every
// optional part present, so a template mistake stops the binary at start.
func (r *Renderer) probeParcel(lang string) error {
	for m := range parcelFiles {
		n := ParcelNotice{Message: m, OrderNumber: "PROBE-1", Locale: lang, CustomerName: "Probe", Carrier: "Probe",
			TrackingNumber: "PR1", Location: "Probe", URL: "https://example.com/track/PR1",
			PromisedDate: time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC), NewEstimate: time.Date(2026, 1, 3, 0, 0, 0, 0, time.UTC)}
		if _, err := r.RenderParcel(n); err != nil {
			return fmt.Errorf("%s templates fail on a sample: %w", m, err)
		}
	}
	return nil
}
