package picklist

import (
	"fmt"
	"io"

	"github.com/waybill/waybill/internal/paper"
)

// Page geometry in millimetres, A4 portrait.
const (
	pageH     = 297.0
	margin    = 10.0
	width     = 190.0 // between the margins
	rowH      = 20.0  // one stop: bin code over its barcode, up to three lines of name
	headRowH  = 7.0   // the table's header row, repeated on every page
	footerTop = pageH - margin - 6
	firstTop  = 53.0 // where the table starts under the full header
	nextTop   = 18.0 // and under the short header of later pages
)

// rowsOn is how many stops fit on a page whose table starts at top.
func rowsOn(top float64) int { return int((footerTop - 2 - top - headRowH) / rowH) }

// paginate cuts n stops into pages: [from, to) per page, at least one page.
func paginate(n int) [][2]int {
	pages := [][2]int{{0, min(n, rowsOn(firstTop))}}
	for from := pages[0][1]; from < n; {
		to := min(n, from+rowsOn(nextTop))
		pages = append(pages, [2]int{from, to})
		from = to
	}
	return pages
}

// mark is a barcode as drawn: where, on which page (from 0), carrying what.
// Tests read each back from the rasterised page.
type mark struct {
	page       int
	x, y, w, h float64
	data       string
}

// Render writes s as a PDF pick list to w. Any text prints: what the fonts
// cannot draw shows as '?', what is too long is cut with an ellipsis, and a
// code a barcode cannot carry (or too long for its box) prints as text only.
func Render(w io.Writer, s Sheet) error {
	_, err := render(w, s)
	return err
}

// printer draws one sheet, keeping the page it is on and the barcodes drawn.
type printer struct {
	doc   *paper.Doc
	lang  language
	s     Sheet
	page  int
	marks []mark
}

// render is Render, also returning the barcodes it drew.
func render(w io.Writer, s Sheet) ([]mark, error) {
	l := languageOf(s.Lang)
	doc, err := paper.New(paper.Options{Title: l.say(labelTitle) + " " + s.Task, Created: s.Printed})
	if err != nil {
		return nil, fmt.Errorf("pick list: %w", err)
	}
	p := &printer{doc: doc, lang: l, s: s}
	pages := paginate(len(s.Stops))
	for i, pg := range pages {
		p.page = i
		doc.AddPage()
		top := nextTop
		if i == 0 {
			p.header()
			top = firstTop
		} else {
			p.shortHeader()
		}
		y := p.tableHead(top)
		for j := pg[0]; j < pg[1]; j++ {
			p.row(y, j, s.Stops[j])
			y += rowH
		}
		if len(s.Stops) == 0 {
			doc.Text(margin+2, y+3, width-4, l.say(labelNoStops), paper.Style{Size: 11})
		}
		p.footer(i+1, len(pages))
	}
	if err := doc.Output(w); err != nil {
		return nil, fmt.Errorf("pick list: %w", err)
	}
	return p.marks, nil
}

// barcode draws data in the box and records it; false when it could not
// be drawn there, so the caller prints the code as text instead.
func (p *printer) barcode(x, y, w, h float64, data string) (float64, bool) {
	drawn, err := p.doc.Barcode(x, y, w, h, data)
	if err != nil {
		return 0, false
	}
	p.marks = append(p.marks, mark{page: p.page, x: x, y: y, w: drawn, h: h, data: data})
	return drawn, true
}

// footer names the task on every page, so loose pages find their list.
func (p *printer) footer(n, of int) {
	p.doc.Line(margin, footerTop, margin+width, footerTop, 0.2)
	l := p.lang
	left := l.say(labelTitle) + " · " + l.say(labelTask) + " " + l.or(p.s.Task) + " · " + l.say(labelWarehouse) + " " + l.or(p.s.Warehouse)
	p.doc.Text(margin, footerTop+1.5, width-45, left, paper.Style{Size: 7})
	p.doc.Text(margin+width-45, footerTop+1.2, 45, l.pageOf(n, of), paper.Style{Size: 8, Bold: true, Align: paper.Right})
}
