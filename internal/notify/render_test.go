package notify

import (
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/errs"
)

func TestRenderLocale(t *testing.T) {
	t.Parallel()
	r := newTestRenderer(t)
	for tag, want := range map[string]string{
		"": "en", "en": "en", "en-GB": "en", "en_US": "en", "fr-FR": "en", "x": "en",
		"zh": "zh", "zh-CN": "zh", "zh-TW": "zh", "zh_HK": "zh", "ZH-Hant": "zh", "zh-Hans-CN": "zh",
	} {
		out, err := r.Render(sample(tag))
		require.NoError(t, err, tag)
		require.Equal(t, want, out.Locale, tag)
		if want == "zh" {
			require.Contains(t, out.Subject, "已确认", tag)
		} else {
			require.Contains(t, out.Subject, "is confirmed", tag)
		}
	}
}

// TestRenderMoney: each currency keeps its own minor-unit digits and the
// locale's symbols; the English SMS uses the ISO code, which is GSM-safe.
func TestRenderMoney(t *testing.T) {
	t.Parallel()
	r := newTestRenderer(t)
	for _, tc := range []struct {
		currency, locale string
		minor            int64
		total, sms       string
	}{
		{"JPY", "en", 123456, "¥123,456", "JPY 123,456"},
		{"JPY", "zh", 123456, "JP¥123,456", "JP¥123,456"},
		{"USD", "en-US", 123456, "$1,234.56", "USD 1,234.56"},
		{"USD", "zh-CN", 5, "US$0.05", "US$0.05"},
		{"EUR", "en", 100000, "€1,000.00", "EUR 1,000.00"},
		{"KWD", "en", 1234, "KWD\u00a01.234", "KWD 1.234"},
		{"CNY", "zh", 99999999, "¥999,999.99", "¥999,999.99"},
	} {
		c := single(tc.locale, tc.currency, tc.minor)
		out, err := r.Render(c)
		require.NoError(t, err, tc)
		require.Contains(t, out.Text, tc.total, tc)
		require.Contains(t, out.HTML, tc.total, tc)
		require.Contains(t, out.SMS, tc.sms, tc)
	}
}

// TestRenderEscapes: customer-controlled text is escaped in HTML and cannot
// add lines to the plain-text part.
func TestRenderEscapes(t *testing.T) {
	t.Parallel()
	r := newTestRenderer(t)
	c := sample("en")
	c.CustomerName = "<img src=x onerror=alert(1)>\r\nTotal: $0.00"
	c.Lines[0].Name = `"><script>steal()</script>`
	c.ShippingAddress = []string{"<b>1 Main St</b>", "\n", "Springfield"}
	out, err := r.Render(c)
	require.NoError(t, err)
	require.NotContains(t, out.HTML, "<img")
	require.NotContains(t, out.HTML, "<script>")
	require.NotContains(t, out.HTML, "<b>1 Main St")
	require.Contains(t, out.HTML, "&lt;img src=x onerror=alert(1)&gt; Total: $0.00")
	require.Contains(t, out.HTML, "&lt;b&gt;1 Main St&lt;/b&gt;<br>\nSpringfield")
	for _, line := range strings.Split(out.Text, "\n") {
		require.False(t, strings.HasPrefix(line, "Total: $0.00"), "a name must not forge a line")
	}
	require.Contains(t, out.Text, "Hello <img src=x onerror=alert(1)> Total: $0.00,")
}

// TestRenderSMSFits: the SMS stays one segment for a long order number, a
// large cash-on-delivery total and the longest date, in both languages.
func TestRenderSMSFits(t *testing.T) {
	t.Parallel()
	r := newTestRenderer(t)
	for _, locale := range []string{"en", "zh"} {
		for _, cur := range []string{"USD", "CNY", "EUR", "JPY"} {
			c := single(locale, cur, 99_999_999_99)
			c.OrderNumber = "WB-20261231-12345678" // 20 characters
			c.PaymentMethod = COD
			c.EstimatedShipDate = c.EstimatedShipDate.AddDate(0, 9, 28) // 30 December
			out, err := r.Render(c)
			require.NoError(t, err)
			require.Equal(t, 1, SMSSegments(out.SMS), "%s %s: %q", locale, cur, out.SMS)
			if locale == "en" {
				require.LessOrEqual(t, utf8.RuneCountInString(out.SMS), 160)
				require.Equal(t, 1, SMSSegments(out.SMS+strings.Repeat("a", 160-len(out.SMS))), "English SMS must be pure GSM: %q", out.SMS)
			} else {
				require.LessOrEqual(t, utf8.RuneCountInString(out.SMS), 70, out.SMS)
			}
		}
	}
}

