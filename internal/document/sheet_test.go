package document_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/document"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/paper/papertest"
)

// Where the slip's order barcode is on every page, in mm.
var slipBarcode = papertest.Rect{X: 120, Y: 5, W: 88, H: 18}

// A slip of many lines breaks into pages, each with the header, the
// column header in both languages and the order's barcode; every line is
// printed once, Chinese names included, and the totals end the last page.
func TestPackingSlipPagesAndReadsBack(t *testing.T) {
	inv := invoice(70)
	pdf, err := document.PackingSlipPDF(inv, document.Options{Created: created})
	require.NoError(t, err)
	pages := strings.Split(strings.TrimRight(papertest.Text(t, pdf), "\f"), "\f")
	require.GreaterOrEqual(t, len(pages), 3)
	all := strings.Join(pages, "\n")
	for i, p := range pages {
		for _, want := range []string{"Packing slip 装箱单", "ORD-000123", fmt.Sprintf("Page 页 %d / %d", i+1, len(pages)),
			"SKU", "货号", "Description", "品名", "HS code", "海关编码", "Origin", "原产地", "Qty", "数量", "Unit price", "单价", "Amount", "金额"} {
			require.Contains(t, p, want, "page %d", i+1)
		}
	}
	for _, l := range inv.Lines {
		require.Equal(t, 1, strings.Count(all, l.SKU+" "), l.SKU)
	}
	require.Contains(t, pages[0], "Seller 卖方")
	require.Contains(t, pages[0], "广东省深圳市南山区")
	require.Contains(t, pages[0], "10115 BERLIN")
	require.NotContains(t, pages[1], "Seller 卖方", "the parties only on the first page")
	require.Contains(t, all, "无线鼠标")
	require.Contains(t, all, "陶瓷茶杯")
	last := pages[len(pages)-1]
	require.Contains(t, last, "Total 合计 (EUR)")
	require.Contains(t, last, "VAT 增值税 19%")

	imgs := papertest.Pages(t, pdf, 200)
	require.Len(t, imgs, len(pages))
	for i, img := range imgs {
		got, err := papertest.Code128(img, 200, slipBarcode)
		require.NoError(t, err, "page %d", i+1)
		require.Equal(t, inv.OrderNumber, got)
	}
}

// The commercial invoice prints the customs fields, the tax lines given
// and the sums, and the declaration in both languages; with no tax lines
// the total is the lines and the shipping.
func TestCommercialInvoice(t *testing.T) {
	pdf, err := document.CommercialInvoicePDF(invoice(3), document.Options{Created: created})
	require.NoError(t, err)
	text := papertest.Text(t, pdf)
	for _, want := range []string{"Commercial invoice 商业发票", "Invoice 发票号 INV-2026-0042", "Date 日期 2026-12-07", "Currency 币种 EUR",
		"Tax ID 税号 91440300MA5G000000", "Tax ID 税号 DE123456789", "Ship to 收货地址", "14467 POTSDAM",
		"SKU-0002", "8471.60", "CN", "19.99", "41.98", "65.97",
		"Subtotal 小计 127.94", "Shipping 运费 15.00", "VAT 增值税 19% 27.15", "Total 合计 (EUR) 170.09",
		"true and correct", "本人声明本发票所列信息真实无误"} {
		require.Contains(t, text, want)
	}

	inv := invoice(3)
	inv.Taxes, inv.Shipping, inv.Currency = nil, 0, "JPY"
	pdf, err = document.CommercialInvoicePDF(inv, document.Options{Created: created})
	require.NoError(t, err)
	text = papertest.Text(t, pdf)
	require.NotContains(t, text, "VAT")
	require.NotContains(t, text, "Shipping 运费")
	require.Contains(t, text, "Total 合计 (JPY) 12794", "yen have no minor unit")
}

