package notify_test

import (
	"context"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/clock"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/db/dbtest"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/flowtest"
	"github.com/waybill/waybill/internal/notify"
	"github.com/waybill/waybill/internal/notify/mailpittest"
	"github.com/waybill/waybill/internal/order"
	"github.com/waybill/waybill/internal/pack"
	"github.com/waybill/waybill/internal/ship"
	"github.com/waybill/waybill/internal/track"
)

// trackFacts hands the messenger the rig's tracking stage, which the rig
// builds after the messenger it is given.
type trackFacts struct{ s *track.Store }

func (f *trackFacts) ParcelFact(ctx context.Context, orderID, tracking string) (notify.ParcelFact, error) {
	return f.s.ParcelFact(ctx, orderID, tracking)
}

// TestTrackingNoticesReachTheCustomer follows a parcel from the handover
// through the tracking stage to mailpit and an SMS gateway: the shipped
// notice links the parcel's public page, a failed delivery attempt
// ingested as the carrier's event sends the attempted notice by e-mail and
// SMS once however often the event arrives, and an attempt reported after
// the parcel was delivered sends nothing.
func TestTrackingNoticesReachTheCustomer(t *testing.T) {
	dbtest.EachAt(t, time.Date(2026, 12, 7, 14, 0, 0, 0, time.UTC), func(t *testing.T, d *db.DB, clk *clock.Fixed) {
		mp := mailpittest.Start(t)
		renderer, err := notify.NewRenderer()
		require.NoError(t, err)
		mail, err := notify.NewSMTPSender(notify.SMTPConfig{Host: mp.Host, Port: mp.SMTPPort, From: "shop@example.com",
			TLS: notify.TLSNone, Timeout: 5 * time.Second}, clk)
		require.NoError(t, err)
		gw := &smsGateway{}
		srv := httptest.NewServer(gw)
		t.Cleanup(srv.Close)
		sms, err := notify.NewHTTPSMSProvider(notify.HTTPSMSConfig{URL: srv.URL, Token: "t", Timeout: 5 * time.Second}, clk)
		require.NoError(t, err)
		facts := &trackFacts{}
		m := notify.Messenger{Renderer: renderer, Email: mail, SMS: sms, Parcels: facts, PublicURL: "https://track.shop.example/"}
		r := flowtest.New(t, d, flowtest.Options{Clock: clk, Notifier: m})
		facts.s = r.Tracking
		o, tracking := shipOne(t, r)
		parcels, err := r.Tracking.OrderParcels(context.Background(), o.ID)
		require.NoError(t, err)
		require.Len(t, parcels, 1)
		page := "https://track.shop.example/track/" + parcels[0].Token

		r.RunJobs(t)
		shipped := waitSubject(t, mp, "Your order "+o.Number+" has shipped")
		require.Contains(t, shipped.Text, "Track it: "+page)

		attempt := ship.TrackingEvent{EventID: "a-1", TrackingNumber: tracking, Status: ship.TrackDeliveryAttempted,
			Reason: ship.ReasonNoOneHome, OccurredAt: clk.Now().Add(time.Hour)}
		for range 2 { // the carrier sends it twice
			_, err = r.Tracking.Ingest(context.Background(), "eastline", track.FromWebhook, []ship.TrackingEvent{attempt})
			require.NoError(t, err)
		}
		r.RunJobs(t)
		got := waitSubject(t, mp, "We tried to deliver your parcel of order "+o.Number)
		require.Equal(t, "ada@example.com", got.To[0].Address)
		require.Contains(t, got.Text, "Eastline Parcel tried to deliver a parcel of your order "+o.Number+" today. No one was home to receive it.")
		require.Contains(t, got.Text, "Tracking number: "+tracking)
		require.Contains(t, got.Text, "Follow it:       "+page)
		require.Contains(t, got.HTML, `href="`+page+`"`)
		var texts []string
		for _, c := range gw.Calls() {
			if strings.Contains(c.Text, "could not deliver") {
				require.Equal(t, phone, c.To)
				texts = append(texts, c.Text)
			}
		}
		require.Equal(t, []string{"Order " + o.Number + ": Eastline Parcel could not deliver parcel " + tracking +
			". The carrier will try again. " + page}, texts, "one SMS for the event sent twice")

		// Delivered the next day; an attempt the carrier reports late is
		// history only, and its notice, had one been queued, says nothing.
		_, err = r.Tracking.Ingest(context.Background(), "eastline", track.FromWebhook, []ship.TrackingEvent{
			{EventID: "d-1", TrackingNumber: tracking, Status: ship.TrackDelivered, OccurredAt: clk.Now().Add(26 * time.Hour)}})
		require.NoError(t, err)
		f, err := r.Tracking.ParcelFact(context.Background(), o.ID, tracking)
		require.NoError(t, err)
		require.True(t, f.Settled)
		require.NoError(t, m.NotifyParcel(context.Background(), o, "delivery_attempted", "email", "late-attempt", tracking))
		r.RunJobs(t)
		require.Equal(t, 1, countSubject(t, mp, "We tried to deliver your parcel of order "+o.Number))

		_, err = r.Tracking.ParcelFact(context.Background(), "ord_other", tracking)
		require.True(t, errs.Is(err, errs.NotFound), "a parcel answers only for its own order: %v", err)
		other := o
		other.ID = "ord_other"
		err = m.NotifyParcel(context.Background(), other, "delivery_attempted", "email", "other-order", tracking)
		require.True(t, errs.Is(err, errs.Invalid), "never retried: %v", err)
	})
}

