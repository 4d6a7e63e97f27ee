package document

import (
	"strings"
	"testing"

	"github.com/waybill/waybill/internal/address"
)

// FuzzLabelZPL: whatever text a label holds, LabelZPL writes one
// well-formed ^XA … ^XZ label in which no field's data holds an unescaped
// caret or tilde, or refuses it naming a field; it never panics.
func FuzzLabelZPL(f *testing.F) {
	f.Add("Ada", "^XZ~JR", "1Z999", "UPS", "94105", "US", 1, 1)
	f.Add(`a\&b`, `\\&`, "1Z9", `UPS\&x`, "1", "US", 1, 1)
	f.Add("王小明", "_5E\u202e📦", "SF-1/2.3", "顺丰^FS", "200001", "CN", 2, 3)
	f.Add(strings.Repeat("W", 5000), "\xff\x00\n", "", "", "", "", 0, 0)
	f.Fuzz(func(t *testing.T, name, street, tracking, carrier, zip, country string, parcel, parcels int) {
		l := Label{
			Sender:    address.Address{Name: "Dock", Line1: "1 Way", City: "Reno", Country: "US"},
			Recipient: address.Address{Name: name, Line1: street, PostalCode: zip, Country: country},
			Carrier:   carrier, Service: street, SortCode: name, OrderNumber: street,
			Tracking: tracking, Parcel: parcel, Parcels: parcels,
			References: []Reference{{Name: name, Value: street}},
		}
		z, err := LabelZPL(l, Options{})
		if err != nil {
			if _, err := l.check(); err == nil {
				t.Fatalf("a checked label was refused: %v", err)
			}
			return
		}
		if err := checkZPL(z); err != nil {
			t.Fatalf("%v in\n%s", err, z)
		}
	})
}

// FuzzZPLEscape: escaped text holds no caret, tilde, control byte or bare
// underscore, and unescaping it gives the text back.
func FuzzZPLEscape(f *testing.F) {
	for _, s := range []string{"^XZ", "~JR", "_5E", "a\x00b", "名前"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		e := zplEscape(s)
		if strings.ContainsAny(e, "^~\x00\n\r") {
			t.Fatalf("%q escapes to %q", s, e)
		}
		var b strings.Builder
		for i := 0; i < len(e); i++ {
			if e[i] == '_' {
				if i+2 >= len(e) || !isHex(e[i+1]) || !isHex(e[i+2]) {
					t.Fatalf("%q escapes to %q, a bare _", s, e)
				}
				var c byte
				for _, h := range e[i+1 : i+3] {
					c = c<<4 | byte(strings.IndexByte("0123456789ABCDEF", byte(h)))
				}
				b.WriteByte(c)
				i += 2
				continue
			}
			b.WriteByte(e[i])
		}
		if b.String() != s {
			t.Fatalf("%q escapes to %q, which reads back %q", s, e, b.String())
		}
	})
}