func TestSMSSegments(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		text string
		want int
	}{
		{"", 1},
		{strings.Repeat("a", 160), 1},
		{strings.Repeat("a", 161), 2},
		{strings.Repeat("a", 306), 2},
		{strings.Repeat("a", 307), 3},
		{strings.Repeat("€", 80), 1}, // extension characters take two septets
		{strings.Repeat("€", 81), 2},
		{strings.Repeat("订", 70), 1},
		{strings.Repeat("订", 71), 2},
		{strings.Repeat("订", 134), 2},
		{strings.Repeat("订", 135), 3},
		{strings.Repeat("a", 69) + "😀", 2}, // a surrogate pair is two UTF-16 units
	} {
		require.Equal(t, tc.want, SMSSegments(tc.text), "%d runes of %q", utf8.RuneCountInString(tc.text), tc.text[:min(len(tc.text), 8)])
	}
}

func TestRenderRejectsInconsistentConfirmations(t *testing.T) {
	t.Parallel()
	r := newTestRenderer(t)
	for _, tc := range []struct {
		field string
		edit  func(*OrderConfirmation)
	}{
		{"order_number", func(c *OrderConfirmation) { c.OrderNumber = "" }},
		{"order_number", func(c *OrderConfirmation) { c.OrderNumber = "WB 1\r\nBcc: x@y" }},
		{"order_number", func(c *OrderConfirmation) { c.OrderNumber = strings.Repeat("9", 33) }},
		{"currency", func(c *OrderConfirmation) { c.Currency = "XYZ" }},
		{"payment_method", func(c *OrderConfirmation) { c.PaymentMethod = "card" }},
		{"lines", func(c *OrderConfirmation) { c.Lines = nil }},
		{"lines[1].quantity", func(c *OrderConfirmation) { c.Lines[1].Quantity = 0 }},
		{"lines[0].name", func(c *OrderConfirmation) { c.Lines[0].Name, c.Lines[0].SKU = " ", "" }},
		{"lines[2].unit_price_minor", func(c *OrderConfirmation) { c.Lines[2].UnitPriceMinor = -1 }},
		{"subtotal_minor", func(c *OrderConfirmation) { c.SubtotalMinor++ }},
		{"total_minor", func(c *OrderConfirmation) { c.TotalMinor++ }},
		{"discount_minor", func(c *OrderConfirmation) { c.DiscountMinor = -5 }},
	} {
		c := sample("en")
		c.Lines = append([]Line(nil), c.Lines...)
		tc.edit(&c)
		_, err := r.Render(c)
		require.True(t, errs.Is(err, errs.Invalid), "%s: %v", tc.field, err)
		require.Equal(t, tc.field, errs.FieldsOf(err)[0].Path)
	}
}

// TestRenderIsPure: the same input gives the same bytes, from many goroutines.
func TestRenderIsPure(t *testing.T) {
	t.Parallel()
	r := newTestRenderer(t)
	want, err := r.Render(sample("zh"))
	require.NoError(t, err)
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 50 {
				got, err := r.Render(sample("zh"))
				if err != nil || !reflect.DeepEqual(got, want) {
					t.Errorf("render differs: %v", err)
					return
				}
			}
		})
	}
	wg.Wait()
}

// single is a one-line confirmation totalling minor units of cur.
func single(locale, cur string, minor int64) OrderConfirmation {
	c := sample(locale)
	c.Currency = cur
	c.Lines = []Line{{SKU: "X-1", Name: "Thing", Quantity: 1, UnitPriceMinor: minor, LineTotalMinor: minor}}
	c.SubtotalMinor, c.DiscountMinor, c.ShippingMinor, c.TotalMinor = minor, 0, 0, minor
	return c
}

