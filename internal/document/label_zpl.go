package document

import (
	"bytes"
	"fmt"
	"strconv"

	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/paper"
)

// LabelZPL renders l as one ZPL II label (^XA … ^XZ) for a 203 dpi
// printer with 4x6 inch stock. Text is UTF-8 (^CI28); Latin-1 runs are
// set in the built-in scalable font 0, others (Chinese) in the font
// o.ZPLFont names, bound to letter J only when a label needs it.
// Every field's text goes through ^FH hex escapes, so a name holding ^XZ
// or ~JR prints as text and commands nothing. Barcodes are the printer's
// own: ^BC Code 128 of the tracking number and ^BQ QR of QRPayload(l).
func LabelZPL(l Label, o Options) ([]byte, error) {
	al, err := l.check()
	if err != nil {
		return nil, err
	}
	font := o.ZPLFont
	if font == "" {
		font = defaultZPLFont
	}
	if !validZPLFont(font) {
		return nil, errs.Field("zpl_font", errs.CodeFormat, "zpl_font %q must be device:name, such as E:ANMDS.TTF", errs.Clip(font))
	}
	var b bytes.Buffer
	b.WriteString("^XA\n^CI28\n")
	fmt.Fprintf(&b, "^PW%d\n^LL%d\n^LH0,0\n", dots(labelW), dots(labelH))
	marks := layout(l, al)
	for _, m := range marks {
		if _, wide := zplText(m.text); wide {
			// Font J is bound only when a field needs it, so a label
			// without Chinese prints on a printer without the font.
			fmt.Fprintf(&b, "^CWJ,%s\n", font)
			break
		}
	}
	for _, m := range marks {
		switch m.kind {
		case textMark:
			zplTextMark(&b, m)
		case ruleMark:
			fmt.Fprintf(&b, "^FO%d,%d^GB%d,%d,%d^FS\n", dots(m.x), dots(m.y), dots(m.w), max(dots(m.h), 1), max(dots(m.h), 1))
		case code128Mark:
			code, err := paper.EncodeCode128(l.Tracking)
			if err != nil {
				return nil, errs.Field("tracking", errs.CodeFormat, "tracking %q: %v", errs.Clip(l.Tracking), err)
			}
			const quiet = 10
			total := code.Modules() + 2*quiet
			module := min(3, dots(m.w)/total)
			if module < 2 {
				return nil, errs.Field("tracking", errs.CodeTooLong, "tracking %q is too long for a label's barcode", errs.Clip(l.Tracking))
			}
			// Mode A: the printer picks code sets B and C as EncodeCode128
			// does; the tracking number holds only letters, digits and
			// - . /, none of which ^BC reads as an invocation code.
			fmt.Fprintf(&b, "^FO%d,%d^BY%d,3,%d^BCN,%d,N,N,N,A^FD%s^FS\n",
				dots(m.x)+quiet*module, dots(m.y), module, dots(m.h), dots(m.h), l.Tracking)
		case qrMark:
			payload := QRPayload(l)
			modules, ok := qrModules(len(payload))
			const quiet = 4
			mag := min(10, dots(m.w)/(modules+2*quiet))
			if !ok || mag < 2 {
				return nil, fmt.Errorf("the label's QR code of %d bytes does not fit %.0f mm", len(payload), m.w)
			}
			// Model 2, error correction M, automatic data mode (MA,). ^BY
			// persists from label to label and some renderers offset ^BQ
			// by its bar height, so it is reset to the default first.
			fmt.Fprintf(&b, "^BY2,3,10^FO%d,%d^BQN,2,%d^FH^FDMA,%s^FS\n", dots(m.x)+quiet*mag, dots(m.y)+quiet*mag, mag, zplEscape(payload))
		}
	}
	b.WriteString("^XZ\n")
	return b.Bytes(), nil
}

// zplTextMark writes one line of text: cleaned, cut to its box, and set
// as runs: Latin-1 in the built-in font 0, the rest (Chinese) in font J,
// each run a field placed after the last by its estimated width. So a
// bilingual caption prints its English in font 0 whatever the printer's
// font J is, and alignment is worked out here: no field block (^FB),
// inside which a backslash would start an escape that ^FH cannot hide.
func zplTextMark(b *bytes.Buffer, m mark) {
	s, _ := zplText(m.text)
	h := dots(m.size * 25.4 / 72)
	if m.min < m.size {
		// Shrink to fit, down to the smallest size, then cut.
		if ems := zplEms(s); ems > 0 {
			h = max(min(h, int(float64(dots(m.w))/ems)), dots(m.min*25.4/72))
		}
	}
	s = zplFit(s, h, dots(m.w))
	if s == "" {
		return
	}
	x := float64(dots(m.x))
	switch free := float64(dots(m.w)) - zplEms(s)*float64(h); {
	case free <= 0:
	case m.align == paper.Right:
		x += free
	case m.align == paper.Center:
		x += free / 2
	}
	// Written piece by piece: this is the hot loop of a label, and
	// fmt's reflection was most of its cost.
	num := func(n int) { b.Write(strconv.AppendInt(b.AvailableBuffer(), int64(n), 10)) }
	for len(s) > 0 {
		n, j := zplRun(s)
		font := "0"
		if j {
			font = "J"
		}
		b.WriteString("^FO")
		num(int(x))
		b.WriteByte(',')
		num(dots(m.y))
		b.WriteString("^A" + font + "N,")
		num(h)
		b.WriteByte(',')
		num(h)
		b.WriteString("^FH^FD")
		b.WriteString(zplEscape(s[:n]))
		b.WriteString("^FS\n")
		x += zplEms(s[:n]) * float64(h)
		s = s[n:]
	}
}

// zplRun is the length in bytes of the run s starts with, and whether it
// is set in font J: runes past Latin-1 are, the rest in font 0; spaces go
// with the run they are in.
func zplRun(s string) (int, bool) {
	j := false
	for _, r := range s {
		if r != ' ' {
			j = r > 0xFF
			break
		}
	}
	for i, r := range s {
		if r != ' ' && (r > 0xFF) != j {
			return i, j
		}
	}
	return len(s), j
}
