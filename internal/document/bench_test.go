package document_test

import (
	"testing"

	"github.com/waybill/waybill/internal/document"
)

// BenchmarkLabel renders the domestic and the Chinese label as PDF and as
// ZPL; `waybill bench labels` reports the same on all cores.
func BenchmarkLabel(b *testing.B) {
	for _, c := range []struct {
		name  string
		label document.Label
	}{{"us", usLabel()}, {"cn", cnLabel()}} {
		b.Run("pdf-"+c.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := document.LabelPDF(c.label, document.Options{Created: created}); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run("zpl-"+c.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := document.LabelZPL(c.label, document.Options{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkSheet renders a 20-line Chinese-English commercial invoice.
func BenchmarkSheet(b *testing.B) {
	inv := invoice(20)
	for b.Loop() {
		if _, err := document.CommercialInvoicePDF(inv, document.Options{Created: created}); err != nil {
			b.Fatal(err)
		}
	}
}