// A confirmation tells the customer what stock shortage did to each line,
// in their language, in both bodies; a notice's name is escaped like any
// customer-visible text; a bad notice is refused, naming it.
func TestRenderShortageNotices(t *testing.T) {
	t.Parallel()
	r := newTestRenderer(t)
	release := time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)
	notices := []Notice{
		{Kind: NoticeBackorder, Name: "Kettle", Quantity: 2, Date: time.Date(2026, 3, 12, 0, 0, 0, 0, time.UTC)},
		{Kind: NoticePresale, Name: "Game <Deluxe>", Quantity: 1, Date: release},
		{Kind: NoticeSplit, Name: "Mug", Quantity: 3},
		{Kind: NoticeCancelled, Name: "Plate", Quantity: 2, AmountMinor: 2000},
		{Kind: NoticeCancelled, Name: "Bowl", Quantity: 1},
	}
	en := sample("en")
	en.Notices = notices
	out, err := r.Render(en)
	require.NoError(t, err)
	for _, want := range []string{"2 × Kettle are on backorder; we expect to ship them on Thursday, 12 March 2026.",
		"they ship on the release date, Wednesday, 1 April 2026.", "3 × Mug are not in stock yet",
		"2 × Plate could not be supplied and were cancelled; CN¥20.00 will be refunded.",
		"1 × Bowl could not be supplied and were cancelled; you will not be charged for them."} {
		require.Contains(t, out.Text, want)
	}
	require.Contains(t, out.HTML, "<li>1 × Game &lt;Deluxe&gt; are a pre-order")

	zh := sample("zh-CN")
	zh.Notices = notices
	out, err = r.Render(zh)
	require.NoError(t, err)
	require.Contains(t, out.Text, "Kettle 有 2 件暂时缺货，我们会在到货后发出，预计 2026年3月12日（星期四） 发货。")
	require.Contains(t, out.HTML, "<li>Plate 有 2 件因缺货已取消")

	bad := sample("en")
	bad.Notices = []Notice{{Kind: "lost", Quantity: 0}}
	_, err = r.Render(bad)
	require.Equal(t, []string{"notices[0].kind", "notices[0].quantity"}, paths(err))
}

func paths(err error) []string {
	var out []string
	for _, f := range errs.FieldsOf(err) {
		out = append(out, f.Path)
	}
	return out
}

// A cancellation notice says whether the order went unpaid and what is
// refunded, in the customer's language, never an internal reason; it
// escapes the name in HTML and refuses an inconsistent input.
func TestRenderCancellation(t *testing.T) {
	t.Parallel()
	r := newTestRenderer(t)
	out, err := r.RenderCancellation(OrderCancellation{OrderNumber: "WB-AB12-CD34", Locale: "en", CustomerName: "<b>Ada</b>",
		Currency: "EUR", RefundMinor: 1999})
	require.NoError(t, err)
	require.Equal(t, "Your order WB-AB12-CD34 has been cancelled", out.Subject)
	require.Contains(t, out.Text, "will not be shipped")
	require.Contains(t, out.Text, "The €19.99 you paid will be refunded")
	require.Contains(t, out.HTML, "Hello &lt;b&gt;Ada&lt;/b&gt;,")
	require.Equal(t, "Your order WB-AB12-CD34 has been cancelled. EUR 19.99 will be refunded.", out.SMS)

	out, err = r.RenderCancellation(OrderCancellation{OrderNumber: "WB-AB12-CD34", Locale: "zh-CN", Currency: "CNY", Unpaid: true})
	require.NoError(t, err)
	require.Equal(t, "您的订单 WB-AB12-CD34 已取消", out.Subject)
	require.Contains(t, out.Text, "由于我们未在规定时间内收到付款")
	require.NotContains(t, out.Text, "退还", "nothing was paid")

	_, err = r.RenderCancellation(OrderCancellation{Currency: "XXX1", RefundMinor: -1})
	require.Equal(t, []string{"order_number", "currency", "refund_minor"}, paths(err))
}
