package paper

import (
	"errors"
	"fmt"

	goqr "github.com/piglig/go-qr"
)

// ErrQRTooLong is returned for data more than a QR code can hold.
var ErrQRTooLong = errors.New("too long for a QR code")

// QR module sizes in mm: two dots of a 203 dpi printer is the least that
// scans; a phone reads 0.5 mm modules from arm's length.
const (
	minQRModule = 0.25
	maxQRModule = 0.5
	qrQuiet     = 4 // modules of white around the symbol, per ISO/IEC 18004
)

// QRMatrix is a QR code's modules, row by row, true for dark. Labels use it
// to draw the code and tests to compare what a reader decodes.
type QRMatrix [][]bool

// EncodeQR encodes data (UTF-8 in byte mode, or the denser numeric and
// alphanumeric modes where the text allows) at error correction level M
// or higher when that fits the same version, in the smallest version that
// holds it: level M survives a scuffed or creased label (15 % of the
// modules lost).
func EncodeQR(data string) (QRMatrix, error) {
	if data == "" {
		return nil, fmt.Errorf("empty text: %w", ErrQRTooLong)
	}
	if len(data) > 2331 { // version 40-M in byte mode
		return nil, fmt.Errorf("%d bytes: %w", len(data), ErrQRTooLong)
	}
	code, err := goqr.EncodeText(data, goqr.Medium)
	if err != nil {
		return nil, fmt.Errorf("%d bytes: %w (%v)", len(data), ErrQRTooLong, err)
	}
	n := code.Size()
	m := make(QRMatrix, n)
	cells := make([]bool, n*n)
	for y := range m {
		m[y] = cells[y*n : (y+1)*n]
		for x := range m[y] {
			m[y][x] = code.Module(x, y)
		}
	}
	return m, nil
}

// QR draws data as a QR code in the square of side size mm whose top left
// is x, y, quiet zone included, modules as large as the square allows up to
// 0.5 mm. It returns the side drawn, or ErrQRTooLong or ErrTooWide and
// draws nothing. Each row's dark runs are one rectangle, so the page stays
// small and the code is vector at any resolution.
func (d *Doc) QR(x, y, size float64, data string) (float64, error) {
	m, err := EncodeQR(data)
	if err != nil {
		return 0, err
	}
	n := len(m) + 2*qrQuiet
	module := min(maxQRModule, size/float64(n))
	if module < minQRModule {
		return 0, fmt.Errorf("QR code of %d modules in %.1f mm: %w", n, size, ErrTooWide)
	}
	d.pdf.SetFillColor(0, 0, 0)
	x0, y0 := x+qrQuiet*module, y+qrQuiet*module
	for row, cells := range m {
		for col := 0; col < len(cells); {
			if !cells[col] {
				col++
				continue
			}
			end := col
			for end < len(cells) && cells[end] {
				end++
			}
			d.pdf.Rect(x0+float64(col)*module, y0+float64(row)*module, float64(end-col)*module, module, "F")
			col = end
		}
	}
	return float64(n) * module, nil
}
