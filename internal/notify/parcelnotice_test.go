package notify

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/order"
)

// sampleParcel is a tracking notice of the sample order's parcel, linked to
// its public page and promised for a Friday.
func sampleParcel(m order.Message, locale, reason string) ParcelNotice {
	return ParcelNotice{Message: m, OrderNumber: "WB-260302-0042", Locale: locale, CustomerName: "Li Wei 李伟",
		Carrier: "Eastline Parcel", TrackingNumber: "EG123456785US", Reason: reason,
		PromisedDate: time.Date(2026, 3, 6, 0, 0, 0, 0, time.UTC),
		URL:          "https://track.shop.example/track/k3q9x7b2m4n6p8r0t2v4w6y8za"}
}

// TestParcelNoticesGolden pins the three tracking notices in both
// languages: an attempt with no one home and one at a wrong address, a
// pickup point with and without its name, a late parcel with and without
// the carrier's new date.
func TestParcelNoticesGolden(t *testing.T) {
	r := newTestRenderer(t)
	pickup := sampleParcel(order.PickupMessage, "en", "")
	pickup.Location, pickup.PromisedDate = "Eastline Point, 12 Main St, Newark", time.Time{}
	pickupZH := pickup
	pickupZH.Locale, pickupZH.Location, pickupZH.CustomerName = "zh-CN", "", ""
	delayed := sampleParcel(order.DelayedMessage, "en", "weather")
	delayed.NewEstimate = time.Date(2026, 3, 9, 0, 0, 0, 0, time.UTC)
	delayedZH := sampleParcel(order.DelayedMessage, "zh-CN", "customs")
	address := sampleParcel(order.AttemptedMessage, "en", "address")
	address.URL = ""
	for name, n := range map[string]ParcelNotice{
		"attempted_en":         sampleParcel(order.AttemptedMessage, "en", "no_one_home"),
		"attempted_en_address": address,
		"attempted_zh":         sampleParcel(order.AttemptedMessage, "zh-CN", "no_one_home"),
		"pickup_en":            pickup,
		"pickup_zh":            pickupZH,
		"delayed_en":           delayed,
		"delayed_zh":           delayedZH,
	} {
		t.Run(name, func(t *testing.T) {
			out, err := r.RenderParcel(n)
			require.NoError(t, err)
			golden(t, name+".subject", out.Subject+"\n")
			golden(t, name+".txt", out.Text)
			golden(t, name+".html", out.HTML)
			golden(t, name+".sms", out.SMS+"\n")
		})
	}
}

// A notice that is not a tracking notice, or lacks what it must say, is
// refused naming each field.
func TestParcelNoticeRefusesBadInput(t *testing.T) {
	r := newTestRenderer(t)
	_, err := r.RenderParcel(ParcelNotice{Message: order.ShippedMessage, OrderNumber: "WB 1", URL: "javascript:alert(1)"})
	require.True(t, errs.Is(err, errs.Invalid))
	var fields []string
	for _, f := range errs.FieldsOf(err) {
		fields = append(fields, f.Path)
	}
	require.Equal(t, []string{"message", "order_number", "tracking_number", "url"}, fields)
}

// The customer's name and the carrier's words are cleaned and escaped: a
// name cannot add markup to the HTML body or a line to the SMS.
func TestParcelNoticeEscapesCustomerText(t *testing.T) {
	r := newTestRenderer(t)
	n := sampleParcel(order.PickupMessage, "en", "")
	n.CustomerName, n.Location = "<b>Ada</b>", "Point\nSMS: call +1 555"
	out, err := r.RenderParcel(n)
	require.NoError(t, err)
	require.Contains(t, out.HTML, "&lt;b&gt;Ada&lt;/b&gt;")
	require.NotContains(t, out.SMS, "\n")
	require.Contains(t, out.SMS, "Point SMS: call +1 555")
}
