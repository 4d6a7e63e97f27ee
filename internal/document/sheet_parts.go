package document

import (
	"fmt"

	"github.com/waybill/waybill/internal/address"
	"github.com/waybill/waybill/internal/paper"
)

// captions are the fixed words of a slip or an invoice, in both languages.
const captions = "Order 订单号 Invoice 发票号 Date 日期 Currency 币种 Page 页 Seller 卖方 Buyer 买方 Ship to 收货地址 " +
	"Tel 电话 Tax ID 税号 Subtotal 小计 Shipping 运费 Total 合计 I declare that the information on this invoice is true and correct. " +
	"本人声明本发票所列信息真实无误。 0123456789.,-/%()"

// sheetHeader draws what every page repeats: the title, the numbers and
// date, the page count and, on a slip, the order number's barcode.
func sheetHeader(d *paper.Doc, inv Invoice, k sheetKind, page, pages int) error {
	d.Text(sheetMargin, 10, 110, k.title, paper.Style{Size: 16, Bold: true})
	info := "Order 订单号 " + inv.OrderNumber
	if inv.Number != "" {
		info += "   Invoice 发票号 " + inv.Number
	}
	d.Text(sheetMargin, 18.5, 120, info, paper.Style{Size: 9})
	date := ""
	if !inv.Date.IsZero() {
		date = "Date 日期 " + inv.Date.Format("2006-01-02") + "   "
	}
	d.Text(sheetMargin, 23, 120, date+"Currency 币种 "+inv.Currency, paper.Style{Size: 9})
	d.Text(140, 24, 58, fmt.Sprintf("Page 页 %d / %d", page, pages), paper.Style{Size: 8, Align: paper.Right})
	if k.barcode {
		if _, err := d.Barcode(128, 8, 70, 12, inv.OrderNumber); err != nil {
			return fmt.Errorf("the order number's barcode: %w", err)
		}
	}
	d.Line(sheetMargin, 28.5, 210-sheetMargin, 28.5, 0.4)
	return nil
}

// parties draws the seller, the buyer and the shipping address side by
// side on the first page.
func parties(d *paper.Doc, inv Invoice) {
	blocks := []struct {
		head  string
		lines []string
	}{
		{"Seller 卖方", partyBlock(inv.Seller)},
		{"Buyer 买方", partyBlock(inv.Buyer)},
		{"Ship to 收货地址", shipTo(inv.ShipTo)},
	}
	for i, b := range blocks {
		x := sheetMargin + float64(i)*62
		d.Text(x, 31, 60, b.head, paper.Style{Size: 8, Bold: true})
		for j, s := range b.lines {
			if j == 9 {
				break
			}
			d.Text(x, 34.5+float64(j)*smallStyle.LineHeight(), 60, s, smallStyle)
		}
	}
}

// partyBlock is a party's address in its country's format, its country's
// name, and its contacts and tax number.
func partyBlock(p Party) []string {
	lines := shipTo(p.Address)
	if p.Phone != "" {
		lines = append(lines, "Tel 电话 "+p.Phone)
	}
	if p.Email != "" {
		lines = append(lines, p.Email)
	}
	if p.TaxID != "" {
		lines = append(lines, "Tax ID 税号 "+p.TaxID)
	}
	return lines
}

// shipTo is an address's lines and its country's name.
func shipTo(a address.Address) []string {
	lines := address.Lines(a)
	if name, ok := address.CountryName(a.Country); ok {
		lines = append(lines, name)
	}
	return lines
}

// summaryLine is one line under the table: a caption and an amount.
type summaryLine struct {
	caption, value string
	bold           bool
}

// summaryLines are the subtotal, shipping, each tax and the total.
func summaryLines(inv Invoice, t totals) []summaryLine {
	out := []summaryLine{{"Subtotal 小计", amount(t.subtotal, inv.Currency), false}}
	if inv.Shipping > 0 {
		out = append(out, summaryLine{"Shipping 运费", amount(inv.Shipping, inv.Currency), false})
	}
	for _, x := range inv.Taxes {
		out = append(out, summaryLine{x.Name + " " + rate(x.RateBasisPt), amount(x.Amount, inv.Currency), false})
	}
	return append(out, summaryLine{"Total 合计 (" + inv.Currency + ")", amount(t.total, inv.Currency), true})
}

// drawSummary draws the totals right-aligned under the table from y and,
// on an invoice, the declaration customs asks for.
func drawSummary(d *paper.Doc, lines []summaryLine, y float64, declare bool) {
	step := smallStyle.LineHeight() * 1.3
	for _, l := range lines {
		st := paper.Style{Size: 9, Bold: l.bold, Align: paper.Right}
		d.Text(90, y, 78, l.caption, st)
		d.Text(168, y, 29, l.value, st)
		y += step
	}
	if declare {
		y += 4
		d.Text(sheetMargin, y, 186, "I declare that the information on this invoice is true and correct.", smallStyle)
		d.Text(sheetMargin, y+smallStyle.LineHeight(), 186, "本人声明本发票所列信息真实无误。", smallStyle)
	}
}
