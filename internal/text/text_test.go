package text

import "testing"

func TestLineAndNote(t *testing.T) {
	for _, tc := range []struct {
		s          string
		line, note bool
	}{
		{"Ada Lovelace", true, true},
		{"王小明", true, true},
		{"שלום\u200f", true, true}, // a right-to-left mark is fine
		{"two\nlines", false, true},
		{"tab\there", false, true},
		{"evil\u202egnp.exe", false, false}, // right-to-left override
		{"iso\u2066late", false, false},
		{"nul\x00", false, false},
		{"c1\u0085", false, false},
		{"sep\u2028", false, false},
		{"bad\xff", false, false},
		{"replacement\ufffd", false, false},
	} {
		if got := Line(tc.s); got != tc.line {
			t.Errorf("Line(%q) = %v, want %v", tc.s, got, tc.line)
		}
		if got := Note(tc.s); got != tc.note {
			t.Errorf("Note(%q) = %v, want %v", tc.s, got, tc.note)
		}
	}
}