// What a slip or an invoice cannot print is refused, naming the field.
func TestSheetRefuses(t *testing.T) {
	tests := []struct {
		name    string
		edit    func(*document.Invoice)
		field   string
		slipToo bool
	}{
		{"no invoice number", func(i *document.Invoice) { i.Number = "" }, "number", false},
		{"no order number", func(i *document.Invoice) { i.OrderNumber = " " }, "order_number", true},
		{"order number Code 128 cannot carry", func(i *document.Invoice) { i.OrderNumber = "订单1" }, "order_number", true},
		{"unknown currency", func(i *document.Invoice) { i.Currency = "XYZ" }, "currency", true},
		{"no lines", func(i *document.Invoice) { i.Lines = nil }, "lines", true},
		{"too many lines", func(i *document.Invoice) { i.Lines = make([]document.Line, document.MaxInvoiceLines+1) }, "lines", true},
		{"quantity 0", func(i *document.Invoice) { i.Lines[1].Quantity = 0 }, "lines[1].quantity", true},
		{"negative price", func(i *document.Invoice) { i.Lines[2].UnitPrice = -1 }, "lines[2].unit_price", true},
		{"line total overflows", func(i *document.Invoice) { i.Lines[0].Quantity, i.Lines[0].UnitPrice = 1000, 1<<60 }, "lines[0].unit_price", true},
		{"bad HS code", func(i *document.Invoice) { i.Lines[0].HSCode = "61.09" }, "lines[0].hs_code", true},
		{"bad origin", func(i *document.Invoice) { i.Lines[0].Origin = "Chinaland" }, "lines[0].origin", true},
		{"no name or SKU", func(i *document.Invoice) { i.Lines[0].Name, i.Lines[0].SKU = "", "" }, "lines[0].name", true},
		{"tax without a name", func(i *document.Invoice) { i.Taxes[0].Name = "" }, "taxes[0].name", true},
		{"negative tax", func(i *document.Invoice) { i.Taxes[0].Amount = -5 }, "taxes[0].amount", true},
		{"negative shipping", func(i *document.Invoice) { i.Shipping = -1 }, "shipping", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			inv := invoice(3)
			tt.edit(&inv)
			renders := map[string]func(document.Invoice, document.Options) ([]byte, error){"invoice": document.CommercialInvoicePDF, "slip": document.PackingSlipPDF}
			for name, render := range renders {
				out, err := render(inv, document.Options{})
				if name == "slip" && !tt.slipToo {
					require.NoError(t, err)
					continue
				}
				require.Error(t, err, name)
				require.Nil(t, out)
				require.True(t, errs.Is(err, errs.Invalid))
				var paths []string
				for _, f := range errs.FieldsOf(err) {
					paths = append(paths, f.Path)
				}
				require.Contains(t, paths, tt.field, name)
			}
		})
	}
}

// Hostile text in every field never breaks a slip or an invoice.
func TestSheetHostileText(t *testing.T) {
	for i, s := range hostile {
		inv := invoice(4)
		inv.Seller.Address.Name, inv.Buyer.Address.Line1, inv.ShipTo.City, inv.Buyer.Email = s, s, s, s
		for j := range inv.Lines {
			inv.Lines[j].Name, inv.Lines[j].SKU = s, s
		}
		inv.Taxes[0].Name = s
		for _, render := range []func(document.Invoice, document.Options) ([]byte, error){document.PackingSlipPDF, document.CommercialInvoicePDF} {
			pdf, err := render(inv, document.Options{Created: created})
			require.NoError(t, err, "hostile %d", i)
			require.NotEmpty(t, pdf)
		}
	}
}

// Whatever the number of lines, the page count printed is the page count,
// every page has its header, and the totals are printed once, on the last
// page (on a page of their own when the table fills the last one).
func TestSheetPageBreaks(t *testing.T) {
	for n := 1; n <= 64; n += 3 {
		pdf, err := document.CommercialInvoicePDF(invoice(n), document.Options{Created: created})
		require.NoError(t, err)
		pages := strings.Split(strings.TrimRight(papertest.Text(t, pdf), "\f"), "\f")
		for i, p := range pages {
			require.Contains(t, p, fmt.Sprintf("Page 页 %d / %d", i+1, len(pages)), "%d lines", n)
			require.Contains(t, p, "Commercial invoice 商业发票")
		}
		require.Equal(t, 1, strings.Count(strings.Join(pages, ""), "Total 合计"), "%d lines", n)
		require.Contains(t, pages[len(pages)-1], "Total 合计")
		require.Contains(t, pages[len(pages)-1], "本人声明")
	}
}
