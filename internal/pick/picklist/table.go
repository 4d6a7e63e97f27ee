package picklist

import (
	"strconv"

	"github.com/waybill/waybill/internal/paper"
)

// column is one of the table's columns: left edge and width in mm.
type column struct{ x, w float64 }

// The table's columns, left to right; their widths add up to the page's.
var (
	colSeq      = column{margin, 9}
	colLocation = column{colSeq.x + colSeq.w, 42}
	colItem     = column{colLocation.x + colLocation.w, 47}
	colQty      = column{colItem.x + colItem.w, 15}
	colCode     = column{colQty.x + colQty.w, 44}
	colTote     = column{colCode.x + colCode.w, 13}
	colFlags    = column{colTote.x + colTote.w, margin + width - (colTote.x + colTote.w)}
)

const pad = 1.5

// tableHead draws the column titles at y and returns where rows start.
func (p *printer) tableHead(y float64) float64 {
	l, d := p.lang, p.doc
	d.Fill(margin, y, width, headRowH, 215)
	st := paper.Style{Size: 8, Bold: true}
	centred := paper.Style{Size: 8, Bold: true, Align: paper.Center}
	for _, h := range []struct {
		c     column
		label string
		st    paper.Style
	}{
		{colSeq, l.say(labelSeq), centred},
		{colLocation, l.say(labelLocation), st},
		{colItem, l.say(labelItem), st},
		{colQty, l.say(labelQty), centred},
		{colCode, l.say(labelScan), st},
		{colTote, l.toteColumn(p.s.Strategy), centred},
		{colFlags, l.say(labelFlags), st},
	} {
		d.Text(h.c.x+pad, y+1.8, h.c.w-2*pad, h.label, h.st)
	}
	return y + headRowH
}

// row draws the i-th stop (from 0) with its top at y.
func (p *printer) row(y float64, i int, st Stop) {
	l, d := p.lang, p.doc
	if i%2 == 1 {
		d.Fill(margin, y, width, rowH, 243)
	}
	in := func(c column) float64 { return c.w - 2*pad }
	top := y + pad

	seq := strconv.Itoa(st.Seq)
	d.Text(colSeq.x+pad, top+1, in(colSeq), seq, d.Fit(seq, paper.Style{Size: 11, Bold: true, Align: paper.Center}, in(colSeq), 6))

	bin := d.Fit(st.Bin, paper.Style{Size: 15, Bold: true}, in(colLocation), 7)
	d.Text(colLocation.x+pad, top, in(colLocation), st.Bin, bin)
	p.barcode(colLocation.x+0.5, top+8, colLocation.w-1, 8.5, st.Bin)

	// Codes shrink before they are cut: a picker may have to key them in.
	d.Text(colItem.x+pad, top, in(colItem), st.SKU, d.Fit(st.SKU, paper.Style{Size: 9, Bold: true}, in(colItem), 6))
	name := paper.Style{Size: 8}
	for k, line := range d.Wrap(st.Name, name, in(colItem), 3) {
		d.Text(colItem.x+pad, top+4.6+float64(k)*name.LineHeight(), in(colItem), line, name)
	}

	qty := strconv.FormatInt(st.Quantity, 10)
	d.Text(colQty.x+pad, top+4, in(colQty), qty, d.Fit(qty, paper.Style{Size: 20, Bold: true, Align: paper.Center}, in(colQty), 8))

	code, kind := st.scanCode(), l.say(labelGTIN)
	if st.GTIN == "" {
		kind = l.say(labelSKU)
	}
	small := paper.Style{Size: 7}
	if w, ok := p.barcode(colCode.x+0.5, top, colCode.w-1, 10, code); ok {
		d.Text(colCode.x+0.5, top+10.6, w, kind+" "+code, paper.Style{Size: 7, Align: paper.Center})
	} else {
		d.Text(colCode.x+pad, top, in(colCode), kind, small)
		d.Text(colCode.x+pad, top+3.5, in(colCode), code, d.Fit(code, paper.Style{Size: 9, Bold: true}, in(colCode), 6))
	}

	tote := l.or(st.Tote)
	d.Text(colTote.x+pad, top+5, in(colTote), tote, d.Fit(tote, paper.Style{Size: 13, Bold: true, Align: paper.Center}, in(colTote), 7))

	p.flags(top, st)
	d.Line(margin, y+rowH, margin+width, y+rowH, 0.15)
}

// flags lists the stop's handling warnings, one a line.
func (p *printer) flags(top float64, st Stop) {
	l, d := p.lang, p.doc
	c := colFlags
	y := top
	line := func(s string, style paper.Style) {
		style = d.Fit(s, style, c.w-2*pad, 5)
		d.Text(c.x+pad, y, c.w-2*pad, s, style)
		y += style.LineHeight() + 0.3
	}
	bold := paper.Style{Size: 9, Bold: true}
	if st.Fragile {
		line(l.say(labelFragile), bold)
	}
	if st.Valuable {
		line(l.say(labelValuable), bold)
		line(l.say(labelScanTwice), paper.Style{Size: 7})
	}
	if st.Heavy {
		line(l.say(labelHeavy), bold)
	}
}
