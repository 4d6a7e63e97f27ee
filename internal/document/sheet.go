package document

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/waybill/waybill/internal/address"
	"github.com/waybill/waybill/internal/paper"
)

// sheetKind is which A4 document an Invoice is printed as.
type sheetKind struct {
	title    string // English and Chinese
	barcode  bool   // the order number as Code 128 on every page
	declare  bool   // the exporter's declaration under the totals
	needsNum bool   // the invoice number is required
}

// The A4 page: 12 mm margins, the table's columns in mm.
const (
	sheetMargin = 12.0
	sheetBottom = 297 - 14.0
	rowPad      = 1.2
)

// column is one of the line table's columns.
type column struct {
	en, zh string
	w      float64
	align  paper.Align
}

var columns = [...]column{
	{"SKU", "货号", 27, paper.Left},
	{"Description", "品名", 55, paper.Left},
	{"HS code", "海关编码", 20, paper.Left},
	{"Origin", "原产地", 14, paper.Left},
	{"Qty", "数量", 14, paper.Right},
	{"Unit price", "单价", 28, paper.Right},
	{"Amount", "金额", 28, paper.Right},
}

var (
	cellStyle  = paper.Style{Size: 8}
	headStyle  = paper.Style{Size: 7, Bold: true}
	smallStyle = paper.Style{Size: 8}
)

// row is one table line set for print: its cells, the description wrapped.
type row struct {
	cells []string
	name  []string
	h     float64
}

// renderSheet prints inv as a slip or an invoice: a header on every page
// (title, numbers, date, page n of m, the slip's barcode), the parties on
// the first, the line table with its column header repeated on every page,
// then the totals and, on an invoice, the declaration.
func renderSheet(inv Invoice, k sheetKind, o Options) ([]byte, error) {
	t, err := inv.check(k.needsNum)
	if err != nil {
		return nil, err
	}
	d, err := paper.New(paper.Options{Title: k.title + " " + inv.OrderNumber, Created: o.Created, Text: sheetText(inv, k)})
	if err != nil {
		return nil, err
	}
	rows := make([]row, len(inv.Lines))
	for i, l := range inv.Lines {
		origin := strings.ToUpper(l.Origin)
		rows[i] = row{
			cells: []string{l.SKU, "", l.HSCode, origin, fmt.Sprint(l.Quantity), amount(l.UnitPrice, inv.Currency), amount(t.lines[i], inv.Currency)},
			name:  d.Wrap(l.Name, cellStyle, columns[1].w-2, 3),
		}
		rows[i].h = float64(max(len(rows[i].name), 1))*cellStyle.LineHeight() + 2*rowPad
	}
	summary := summaryLines(inv, t)
	summaryH := float64(len(summary))*smallStyle.LineHeight()*1.3 + 4
	if k.declare {
		summaryH += 14
	}
	// Paginate: the first page's table starts under the parties.
	partyLines := max(len(partyBlock(inv.Seller)), len(partyBlock(inv.Buyer)), len(address.Lines(inv.ShipTo))+1)
	firstTop := 34 + float64(min(partyLines, 9))*smallStyle.LineHeight() + 4
	var pages [][]row
	y, cur := firstTop+tableHeadH, []row{}
	for _, r := range rows {
		if y+r.h > sheetBottom && len(cur) > 0 {
			pages, cur, y = append(pages, cur), nil, 30+tableHeadH
		}
		cur = append(cur, r)
		y += r.h
	}
	pages = append(pages, cur)
	summaryOwnPage := y+summaryH > sheetBottom
	total := len(pages)
	if summaryOwnPage {
		total++
	}
	for p, pr := range pages {
		d.AddPage()
		if err := sheetHeader(d, inv, k, p+1, total); err != nil {
			return nil, err
		}
		top := 30.0
		if p == 0 {
			parties(d, inv)
			top = firstTop
		}
		y := tableHead(d, top)
		for i, r := range pr {
			if i%2 == 1 {
				d.Fill(sheetMargin, y, 210-2*sheetMargin, r.h, 244)
			}
			drawRow(d, r, y)
			y += r.h
		}
		d.Line(sheetMargin, y, 210-sheetMargin, y, 0.3)
		if p == len(pages)-1 {
			if summaryOwnPage {
				d.AddPage()
				if err := sheetHeader(d, inv, k, total, total); err != nil {
					return nil, err
				}
				y = 30
			}
			drawSummary(d, summary, y+2, k.declare)
		}
	}
	var buf bytes.Buffer
	if err := d.Output(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// tableHeadH is the column header's height: English over Chinese.
const tableHeadH = 8.5

// tableHead draws the column header at y and returns where rows start.
func tableHead(d *paper.Doc, y float64) float64 {
	d.Fill(sheetMargin, y, 210-2*sheetMargin, tableHeadH, 220)
	x := sheetMargin
	for _, c := range columns {
		st := headStyle
		st.Align = c.align
		d.Text(x+1, y+0.8, c.w-2, c.en, st)
		d.Text(x+1, y+0.8+headStyle.LineHeight(), c.w-2, c.zh, st)
		x += c.w
	}
	return y + tableHeadH
}

// drawRow sets one line of the table with its top at y.
func drawRow(d *paper.Doc, r row, y float64) {
	x := sheetMargin
	for i, c := range columns {
		st := cellStyle
		st.Align = c.align
		if i == 1 {
			for j, s := range r.name {
				d.Text(x+1, y+rowPad+float64(j)*cellStyle.LineHeight(), c.w-2, s, st)
			}
		} else {
			d.Text(x+1, y+rowPad, c.w-2, r.cells[i], st)
		}
		x += c.w
	}
}

// sheetText is all the text a slip or an invoice sets, announced to paper
// so the faces are cut to it (what is missed is still set, from the whole
// face).
func sheetText(inv Invoice, k sheetKind) string {
	var b strings.Builder
	b.WriteString(k.title + captions)
	for _, c := range columns {
		b.WriteString(c.en + c.zh)
	}
	for _, p := range []Party{inv.Seller, inv.Buyer, {Address: inv.ShipTo}} {
		for _, s := range partyBlock(p) {
			b.WriteString(s)
		}
	}
	for _, l := range inv.Lines {
		b.WriteString(l.SKU + l.Name + l.HSCode + l.Origin)
	}
	for _, x := range inv.Taxes {
		b.WriteString(x.Name)
	}
	return b.String()
}
