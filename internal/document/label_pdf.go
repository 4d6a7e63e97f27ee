package document

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/paper"
)

// LabelPDF renders l as a one-page 4x6 inch PDF, barcodes as vector bars
// that print sharp at any resolution. Latin-1 text is set in the standard
// Helvetica and the rest (Chinese) in the embedded faces, which keeps a
// label without Chinese at a few kilobytes and fast to write; a label
// with Chinese embeds the glyphs it uses, from a face whose character map
// is cut to its text first (see paper.Options.Text). It refuses a
// label that cannot be printed with an errs.Invalid naming the field.
func LabelPDF(l Label, o Options) ([]byte, error) {
	al, err := l.check()
	if err != nil {
		return nil, err
	}
	title := "Shipping label " + l.Tracking
	if l.Return {
		title = "Return label " + l.Tracking
	}
	marks := layout(l, al)
	// The label's text, announced so the Chinese face is cut to it.
	var all strings.Builder
	for _, m := range marks {
		all.WriteString(m.text)
	}
	d, err := paper.New(paper.Options{Size: paper.Size{W: labelW, H: labelH}, Title: title, Created: o.Created,
		StandardLatin: true, Text: all.String()})
	if err != nil {
		return nil, err
	}
	d.AddPage()
	for _, m := range marks {
		switch m.kind {
		case textMark:
			st := paper.Style{Size: m.size, Bold: m.bold, Align: m.align}
			if m.min < m.size {
				st = d.Fit(m.text, st, m.w, m.min)
			}
			d.Text(m.x, m.y, m.w, m.text, st)
		case ruleMark:
			d.Line(m.x, m.y, m.x+m.w, m.y, m.h)
		case code128Mark:
			if _, err := d.Barcode(m.x, m.y, m.w, m.h, l.Tracking); err != nil {
				return nil, errs.Field("tracking", errs.CodeTooLong, "tracking %q does not fit a label's barcode: %v", errs.Clip(l.Tracking), err)
			}
		case qrMark:
			if _, err := d.QR(m.x, m.y, m.w, QRPayload(l)); err != nil {
				return nil, fmt.Errorf("the label's QR code: %w", err)
			}
		}
	}
	var buf bytes.Buffer
	if err := d.Output(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
