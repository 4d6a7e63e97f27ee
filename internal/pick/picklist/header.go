package picklist

import (
	"math"
	"strconv"
	"time"

	"github.com/waybill/waybill/internal/paper"
)

// header draws the first page's top: title, the task's barcode, and the
// task's facts in a grid of labelled fields.
func (p *printer) header() {
	l, s, d := p.lang, p.s, p.doc
	d.Text(margin, margin, 95, l.say(labelTitle), paper.Style{Size: 22, Bold: true})

	const codeX, codeW = 110.0, 90.0
	code := paper.Style{Size: 9, Bold: true, Align: paper.Center}
	if w, ok := p.barcode(codeX, margin, codeW, 11, s.Task); ok {
		d.Text(codeX, margin+11.5, w, s.Task, code)
	} else {
		d.Text(codeX, margin+3, codeW, l.say(labelTask)+" "+l.or(s.Task), paper.Style{Size: 12, Bold: true, Align: paper.Right})
	}

	fields := [][2]string{
		{l.say(labelWarehouse), l.or(s.Warehouse)},
		{l.say(labelWave), l.or(s.Wave)},
		{l.say(labelStrategy), l.or(l.strategy(s.Strategy))},
		{l.say(labelPicker), l.or(s.Picker)},
		{l.say(labelPrinted), printedAt(s.Printed, l)},
		{l.say(labelStops), strconv.Itoa(len(s.Stops))},
		{l.say(labelUnits), strconv.FormatInt(s.units(), 10)},
		{l.say(labelWalk), distance(s.Distance, l)},
	}
	const cellW, cellH, top = width / 4, 10.5, 28.0
	for i, f := range fields {
		x, y := margin+float64(i%4)*cellW, top+float64(i/4)*cellH
		d.Text(x, y, cellW-3, f[0], paper.Style{Size: 7.5})
		value := d.Fit(f[1], paper.Style{Size: 12, Bold: true}, cellW-3, 8)
		d.Text(x, y+3.4, cellW-3, f[1], value)
	}
	d.Line(margin, firstTop-3, margin+width, firstTop-3, 0.4)
}

// shortHeader heads later pages: enough to tell whose page it is.
func (p *printer) shortHeader() {
	l, s, d := p.lang, p.s, p.doc
	d.Text(margin, margin, 120, l.say(labelTitle)+" · "+l.say(labelTask)+" "+l.or(s.Task), paper.Style{Size: 11, Bold: true})
	d.Text(margin+120, margin, width-120, l.say(labelWarehouse)+" "+l.or(s.Warehouse), paper.Style{Size: 11, Bold: true, Align: paper.Right})
	d.Line(margin, nextTop-2, margin+width, nextTop-2, 0.4)
}

// printedAt prints the time in the zone it was given in.
func printedAt(t time.Time, l language) string {
	if t.IsZero() {
		return l.say(labelNone)
	}
	return t.Format("2006-01-02 15:04 MST")
}

// distance prints the walk to the metre; nonsense prints as a dash.
func distance(m float64, l language) string {
	if math.IsNaN(m) || math.IsInf(m, 0) || m < 0 {
		return l.say(labelNone)
	}
	return strconv.FormatFloat(math.Round(m), 'f', 0, 64) + " m"
}
