package document

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/waybill/waybill/internal/address"
	"github.com/waybill/waybill/internal/errs"
)

// FuzzManifestPDF: whatever a manifest holds, ManifestPDF writes a PDF or
// refuses it with an errs.Invalid naming a field, exactly when check does;
// it never panics.
func FuzzManifestPDF(f *testing.F) {
	f.Add("man_01KC0Z6V8M4T9Q2R5W7X3Y1ZAB", "Eastline", "ORD-1", "EE123456789US", "006141410000000001", "US", "94043", int64(500), 3)
	f.Add("清单", "顺丰\u202e", "订单\x00", "SF 1", "12", "Atlantis", "\xff", int64(-1), 0)
	f.Add(strings.Repeat("M", 37), "", strings.Repeat("W", 5000), strings.Repeat("9", 41), "", "", "", int64(1_000_001), 1)
	f.Add("m", "c", "o", "Za-9/.", "", "cn", "200001", int64(0), 40)
	f.Fuzz(func(t *testing.T, id, carrier, order, tracking, sscc, country, zip string, grams int64, n int) {
		n = min(max(n, 0), 40)
		m := Manifest{ID: id, Carrier: carrier, Warehouse: order, CarrierManifestID: zip,
			Sender:   address.Address{Company: carrier, Line1: order, PostalCode: zip, Country: country},
			ShipDate: time.Date(2026, 12, 7, 0, 0, 0, 0, time.UTC)}
		for range n {
			m.Parcels = append(m.Parcels, ManifestParcel{OrderNumber: order, Tracking: tracking, SSCC: sscc,
				WeightGrams: grams, Country: country, PostalCode: zip})
		}
		pdf, err := ManifestPDF(m, Options{})
		_, checked := m.check()
		switch {
		case err == nil && checked != nil:
			t.Fatalf("printed a manifest check refuses: %v", checked)
		case err != nil && checked == nil:
			t.Fatalf("refused a checked manifest: %v", err)
		case err != nil && (!errs.Is(err, errs.Invalid) || len(errs.FieldsOf(err)) == 0):
			t.Fatalf("refused without naming a field: %v", err)
		case err == nil && !bytes.HasPrefix(pdf, []byte("%PDF-")):
			t.Fatalf("not a PDF: %q", pdf[:min(len(pdf), 16)])
		}
	})
}
