package notify

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/errs"
)

// sampleUnitsCancelled is two units of a paid order cancelled, one line
// without a name.
func sampleUnitsCancelled(locale string) OrderUnitsCancelled {
	return OrderUnitsCancelled{OrderNumber: "WB-260302-0042", Locale: locale, CustomerName: "Li Wei 李伟", Currency: "USD",
		RefundMinor: 2598, TotalMinor: 9900, Items: []CancelledItem{
			{SKU: "MUG-BLU-350", Name: "Blue mug 350 ml", Units: 1},
			{SKU: "SPN-STL", Units: 1},
		}}
}

// TestUnitsCancelledGolden pins every part of the notice in both
// languages, paid (refunded) and cash on delivery (not collected), and
// with nothing of the order left.
func TestUnitsCancelledGolden(t *testing.T) {
	r := newTestRenderer(t)
	cod := sampleUnitsCancelled("zh-CN")
	cod.COD, cod.RefundMinor, cod.Items = true, 0, cod.Items[:1]
	all := sampleUnitsCancelled("en")
	all.AllCancelled, all.CustomerName = true, ""
	for name, u := range map[string]OrderUnitsCancelled{
		"unitscancelled_en":     sampleUnitsCancelled("en"),
		"unitscancelled_zh":     sampleUnitsCancelled("zh-CN"),
		"unitscancelled_zh_cod": cod,
		"unitscancelled_en_all": all,
	} {
		t.Run(name, func(t *testing.T) {
			out, err := r.RenderUnitsCancelled(u)
			require.NoError(t, err)
			golden(t, name+".subject", out.Subject+"\n")
			golden(t, name+".txt", out.Text)
			golden(t, name+".html", out.HTML)
			golden(t, name+".sms", out.SMS+"\n")
		})
	}
}

// The notice escapes customer text and refuses an inconsistent input,
// naming each field.
func TestRenderUnitsCancelled(t *testing.T) {
	t.Parallel()
	r := newTestRenderer(t)
	u := sampleUnitsCancelled("en")
	u.Items[0].Name = `"><script>x()</script>`
	out, err := r.RenderUnitsCancelled(u)
	require.NoError(t, err)
	require.NotContains(t, out.HTML, "<script>")
	require.Contains(t, out.Text, "$25.98")

	_, err = r.RenderUnitsCancelled(OrderUnitsCancelled{OrderNumber: "", Currency: "XXQ", RefundMinor: -1,
		Items: []CancelledItem{{Units: 0}}})
	var e *errs.Error
	require.ErrorAs(t, err, &e)
	var fields []string
	for _, f := range e.Fields {
		fields = append(fields, f.Path)
	}
	require.ElementsMatch(t, []string{"order_number", "currency", "refund_minor", "items[0].name", "items[0].units"}, fields)
}
