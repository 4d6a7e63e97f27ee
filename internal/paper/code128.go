package paper

import (
	"errors"
	"fmt"
)

// ErrUnencodable is returned for text Code 128 cannot carry here: empty, or
// with a character outside printable ASCII (code set B).
var ErrUnencodable = errors.New("cannot be encoded as Code 128")

// Symbol values with a meaning of their own (ISO/IEC 15417).
const (
	codeC  = 99  // switch to code set C, from B
	codeB  = 100 // switch to code set B, from C
	startB = 104
	startC = 105
	stop   = 106
)

// Code128 is a string encoded as Code 128: the symbol values from the start
// code to the stop code, check symbol included. Labels and lists scanned by
// handheld readers use it because it packs digit runs two to a symbol.
type Code128 struct {
	Symbols []int
}

// EncodeCode128 encodes s in code set B, switching to code set C for runs
// of digits long enough to make the symbol shorter (four at either end, six
// in the middle), and appends the modulo-103 check symbol.
func EncodeCode128(s string) (Code128, error) {
	if s == "" {
		return Code128{}, fmt.Errorf("empty text: %w", ErrUnencodable)
	}
	for i := 0; i < len(s); i++ {
		if s[i] < 32 || s[i] > 126 {
			return Code128{}, fmt.Errorf("%q has %q: %w", s, s[i], ErrUnencodable)
		}
	}
	var sym []int
	inC := false
	if d := digitRun(s, 0); d >= 4 || (d == len(s) && d == 2) {
		sym, inC = append(sym, startC), true
	} else {
		sym = append(sym, startB)
	}
	for i := 0; i < len(s); {
		if inC {
			if digitRun(s, i) >= 2 {
				sym = append(sym, int(s[i]-'0')*10+int(s[i+1]-'0'))
				i += 2
				continue
			}
			sym, inC = append(sym, codeB), false
		}
		if d := digitRun(s, i); d >= 6 || (d >= 4 && i+d == len(s)) {
			if d%2 == 1 { // the odd digit goes in B, so C takes whole pairs
				sym = append(sym, int(s[i])-32)
				i++
			}
			sym, inC = append(sym, codeC), true
			continue
		}
		sym = append(sym, int(s[i])-32)
		i++
	}
	check := sym[0]
	for i, v := range sym[1:] {
		check += (i + 1) * v
	}
	return Code128{Symbols: append(sym, check%103, stop)}, nil
}

// digitRun counts the ASCII digits of s from i on.
func digitRun(s string, i int) int {
	n := 0
	for i+n < len(s) && s[i+n] >= '0' && s[i+n] <= '9' {
		n++
	}
	return n
}

// Widths are the code's elements in modules, bar first and then
// alternately space and bar, ending with the stop code's final bar.
func (c Code128) Widths() []int {
	w := make([]int, 0, 6*len(c.Symbols)+1)
	for _, v := range c.Symbols {
		w = append(w, code128Patterns[v]...)
	}
	return w
}

// Modules is the code's width in modules, quiet zones excluded.
func (c Code128) Modules() int {
	n := 0
	for _, w := range c.Widths() {
		n += w
	}
	return n
}
