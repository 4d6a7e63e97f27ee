package money

import "testing"

func TestFormat(t *testing.T) {
	for _, c := range []struct {
		minor int64
		code  string
		want  string
	}{
		{1234, "EUR", "12.34 EUR"},
		{500, "JPY", "500 JPY"},
		{-5, "USD", "-0.05 USD"},
		{1234, "XYZ", "1234 minor units of XYZ"},
	} {
		if got := Format(c.minor, c.code); got != c.want {
			t.Errorf("Format(%d, %q) = %q, want %q", c.minor, c.code, got, c.want)
		}
	}
}
