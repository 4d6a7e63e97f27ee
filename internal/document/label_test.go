package document_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/address"
	"github.com/waybill/waybill/internal/document"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/paper/papertest"
)

const dpi = 300

// Where a label's barcodes are, in mm, with room around them.
var (
	trackingArea = papertest.Rect{X: 0, Y: 113, W: 101.6, H: 24}
	qrArea       = papertest.Rect{X: 64, Y: 77, W: 37.6, H: 33.5}
)

func returnLabel() document.Label {
	l := usLabel()
	l.Sender, l.Recipient = l.Recipient, l.Sender
	l.SenderPhone, l.RecipientPhone = l.RecipientPhone, l.SenderPhone
	l.Return = true
	l.Parcel, l.Parcels = 1, 1
	return l
}

// Each label, rendered as PDF and read back as a person and a scanner
// would: every field is in its text, the Code 128 decodes to the tracking
// number and the QR code to the documented payload.
func TestLabelPDFReadsBack(t *testing.T) {
	tests := []struct {
		name  string
		label document.Label
		want  []string
	}{
		{"domestic US", usLabel(), []string{"SHIP TO", "Ada Lovelace", "Analytical Engines Ltd", "Suite 300", "SAN FRANCISCO, CA 94105",
			"Waybill Fulfilment", "RENO, NV 89502", "UPS", "Ground", "Parcel 2 / 3", "Weight 1.25 kg", "Order ORD-000123",
			"CA 941 9-05", "1Z999AA10123456784", "PO: PO-7781", "Tel +1 415 555 0199"}},
		{"international to China, captions in Chinese too", cnLabel(), []string{"SHIP TO 收件人", "200001", "上海市上海市黄浦区", "南京东路100号",
			"王小明", "CHINA", "UNITED STATES", "顺丰速运 SF Express", "标快 Standard", "包裹 2 / 3", "订单 ORD-000123", "SF1234567890123", "运单号"}},
		{"return label", returnLabel(), []string{"RETURN TO", "FROM (customer)", "RETURN", "Waybill Fulfilment", "Ada Lovelace", "Parcel 1 / 1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pdf, err := document.LabelPDF(tt.label, document.Options{Created: created})
			require.NoError(t, err)
			text := papertest.Text(t, pdf)
			for _, w := range tt.want {
				require.Contains(t, text, w)
			}
			pages := papertest.Pages(t, pdf, dpi)
			require.Len(t, pages, 1)
			b := pages[0].Bounds()
			require.InDelta(t, 101.6/25.4*dpi, b.Dx(), 2, "4 inches wide")
			require.InDelta(t, 152.4/25.4*dpi, b.Dy(), 2, "6 inches tall")
			got, err := papertest.Code128(pages[0], dpi, trackingArea)
			require.NoError(t, err)
			require.Equal(t, tt.label.Tracking, got)
			got, err = papertest.QR(pages[0], dpi, qrArea)
			require.NoError(t, err)
			require.Equal(t, document.QRPayload(tt.label), got)
		})
	}
}

func TestQRPayload(t *testing.T) {
	require.Equal(t, "WB1|1Z999AA10123456784|UPS|US|94105", document.QRPayload(usLabel()))
	l := cnLabel()
	l.Carrier = "顺丰|速运\n"
	l.Recipient.PostalCode = " 200 001 "
	require.Equal(t, "WB1|SF1234567890123|顺丰速运|CN|200001", document.QRPayload(l))
}

// What a label cannot carry is refused, naming the field, by both
// renderers alike.
func TestLabelRefuses(t *testing.T) {
	tests := []struct {
		name  string
		edit  func(*document.Label)
		field string
	}{
		{"no tracking", func(l *document.Label) { l.Tracking = "" }, "tracking"},
		{"tracking Code 128 cannot carry", func(l *document.Label) { l.Tracking = "1Z货物" }, "tracking"},
		{"tracking with a ZPL command", func(l *document.Label) { l.Tracking = "1Z^XZ" }, "tracking"},
		{"tracking too long", func(l *document.Label) { l.Tracking = strings.Repeat("A", 41) }, "tracking"},
		{"parcel 0 of 0", func(l *document.Label) { l.Parcel, l.Parcels = 0, 0 }, "parcels"},
		{"parcel 4 of 3", func(l *document.Label) { l.Parcel, l.Parcels = 4, 3 }, "parcel"},
		{"negative weight", func(l *document.Label) { l.WeightGrams = -1 }, "weight_grams"},
		{"no carrier", func(l *document.Label) { l.Carrier = "  " }, "carrier"},
		{"no recipient", func(l *document.Label) { l.Recipient = address.Address{Country: "US"} }, "recipient"},
		{"no sender", func(l *document.Label) { l.Sender = address.Address{} }, "sender"},
		{"too many references", func(l *document.Label) { l.References = make([]document.Reference, 4) }, "references"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := usLabel()
			tt.edit(&l)
			for _, render := range []func(document.Label, document.Options) ([]byte, error){document.LabelPDF, document.LabelZPL} {
				out, err := render(l, document.Options{})
				require.Error(t, err)
				require.Nil(t, out)
				require.True(t, errs.Is(err, errs.Invalid), "%v", err)
				var paths []string
				for _, f := range errs.FieldsOf(err) {
					paths = append(paths, f.Path)
				}
				require.Contains(t, paths, tt.field)
			}
		})
	}
	_, err := document.LabelZPL(usLabel(), document.Options{ZPLFont: "E:X^XZ"})
	require.Equal(t, "zpl_font", errs.FieldsOf(err)[0].Path)
}

