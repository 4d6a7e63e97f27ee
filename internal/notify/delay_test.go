package notify

import (
	"context"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/notify/mailpittest"
	"github.com/waybill/waybill/internal/order"
)

// sampleDelay is two lines of sample's order short, one without a name.
func sampleDelay(locale string) OrderDelay {
	return OrderDelay{OrderNumber: "WB-260302-0042", Locale: locale, CustomerName: "Li Wei 李伟", Items: []DelayedItem{
		{SKU: "MUG-BLU-350", Name: "Blue mug 350 ml", Units: 2},
		{SKU: "SPN-STL", Units: 1},
	}}
}

// TestDelayGolden pins every part of the delay notice in both languages,
// with the rest of the order shipping and with all of it waiting.
func TestDelayGolden(t *testing.T) {
	r := newTestRenderer(t)
	all := sampleDelay("en-GB")
	all.AllDelayed, all.CustomerName, all.Items = true, "", all.Items[:1]
	for name, d := range map[string]OrderDelay{
		"delay_en":     sampleDelay("en"),
		"delay_zh":     sampleDelay("zh-CN"),
		"delay_en_all": all,
	} {
		t.Run(name, func(t *testing.T) {
			out, err := r.RenderDelay(d)
			require.NoError(t, err)
			golden(t, name+".subject", out.Subject+"\n")
			golden(t, name+".txt", out.Text)
			golden(t, name+".html", out.HTML)
			golden(t, name+".sms", out.SMS+"\n")
		})
	}
}

// A delay notice escapes customer-visible text, keeps its SMS to one
// segment, and refuses an inconsistent input naming each field.
func TestRenderDelay(t *testing.T) {
	t.Parallel()
	r := newTestRenderer(t)
	d := sampleDelay("en")
	d.CustomerName = "<b>Ada</b>\r\nTotal: 0"
	d.Items[0].Name = `"><script>x()</script>`
	out, err := r.RenderDelay(d)
	require.NoError(t, err)
	require.NotContains(t, out.HTML, "<script>")
	require.Contains(t, out.HTML, "Hello &lt;b&gt;Ada&lt;/b&gt; Total: 0,")
	require.Contains(t, out.Text, "Hello <b>Ada</b> Total: 0,\n")

	for _, locale := range []string{"en", "zh"} {
		long := sampleDelay(locale)
		long.OrderNumber = strings.Repeat("W", maxOrderNumber)
		long.Items[0].Units = 999_999
		out, err := r.RenderDelay(long)
		require.NoError(t, err)
		require.Equal(t, 1, SMSSegments(out.SMS), out.SMS)
		if locale == "zh" {
			require.LessOrEqual(t, utf8.RuneCountInString(out.SMS), 70)
		}
	}

	_, err = r.RenderDelay(OrderDelay{OrderNumber: "WB 1\r\n"})
	require.Equal(t, []string{"order_number", "items"}, paths(err))
	_, err = r.RenderDelay(OrderDelay{OrderNumber: "WB-1", Items: []DelayedItem{{Units: 0}}})
	require.Equal(t, []string{"items[0].name", "items[0].units"}, paths(err))
}

// TestSMTPDeliversDelay sends the delay notice to mailpit in both
// languages and reads it back as the customer gets it.
func TestSMTPDeliversDelay(t *testing.T) {
	t.Parallel()
	mp := startMailpit(t)
	s := newSender(t, mp, TLSNone)
	r := newTestRenderer(t)
	for _, tc := range []struct{ locale, subject, item string }{
		{"en", "Some items of your order WB-260302-0042 are delayed", "2 × Blue mug 350 ml (SKU MUG-BLU-350)"},
		{"zh-CN", "您的订单 WB-260302-0042 中部分商品延迟发货", "Blue mug 350 ml（SKU MUG-BLU-350） × 2"},
	} {
		t.Run(tc.locale, func(t *testing.T) {
			out, err := r.RenderDelay(sampleDelay(tc.locale))
			require.NoError(t, err)
			key := "order-delay:" + tc.locale
			require.NoError(t, s.Send(t.Context(), "li.wei@example.com", out, key))
			m := mp.WaitFor(t, s.MessageID(key), 1)[0]
			require.Equal(t, tc.subject, m.Subject)
			require.Equal(t, []mailpittest.Address{{Address: "li.wei@example.com"}}, m.To)
			require.Contains(t, m.Text, tc.item)
			require.Equal(t, strings.TrimSpace(out.Text), strings.TrimSpace(strings.ReplaceAll(m.Text, "\r\n", "\n")))
			require.Contains(t, m.HTML, "SKU SPN-STL")
			require.Equal(t, []string{"WB-260302-0042"}, mp.Headers(t, m.ID)["X-Waybill-Order"])
		})
	}
}

// recorder is an EmailSender that keeps what it is given.
type recorder struct{ sent []Rendered }

func (r *recorder) Send(_ context.Context, _ string, msg Rendered, _ string) error {
	r.sent = append(r.sent, msg)
	return nil
}

// The delay notice lists the order's short lines as they stand when it
// goes; when stock came first and nothing is short any more, nothing goes.
func TestMessengerDelay(t *testing.T) {
	t.Parallel()
	mail := &recorder{}
	m := Messenger{Renderer: newTestRenderer(t), Email: mail}
	o := order.Order{Number: "WB-1", Locale: "en", Lines: []order.Line{
		{SKU: "MUG", Name: "Mug", Quantity: 3, ShortQuantity: 2},
		{SKU: "TEA", Name: "Tea", Quantity: 1},
	}}
	require.NoError(t, m.Notify(t.Context(), o, order.DelayMessage, order.EmailChannel, "k1"))
	require.Len(t, mail.sent, 1)
	require.Contains(t, mail.sent[0].Text, "2 × Mug (SKU MUG)")
	require.NotContains(t, mail.sent[0].Text, "Tea")
	require.Contains(t, mail.sent[0].Text, "We are shipping the rest")

	o.Lines[0].ShortQuantity = 0
	require.NoError(t, m.Notify(t.Context(), o, order.DelayMessage, order.EmailChannel, "k2"))
	require.Len(t, mail.sent, 1, "nothing is delayed any more")
}
