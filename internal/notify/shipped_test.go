package notify

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/order"
)

// TestShippedGolden pins the shipped notice in both languages, part of the
// order (no tracking page) and all of it (with links).
func TestShippedGolden(t *testing.T) {
	r := newTestRenderer(t)
	part := OrderShipped{OrderNumber: "WB-260302-0042", Locale: "en", CustomerName: "Li Wei 李伟",
		Parcels: []ShippedParcel{{Carrier: "Liberty Parcel", TrackingNumber: "LG123456785US"}}}
	all := OrderShipped{OrderNumber: "WB-260302-0042", Locale: "zh-CN", AllShipped: true, Parcels: []ShippedParcel{
		{Carrier: "Huadong Express", TrackingNumber: "HE123456785CN", URL: "https://shop.example/track/HE123456785CN"},
		{Carrier: "Huadong Express", TrackingNumber: "HE123456799CN", URL: "https://shop.example/track/HE123456799CN"}}}
	allEN := all
	allEN.Locale = "en"
	for name, s := range map[string]OrderShipped{"shipped_en_part": part, "shipped_zh_all": all, "shipped_en_all": allEN} {
		t.Run(name, func(t *testing.T) {
			out, err := r.RenderShipped(s)
			require.NoError(t, err)
			golden(t, name+".subject", out.Subject+"\n")
			golden(t, name+".txt", out.Text)
			golden(t, name+".html", out.HTML)
			golden(t, name+".sms", out.SMS+"\n")
		})
	}
	_, err := r.RenderShipped(OrderShipped{OrderNumber: "N-1", Parcels: []ShippedParcel{{TrackingNumber: "", URL: "javascript:alert(1)"}}})
	var fields []string
	for _, f := range errs.FieldsOf(err) {
		fields = append(fields, f.Path)
	}
	require.Equal(t, []string{"parcels[0].tracking_number", "parcels[0].url"}, fields)
}

// The invoice e-mail reaches mailpit with the PDF attached, in the
// customer's language.
func TestSMTPDeliversTheInvoice(t *testing.T) {
	t.Parallel()
	mp := startMailpit(t)
	s := newSender(t, mp, TLSNone)
	m := Messenger{Renderer: newTestRenderer(t), Email: s}
	o := order.Order{Number: "WB-260302-0042", Locale: "zh-CN", Customer: order.Customer{Name: "Li Wei", Email: "li.wei@example.com"}}
	pdf := []byte("%PDF-1.4\n% a test invoice\n%%EOF\n")
	require.NoError(t, m.MailInvoice(t.Context(), o, "INV-2026-000007", pdf, "invoice:ful_1"))
	got := mp.WaitFor(t, s.MessageID("invoice:ful_1"), 1)[0]
	require.Equal(t, "订单 WB-260302-0042 的发票 INV-2026-000007", got.Subject)
	var msg struct {
		Attachments []struct {
			FileName    string
			ContentType string
			Size        int
		}
	}
	mp.GetJSON(t, "/api/v1/message/"+got.ID, &msg)
	require.Len(t, msg.Attachments, 1)
	require.Equal(t, "INV-2026-000007.pdf", msg.Attachments[0].FileName)
	require.Equal(t, "application/pdf", msg.Attachments[0].ContentType)
	require.Equal(t, len(pdf), msg.Attachments[0].Size)

	_, err := m.Renderer.RenderInvoice(OrderInvoice{OrderNumber: "N-1"})
	require.Equal(t, "invoice_number", errs.FieldsOf(err)[0].Path)
}
