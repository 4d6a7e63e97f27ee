package document_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/address"
	"github.com/waybill/waybill/internal/document"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/paper/papertest"
)

// manifest is Eastline's day at warehouse EAST: n parcels to the US and
// China, S10 tracking numbers, one with an order number in Chinese.
func manifest(n int) document.Manifest {
	m := document.Manifest{
		ID:                "man_01KC0Z6V8M4T9Q2R5W7X3Y1ZAB",
		CarrierManifestID: "EL-MAN-20261207-0042",
		Carrier:           "Eastline 东线快递",
		Warehouse:         "EAST",
		Sender:            address.Address{Company: "Waybill East", Line1: "1 Dock Road", City: "Newark", Region: "NJ", PostalCode: "07102", Country: "US"},
		ShipDate:          created,
	}
	for i := range n {
		p := document.ManifestParcel{
			OrderNumber: fmt.Sprintf("ORD-%06d", 100+i),
			Tracking:    fmt.Sprintf("EE%09dUS", 100000+i*7919),
			SSCC:        fmt.Sprintf("0061414100%08d", i),
			WeightGrams: int64(250 + 100*i),
			Country:     "US",
			PostalCode:  "94043",
		}
		if i%5 == 3 {
			p.OrderNumber, p.Country, p.PostalCode = "订单-"+p.OrderNumber, "CN", "200001"
		}
		m.Parcels = append(m.Parcels, p)
	}
	return m
}

// manifestBarcodes decodes every Code 128 in the table of a page at dpi,
// sliding a window down the tracking column: what a driver's scanner
// reads off the sheet, row by row.
func manifestBarcodes(t *testing.T, pdf []byte, dpi int) []map[string]bool {
	t.Helper()
	var out []map[string]bool
	for _, page := range papertest.Pages(t, pdf, dpi) {
		found := map[string]bool{}
		for y := 40.0; y < 285; y += 3 {
			if s, err := papertest.Code128(page, dpi, papertest.Rect{X: 52, Y: y, W: 154, H: 10}); err == nil {
				found[s] = true
			}
		}
		out = append(out, found)
	}
	return out
}

// A manifest of 20 parcels takes two pages, each with the header in both
// languages, page n of m and the manifest id as Code 128; every tracking
// number scans off its row, once; the totals and the driver's signature
// block end the last page.
func TestManifestPDFReadsBack(t *testing.T) {
	m := manifest(20)
	pdf, err := document.ManifestPDF(m, document.Options{Created: created})
	require.NoError(t, err)
	pages := strings.Split(strings.TrimRight(papertest.Text(t, pdf), "\f"), "\f")
	require.Len(t, pages, 2)
	for i, p := range pages {
		for _, want := range []string{"End-of-day manifest 日终交接清单", "Manifest 清单号 " + m.ID, "承运商清单号 EL-MAN-20261207-0042",
			"Carrier 承运商 Eastline 东线快递", "Ship date 发货日期 2026-12-07", "From 发货仓库 EAST", "NEWARK, NJ 07102, UNITED STATES",
			fmt.Sprintf("Page %d of 2", i+1), fmt.Sprintf("第 %d 页，共 2 页", i+1),
			"Order", "订单号", "Tracking", "运单号", "SSCC", "Weight", "重量", "Destination", "目的地"} {
			require.Contains(t, p, want, "page %d", i+1)
		}
	}
	all := strings.Join(pages, "\n")
	for _, p := range m.Parcels {
		require.Equal(t, 1, strings.Count(all, p.Tracking), p.Tracking)
		require.Contains(t, all, p.SSCC)
	}
	require.Contains(t, all, "订单-ORD-000103")
	require.Contains(t, all, "CN 200001")
	require.NotContains(t, pages[0], "Totals 合计")
	// 20 parcels of 250 g rising by 100 g: 5000 + 100 × 190 g.
	require.Contains(t, pages[1], "Totals 合计: Parcels 件数 20 Total weight 总重量 24 kg")
	for _, want := range []string{"Driver's receipt 司机签收", "以上所列包裹已如数收讫", "Driver name 司机姓名", "Signature 签名", "Date and time 日期时间"} {
		require.Contains(t, pages[1], want)
	}

	const dpi = 200
	imgs := papertest.Pages(t, pdf, dpi)
	require.Len(t, imgs, 2)
	for i, img := range imgs {
		got, err := papertest.Code128(img, dpi, papertest.Rect{X: 108, Y: 2, W: 100, H: 15})
		require.NoError(t, err, "page %d", i+1)
		require.Equal(t, m.ID, got, "page %d", i+1)
	}
	scanned := manifestBarcodes(t, pdf, dpi)
	seen := map[string]int{}
	for _, page := range scanned {
		for s := range page {
			seen[s]++
		}
	}
	for _, p := range m.Parcels {
		require.Equal(t, 1, seen[p.Tracking], "tracking %s scanned on exactly one page", p.Tracking)
	}
	require.Len(t, seen, len(m.Parcels), "nothing else scans in the table: %v", seen)
	require.Len(t, scanned[0], 16, "a full first page")
}

// A long carrier manifest id of wide letters and a Waybill id of wide
// letters still print whole: the driver checks them against the
// carrier's handover (a shared line once cut them short).
func TestManifestPDFPrintsLongIDsWhole(t *testing.T) {
	m := manifest(2)
	m.ID = "man_01MWWWWWWWWWWWWWWWWWWWWWWW"
	m.CarrierManifestID = "eastline-EAST-20261207-" + strings.Repeat("MW", 20)
	pdf, err := document.ManifestPDF(m, document.Options{Created: created})
	require.NoError(t, err)
	text := papertest.Text(t, pdf)
	require.Contains(t, text, "Manifest 清单号 "+m.ID)
	require.Contains(t, text, "Carrier manifest 承运商清单号 "+m.CarrierManifestID)
}