// hostile is text that has broken label printers: ZPL commands, the ^FH
// escape itself, right-to-left overrides, emoji, controls, invalid UTF-8
// and a 10 KB name.
var hostile = []string{
	"^XZ^XA^FO0,0^GB800,1200,800^FS~JR",
	"_5E_7E ^FH^FD~DGR:X.GRF",
	`line\&break \\& back\slash`,
	"\u202eevil\u202c עברית العربية",
	"📦🚚 emoji 🇨🇳",
	"tab\tnew\nline\r\x00\x1b[31m",
	"\xff\xfe invalid \xc3",
	strings.Repeat("名", 10_000/3),
	strings.Repeat("W", 10_000),
}

// Hostile text in every text field never breaks a label: both renderers
// succeed, the ZPL stays one well-formed label and the PDF's barcodes
// still decode.
func TestLabelHostileText(t *testing.T) {
	for i, s := range hostile {
		l := usLabel()
		l.Recipient.Name, l.Recipient.Company, l.Recipient.Line1, l.Recipient.City = s, s, s, s
		l.Sender.Name, l.SenderPhone, l.RecipientPhone = s, s, s
		l.OrderNumber, l.Carrier, l.Service, l.SortCode = s, s, s, s
		l.References = []document.Reference{{Name: s, Value: s}}
		zpl, err := document.LabelZPL(l, document.Options{})
		require.NoError(t, err, "hostile %d", i)
		require.NoError(t, document.CheckZPLForTest(zpl), "hostile %d", i)
		require.Less(t, len(zpl), 16_000, "long text is cut, not sent whole")
		pdf, err := document.LabelPDF(l, document.Options{Created: created})
		require.NoError(t, err, "hostile %d", i)
		if i == 0 || i == len(hostile)-1 {
			pages := papertest.Pages(t, pdf, dpi)
			got, err := papertest.Code128(pages[0], dpi, trackingArea)
			require.NoError(t, err)
			require.Equal(t, l.Tracking, got)
			got, err = papertest.QR(pages[0], dpi, qrArea)
			require.NoError(t, err)
			require.Equal(t, document.QRPayload(l), got)
		}
	}
}

// Text too long for its box is cut visibly, with an ellipsis.
func TestLabelTruncatesVisibly(t *testing.T) {
	l := usLabel()
	l.Recipient.Line1 = "Building " + strings.Repeat("Long Street Name ", 20) + "END"
	pdf, err := document.LabelPDF(l, document.Options{Created: created})
	require.NoError(t, err)
	text := papertest.Text(t, pdf)
	require.Contains(t, text, "Building Long Street Name")
	require.Contains(t, text, "…")
	require.NotContains(t, text, "END")
	zpl, err := document.LabelZPL(l, document.Options{})
	require.NoError(t, err)
	require.Contains(t, string(zpl), "^FDBuilding Long Street Name")
	require.Contains(t, string(zpl), "...^FS")
	require.NotContains(t, string(zpl), "END")
}

// The same label gives the same bytes.
func TestLabelReproducible(t *testing.T) {
	a, err := document.LabelPDF(cnLabel(), document.Options{Created: created})
	require.NoError(t, err)
	b, err := document.LabelPDF(cnLabel(), document.Options{Created: created})
	require.NoError(t, err)
	require.Equal(t, a, b)
}

// ZPL binds the downloadable font only when a label has text font 0
// cannot print, and then the one the options name.
func TestLabelZPLFont(t *testing.T) {
	us, err := document.LabelZPL(usLabel(), document.Options{})
	require.NoError(t, err)
	require.NotContains(t, string(us), "^CW")
	require.NotContains(t, string(us), "^AJ")
	cn, err := document.LabelZPL(cnLabel(), document.Options{ZPLFont: "E:SIMSUN.TTF"})
	require.NoError(t, err)
	require.Contains(t, string(cn), "^CWJ,E:SIMSUN.TTF\n")
	require.Contains(t, string(cn), "^AJN,")
	require.Contains(t, string(cn), "^FD王小明^FS")
	require.True(t, strings.HasPrefix(string(cn), "^XA\n^CI28\n"), "UTF-8 before any field")
}
