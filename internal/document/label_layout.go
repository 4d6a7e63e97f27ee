package document

import (
	"fmt"
	"strings"

	"github.com/waybill/waybill/internal/address"
	"github.com/waybill/waybill/internal/paper"
)

// The label's page: 4 x 6 inches, portrait, 3 mm margins.
const (
	labelW      = 101.6
	labelH      = 152.4
	labelMargin = 3.0
	labelInner  = labelW - 2*labelMargin
)

// mark is one thing drawn on a label, in millimetres from its top left.
// Both renderers draw the same marks, so the PDF and the ZPL label agree.
type mark struct {
	kind       markKind
	x, y, w, h float64 // h: bar height, the QR code's side, a rule's thickness
	text       string
	size       float64 // points, for text
	min        float64 // the smallest size text may shrink to before it is cut
	bold       bool
	align      paper.Align
}

type markKind int

const (
	textMark    markKind = iota // one line, cut to w with an ellipsis
	code128Mark                 // the tracking number's bars, quiet zones inside w
	qrMark                      // a QR code in a w x w square, quiet zone inside
	ruleMark                    // a horizontal rule h mm thick
)

// layout places a checked label's contents, al being its addresses' lines.
func layout(l Label, al addressLines) []mark {
	ms := make([]mark, 0, 40) // a label has about 30
	text := func(x, y, w float64, s string, size float64, bold bool) {
		ms = append(ms, mark{kind: textMark, x: x, y: y, w: w, text: s, size: size, min: size, bold: bold})
	}
	rule := func(y float64) {
		ms = append(ms, mark{kind: ruleMark, x: labelMargin, y: y, w: labelInner, h: 0.5})
	}
	lineH := func(size float64) float64 { return paper.Style{Size: size}.LineHeight() }

	// Top band: the sender, small, and the carrier, service, weight and
	// parcel count.
	zh := chinese(l.Sender.Country) || chinese(l.Recipient.Country)
	say := func(en, cn string) string {
		if zh {
			return en + " " + cn
		}
		return en
	}
	from := say("FROM", "寄件人")
	if l.Return {
		from = say("FROM (customer)", "寄件人（客户）")
	}
	text(labelMargin, 3, 58, from, 6, true)
	y := 6.0
	for _, s := range party(al.sender, l.Sender.Country, l.SenderPhone, say("Tel", "电话"), l.Recipient.Country, 5) {
		text(labelMargin, y, 58, s, 7, false)
		y += lineH(7)
	}
	ms = append(ms, mark{kind: textMark, x: 63, y: 3, w: 35.6, text: l.Carrier, size: 16, min: 9, bold: true, align: paper.Right})
	right := func(y float64, s string, size float64) {
		ms = append(ms, mark{kind: textMark, x: 63, y: y, w: 35.6, text: s, size: size, min: size, align: paper.Right})
	}
	right(11, l.Service, 9)
	if l.WeightGrams > 0 {
		right(16, say("Weight", "重量")+" "+weight(l.WeightGrams), 8)
	}
	right(21, fmt.Sprintf("%s %d / %d", say("Parcel", "包裹"), l.Parcel, l.Parcels), 9)
	rule(28)

	// The recipient, large, in the destination's format.
	to := say("SHIP TO", "收件人")
	if l.Return {
		to = say("RETURN TO", "退货地址")
	}
	text(labelMargin, 29, labelInner, to, 7, true)
	y = 33
	for i, s := range party(al.recipient, l.Recipient.Country, l.RecipientPhone, say("Tel", "电话"), l.Sender.Country, 8) {
		text(labelMargin, y, labelInner, s, 10, i == 0 || l.Return)
		y += lineH(10)
	}
	rule(76)

	// The sort code for the hub, the order, and the QR code.
	text(labelMargin, 78, 60, say("SORT", "分拣码"), 6, true)
	ms = append(ms, mark{kind: textMark, x: labelMargin, y: 81, w: 60, text: l.SortCode, size: 28, min: 12, bold: true})
	text(labelMargin, 97, 60, say("Order", "订单")+" "+l.OrderNumber, 9, false)
	if l.Return {
		text(labelMargin, 103, 60, say("RETURN", "退货"), 14, true)
	}
	ms = append(ms, mark{kind: qrMark, x: 66, y: 77.5, w: 32.6})
	rule(111)

	// The tracking number, as bars and as text.
	text(labelMargin, 112, labelInner, say("TRACKING", "运单号"), 6, true)
	ms = append(ms, mark{kind: code128Mark, x: labelMargin, y: 116, w: labelInner, h: 18})
	ms = append(ms, mark{kind: textMark, x: labelMargin, y: 135, w: labelInner, text: l.Tracking, size: 11, min: 11, bold: true, align: paper.Center})
	rule(141)

	// References at the foot.
	y = 142
	for _, r := range l.References {
		text(labelMargin, y, labelInner, r.Name+": "+r.Value, 6, false)
		y += lineH(6)
	}
	return ms
}

// party is an address's lines, then the phone, then the country's name
// when it is not home (the other party's country). Lines past limit are
// joined onto the last one with commas, so nothing is dropped unseen.
func party(lines []string, country, phone, tel, home string, limit int) []string {
	lines = append([]string(nil), lines...)
	if phone != "" {
		lines = append(lines, tel+" "+phone)
	}
	if country != "" && !strings.EqualFold(country, home) {
		if name, ok := address.CountryName(country); ok {
			lines = append(lines, name)
		}
	}
	if len(lines) > limit {
		lines = append(lines[:limit-1], strings.Join(lines[limit-1:], ", "))
	}
	return lines
}

// chinese reports the countries whose post and couriers read Chinese: a
// label to or from them carries its captions in Chinese too.
func chinese(country string) bool {
	switch strings.ToUpper(country) {
	case "CN", "TW", "HK", "MO":
		return true
	}
	return false
}