// The page count printed is the page count for any number of parcels,
// and the totals are printed once, on the last page (on a page of their
// own when the table fills the last one).
func TestManifestPDFPageBreaks(t *testing.T) {
	for _, n := range []int{1, 13, 14, 15, 16, 17, 32, 33, 47} {
		pdf, err := document.ManifestPDF(manifest(n), document.Options{Created: created})
		require.NoError(t, err)
		pages := strings.Split(strings.TrimRight(papertest.Text(t, pdf), "\f"), "\f")
		for i, p := range pages {
			require.Contains(t, p, fmt.Sprintf("Page %d of %d", i+1, len(pages)), "%d parcels", n)
			require.Contains(t, p, "End-of-day manifest")
		}
		require.Equal(t, 1, strings.Count(strings.Join(pages, ""), "Totals 合计"), "%d parcels", n)
		require.Contains(t, pages[len(pages)-1], fmt.Sprintf("Parcels 件数 %d ", n))
		require.Contains(t, pages[len(pages)-1], "司机签收")
		require.GreaterOrEqual(t, len(pages), (n+15)/16, "%d parcels", n)
	}
}

// What a manifest cannot print is refused, naming the field.
func TestManifestPDFRefuses(t *testing.T) {
	tests := []struct {
		name  string
		edit  func(*document.Manifest)
		field string
	}{
		{"no id", func(m *document.Manifest) { m.ID = " " }, "id"},
		{"id Code 128 cannot carry", func(m *document.Manifest) { m.ID = "清单1" }, "id"},
		{"id too long for its barcode", func(m *document.Manifest) { m.ID = strings.Repeat("M", document.MaxManifestID+1) }, "id"},
		{"no carrier", func(m *document.Manifest) { m.Carrier = "" }, "carrier"},
		{"no ship date", func(m *document.Manifest) { m.ShipDate = time.Time{} }, "ship_date"},
		{"no parcels", func(m *document.Manifest) { m.Parcels = nil }, "parcels"},
		{"too many parcels", func(m *document.Manifest) { m.Parcels = make([]document.ManifestParcel, document.MaxManifestParcels+1) }, "parcels"},
		{"no tracking", func(m *document.Manifest) { m.Parcels[1].Tracking = "" }, "parcels[1].tracking"},
		{"tracking too long", func(m *document.Manifest) { m.Parcels[2].Tracking = strings.Repeat("9", document.MaxTracking+1) }, "parcels[2].tracking"},
		{"tracking with a space", func(m *document.Manifest) { m.Parcels[0].Tracking = "EE 123" }, "parcels[0].tracking"},
		{"tracking in Chinese", func(m *document.Manifest) { m.Parcels[0].Tracking = "运单1" }, "parcels[0].tracking"},
		{"bad SSCC", func(m *document.Manifest) { m.Parcels[0].SSCC = "12345" }, "parcels[0].sscc"},
		{"negative weight", func(m *document.Manifest) { m.Parcels[2].WeightGrams = -1 }, "parcels[2].weight_grams"},
		{"weight of a lorry", func(m *document.Manifest) { m.Parcels[2].WeightGrams = document.MaxParcelWeightG + 1 }, "parcels[2].weight_grams"},
		{"unknown country", func(m *document.Manifest) { m.Parcels[1].Country = "Atlantis" }, "parcels[1].country"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := manifest(3)
			tt.edit(&m)
			out, err := document.ManifestPDF(m, document.Options{})
			require.Error(t, err)
			require.Nil(t, out)
			require.True(t, errs.Is(err, errs.Invalid), "%v", err)
			var paths []string
			for _, f := range errs.FieldsOf(err) {
				paths = append(paths, f.Path)
			}
			require.Contains(t, paths, tt.field)
		})
	}
}

// Hostile text in every free-text field never breaks a manifest, and the
// longest tracking number a label takes still scans off its row.
func TestManifestPDFHostileText(t *testing.T) {
	for i, s := range hostile {
		m := manifest(3)
		m.Carrier, m.Warehouse, m.CarrierManifestID, m.Sender.Line1 = s+"x", s, s, s
		for j := range m.Parcels {
			m.Parcels[j].OrderNumber, m.Parcels[j].PostalCode = s, s
		}
		pdf, err := document.ManifestPDF(m, document.Options{Created: created})
		require.NoError(t, err, "hostile %d", i)
		require.NotEmpty(t, pdf)
	}
	m := manifest(2)
	m.Parcels[0].Tracking = strings.Repeat("Za-9", document.MaxTracking/4)
	pdf, err := document.ManifestPDF(m, document.Options{Created: created})
	require.NoError(t, err)
	scanned := manifestBarcodes(t, pdf, 300)
	require.True(t, scanned[0][m.Parcels[0].Tracking], "the longest tracking scans: %v", scanned[0])
}

// BenchmarkManifest renders a day's manifest of 20 parcels (two pages)
// and of 300 (19 pages), Chinese labels and order numbers included.
func BenchmarkManifest(b *testing.B) {
	for _, n := range []int{20, 300} {
		m := manifest(n)
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			for b.Loop() {
				if _, err := document.ManifestPDF(m, document.Options{Created: created}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
