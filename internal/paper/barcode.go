package paper

import (
	"errors"
	"fmt"
)

// ErrTooWide is returned when a barcode's bars would be too thin to scan in
// the width it is given.
var ErrTooWide = errors.New("barcode too wide for its box")

// Bar widths in mm. A module of 0.19 mm is the least a 203 dpi label
// printer renders reliably; 0.33 mm is wide enough for any handheld reader.
const (
	minModule = 0.19
	maxModule = 0.33
	quiet     = 10 // modules of white either side, per ISO/IEC 15417
)

// Barcode draws data as Code 128 in the box from x to x+w whose top is y,
// bars h mm tall, left-aligned behind its quiet zone. The module is as wide
// as the box allows up to 0.33 mm; it returns the width drawn, quiet zones
// included, or ErrTooWide or ErrUnencodable and draws nothing.
func (d *Doc) Barcode(x, y, w, h float64, data string) (float64, error) {
	code, err := EncodeCode128(data)
	if err != nil {
		return 0, err
	}
	total := code.Modules() + 2*quiet
	module := min(maxModule, w/float64(total))
	if module < minModule {
		return 0, fmt.Errorf("%d modules in %.1f mm: %w", total, w, ErrTooWide)
	}
	d.pdf.SetFillColor(0, 0, 0)
	at := x + quiet*module
	for i, n := range code.Widths() {
		if i%2 == 0 {
			d.pdf.Rect(at, y, float64(n)*module, h, "F")
		}
		at += float64(n) * module
	}
	return float64(total) * module, nil
}