// shipOne sets up warehouse EAST with the table carrier Eastline and
// ships an order of one unit: the order and its parcel's tracking number.
func shipOne(t *testing.T, r *flowtest.Rig) (order.Order, string) {
	t.Helper()
	skus := r.AddProducts(t, 1)
	r.AddWarehouse(t, "EAST")
	r.Receive(t, "EAST", skus[0], 10)
	_, err := r.Packing.PutCarton(flowtest.As(flowtest.Chief), "EAST", "M", pack.Carton{InnerMM: [3]int64{250, 250, 250},
		OuterMM: [3]int64{262, 262, 262}, TareG: 300, MaxWeightG: 20000, CostMinor: 90, Material: "corrugated", OnHand: 50, Active: true})
	require.NoError(t, err)
	data, err := os.ReadFile("../track/testdata/eastline.json")
	require.NoError(t, err)
	_, err = r.Shipping.PutCarrier(flowtest.As(flowtest.Chief), data, true)
	require.NoError(t, err)
	o, sh := r.Shipped(t, "EAST", "M", "TRK-1", flowtest.Line(skus[0], 1))
	require.Len(t, sh.Parcels, 1)
	return o, sh.Parcels[0].TrackingNumber
}

// waitSubject is the one message mailpit holds with this subject, waiting
// briefly for it to be stored.
func waitSubject(t *testing.T, mp *mailpittest.Server, subject string) mailpittest.Message {
	t.Helper()
	for range 100 {
		var list struct{ Messages []mailpittest.Summary }
		mp.GetJSON(t, "/api/v1/messages?limit=500", &list)
		for _, s := range list.Messages {
			if strings.TrimSpace(s.Subject) == subject {
				var m mailpittest.Message
				mp.GetJSON(t, "/api/v1/message/"+s.ID, &m)
				return m
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("no message %q reached mailpit", subject)
	return mailpittest.Message{}
}

// countSubject counts the messages mailpit holds with this subject.
func countSubject(t *testing.T, mp *mailpittest.Server, subject string) int {
	t.Helper()
	var list struct{ Messages []mailpittest.Summary }
	mp.GetJSON(t, "/api/v1/messages?limit=500", &list)
	n := 0
	for _, s := range list.Messages {
		if s.Subject == subject {
			n++
		}
	}
	return n
}
