package paper

import (
	"bytes"
	"strings"
	"testing"
)

// FuzzText: no string and no width makes the text helpers panic, and what
// they return fits where they promise.
func FuzzText(f *testing.F) {
	d, err := New(Options{})
	if err != nil {
		f.Fatal(err)
	}
	d.AddPage()
	f.Add("Pick list 拣货单", 40.0, 9.0, true)
	f.Add("a\x00\n\xff\u202e📦", 0.5, 30.0, false)
	f.Add(strings.Repeat("长", 300), 10.0, 1.0, true)
	f.Fuzz(func(t *testing.T, s string, w, size float64, bold bool) {
		if !(size > 0 && size < 200) || !(w >= 0 && w < 1000) {
			return
		}
		st := Style{Size: size, Bold: bold}
		if got := d.Truncate(s, st, w); d.Width(got, st) > w+1e-9 {
			t.Fatalf("Truncate(%q, %v) = %q, %v mm wide", s, w, got, d.Width(got, st))
		}
		if lines := d.Wrap(s, st, w, 3); len(lines) > 3 {
			t.Fatalf("Wrap gave %d lines, max 3", len(lines))
		}
		d.Text(10, 10, w, s, d.Fit(s, st, w, size/2))
		_, _ = d.Barcode(10, 20, w, 10, s)
	})
}

// FuzzEncodeCode128: what encodes decodes back to the same text, with a
// valid check symbol.
func FuzzEncodeCode128(f *testing.F) {
	for _, s := range []string{"PJJ123C", "12345", "A1234567B", "0000", "~"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := EncodeCode128(s)
		if err != nil {
			return
		}
		sym := c.Symbols
		sum := sym[0]
		for i := 1; i < len(sym)-2; i++ {
			sum += i * sym[i]
		}
		if sum%103 != sym[len(sym)-2] || sym[len(sym)-1] != stop {
			t.Fatalf("%q: bad check or stop in %v", s, sym)
		}
		if got := decodeSymbols(sym[:len(sym)-2]); got != s {
			t.Fatalf("%q encodes to %v, which reads %q", s, sym, got)
		}
	})
}

// decodeSymbols reads symbol values (start code first, no check, no stop)
// in code sets B and C, as a scanner would.
func decodeSymbols(sym []int) string {
	var b bytes.Buffer
	inC := sym[0] == startC
	for _, v := range sym[1:] {
		switch {
		case inC && v == codeB:
			inC = false
		case inC:
			b.WriteByte(byte('0' + v/10))
			b.WriteByte(byte('0' + v%10))
		case v == codeC:
			inC = true
		default:
			b.WriteByte(byte(v + 32))
		}
	}
	return b.String()
}
