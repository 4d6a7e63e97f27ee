package paper

import (
	"bytes"
	"strings"
	"unicode"
)

// ptToMM converts a font size in points to millimetres.
const ptToMM = 25.4 / 72

// Align places a line of text in its box.
type Align int

const (
	Left   Align = iota // from the box's left edge
	Center              // centred in the box
	Right               // ending at the box's right edge
)

// Style is how a line of text is set. Text sits in a line box of
// Style.LineHeight, its top at the y given.
type Style struct {
	Size  float64 // points
	Bold  bool
	Align Align
}

// LineHeight is the height of one line in millimetres.
func (s Style) LineHeight() float64 { return s.Size * ptToMM * 1.2 }

const ellipsis = "…"

// glyphKey names a rune's advance in one face and weight.
type glyphKey struct {
	r    rune
	face face
	bold bool
}

// runeWidth is r's advance in mm when set at 1 pt.
func (d *Doc) runeWidth(r rune, f face, bold bool) float64 {
	f = f.base()
	k := glyphKey{r, f, bold && f != cjk}
	if w, ok := d.width[k]; ok {
		return w
	}
	w := d.cover.advance(r, f, k.bold)
	d.width[k] = w
	return w
}

// setFont selects a face, registering it with fpdf on first use; Chinese
// has no bold file, so bold is faked there.
func (d *Doc) setFont(f face, bold bool, size float64) {
	bold = bold && f.base() != cjk
	style := ""
	if bold {
		style = "B"
	}
	if k := (glyphKey{face: f, bold: bold}); f != standard && !d.added[k] {
		d.added[k] = true
		// fpdf writes into the font bytes it is given while it subsets
		// them (getMetrics appends to a slice of them), so each document
		// gets its own copy: sharing the embedded ones would race and leak
		// between documents. A cut face is this document's already.
		var src []byte
		switch {
		case d.cuts[k] != nil:
			src = d.cuts[k].font
		case f.base() == cjk:
			src = bytes.Clone(cjkRegular)
		case bold:
			src = bytes.Clone(latinBold)
		default:
			src = bytes.Clone(latinRegular)
		}
		d.pdf.AddUTF8FontFromBytes(f.family(), style, src)
	}
	d.pdf.SetFont(f.family(), style, size)
}

// Width is the width of s in mm once cleaned for print (see Text).
func (d *Doc) Width(s string, st Style) float64 {
	w := 0.0
	for _, r := range d.cover.runs(s) {
		for _, c := range r.text {
			w += d.runeWidth(c, r.face, st.Bold)
		}
	}
	return w * st.Size
}

// Truncate shortens s to fit in w mm, ending it with an ellipsis when cut.
// The result is cleaned for print: newlines and other controls are spaces.
func (d *Doc) Truncate(s string, st Style, w float64) string {
	var b strings.Builder
	for _, r := range d.cover.runs(s) {
		b.WriteString(r.text)
	}
	clean := b.String()
	if d.Width(clean, st) <= w {
		return clean
	}
	room := w - d.Width(ellipsis, st)
	if room <= 0 {
		return ""
	}
	used := 0.0
	for i, c := range clean {
		f, _ := d.cover.faceOf(c)
		used += d.runeWidth(c, f, st.Bold) * st.Size
		if used > room {
			return strings.TrimRightFunc(clean[:i], unicode.IsSpace) + ellipsis
		}
	}
	return clean
}

// Fit returns st with its size lowered, in half points down to min, until s
// fits in w mm; text still too wide at min is for Truncate.
func (d *Doc) Fit(s string, st Style, w, min float64) Style {
	for st.Size-0.5 >= min && d.Width(s, st) > w {
		st.Size -= 0.5
	}
	return st
}

// Wrap breaks s into at most max lines of w mm: at spaces, between Chinese
// characters, and inside a word longer than a line. What does not fit in
// max lines is cut, the last line ending with an ellipsis.
func (d *Doc) Wrap(s string, st Style, w float64, max int) []string {
	if max < 1 {
		return nil
	}
	var lines []string
	rest := []rune(d.Truncate(s, st, 1e9)) // cleaned, not cut
	for len(rest) > 0 && len(lines) < max {
		if len(lines) == max-1 {
			lines = append(lines, d.Truncate(string(rest), st, w))
			break
		}
		n := d.lineBreak(rest, st, w)
		lines = append(lines, strings.TrimRightFunc(string(rest[:n]), unicode.IsSpace))
		rest = []rune(strings.TrimLeftFunc(string(rest[n:]), unicode.IsSpace))
	}
	return lines
}

// lineBreak is how many runes of rs start the next line: the most that fit
// in w up to a break opportunity, or as many as fit, at least one.
func (d *Doc) lineBreak(rs []rune, st Style, w float64) int {
	used, lastBreak := 0.0, 0
	for i, c := range rs {
		f, _ := d.cover.faceOf(c)
		used += d.runeWidth(c, f, st.Bold) * st.Size
		if used > w {
			if lastBreak > 0 {
				return lastBreak
			}
			return max(i, 1)
		}
		if unicode.IsSpace(c) || unicode.Is(unicode.Han, c) ||
			(i+1 < len(rs) && unicode.Is(unicode.Han, rs[i+1])) {
			lastBreak = i + 1
		}
	}
	return len(rs)
}

// Text sets s on one line in the box from x to x+w whose top is y,
// truncated to w with an ellipsis and aligned as st says. It sets what
// print can carry: controls become spaces and runes neither font has
// become '?', so no input makes it fail.
func (d *Doc) Text(x, y, w float64, s string, st Style) {
	s = d.Truncate(s, st, w)
	switch st.Align {
	case Center:
		x += (w - d.Width(s, st)) / 2
	case Right:
		x += w - d.Width(s, st)
	}
	base := y + st.Size*ptToMM*0.95
	for _, r := range d.cover.runs(s) {
		f := r.face
		if c := d.cuts[glyphKey{face: f, bold: st.Bold && f == latin}]; c != nil && !c.covers(r.text) {
			f = f.whole()
		}
		d.setFont(f, st.Bold, st.Size)
		fake := st.Bold && r.face == cjk
		if fake {
			d.pdf.SetDrawColor(0, 0, 0)
			d.pdf.SetLineWidth(st.Size * ptToMM * 0.04)
			d.pdf.SetTextRenderingMode(2) // fill, then stroke: a bolder stroke
		}
		text := r.text
		if r.face == standard {
			text = winAnsi(text)
		}
		d.pdf.Text(x, base, text)
		if fake {
			d.pdf.SetTextRenderingMode(0)
		}
		x += d.Width(r.text, st)
	}
}
