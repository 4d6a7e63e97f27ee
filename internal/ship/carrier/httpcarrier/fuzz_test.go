package httpcarrier

import (
	"net/http"
	"slices"
	"testing"

	"github.com/waybill/waybill/internal/clock"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/ship"
	"github.com/waybill/waybill/internal/ship/carrier/sim"
)

// FuzzDecodeAnswers feeds arbitrary carrier answers to every decoder: each
// returns a value or an error, never panics, and never accepts a booking
// that does not label every parcel.
func FuzzDecodeAnswers(f *testing.F) {
	f.Add([]byte(`{"rates":[{"service":"saver","currency":"USD","amount":1234,"breakdown":{"base":1000},"ship_date":"2026-12-07","estimated_delivery":"2026-12-10"}]}`))
	f.Add([]byte(`{"id":"shp_000001","status":"booked","charge":{"amount":1,"currency":"USD"},"parcels":[{"reference":"P1","tracking_number":"PW00000001001","sort_code":"Z8/US941"}]}`))
	f.Add([]byte(`{"id":"mf_000001","origin":"US-EWR1","date":"2026-12-07","shipments":[{"id":"shp_1","tracking_numbers":["a"]}],"parcel_count":1}`))
	f.Add([]byte(`{"errors":[{"code":"invalid_postcode","field":"to.postal_code","message":"no"}]}`))
	f.Add([]byte(`{"type":"x","title":"Unauthorized","status":401,"detail":"missing key"}`))
	f.Add([]byte(`{"rates":null}`))
	f.Add([]byte(`{"results":[{"tracking_number":"PW1","events":[{"id":"e"}]}]}`))
	f.Add([]byte(`{"id":"shp_1","parcels":[{"reference":"P1","tracking_number":"PW1"}]}{}`))
	req := ship.CreateRequest{Parcels: []ship.CreateParcel{{Reference: "P1"}}}
	f.Fuzz(func(t *testing.T, data []byte) {
		if quotes, err := decodeRates("c", data); err == nil {
			for _, q := range quotes {
				if q.Service == "" || q.Total < 0 {
					t.Fatalf("accepted a rate without service or with a negative amount: %+v", q)
				}
			}
		}
		if c, err := decodeCreated(req, data); err == nil {
			if c.ShipmentID == "" || len(c.Parcels) != 1 || c.Parcels[0].TrackingNumber == "" {
				t.Fatalf("accepted an incomplete booking: %+v", c)
			}
		}
		if m, err := decodeManifest("c", data); err == nil && m.ID == "" {
			t.Fatalf("accepted a manifest without id")
		}
		if results, err := decodeTracking(map[string]bool{"PW1": true}, data); err == nil {
			for _, r := range results {
				if r.TrackingNumber != "PW1" || len(results) != 1 {
					t.Fatalf("accepted a poll answer for numbers not asked: %+v", results)
				}
			}
		}
		fields, msg := decodeErrors(data)
		if len(fields) > 50 || len(msg) > 210 {
			t.Fatalf("unbounded error detail: %d fields, %d bytes", len(fields), len(msg))
		}
	})
}

// FuzzWebhook feeds arbitrary bodies and signature headers to Webhook. A
// body signed with the secret reaches the parser, which answers events or
// an Invalid error naming fields, never panics and never accepts an event
// without id, tracking number or a normalised status. Any other header is
// refused as Unauthorized or the body as too large.
func FuzzWebhook(f *testing.F) {
	f.Add([]byte(oneEvent), "", true)
	f.Add([]byte(`{"id":"wh_1","type":"tracking.updated","created_at":"2026-12-07T14:00:00Z","events":[{"id":"e","tracking_number":"PW1","code":"DL","occurred_at":"2026-12-07T13:00:00Z","cod_collected":{"amount":1,"currency":"USD"}}]}`), "", true)
	f.Add([]byte(`{"id":"wh_1","type":"tracking.updated","created_at":"2026-12-07T14:00:00Z","events":[{"code":"AT","reason":"??"},null,1,"x",[]]}`), "", true)
	f.Add([]byte(`{"events":[{"cod_collected":{"amount":1e400}}]}`), "", true)
	f.Add([]byte(oneEvent), "t=1796652000,v1=00", false)
	f.Add([]byte(oneEvent), "t=,v1=,,==,t=9999999999999999999999", false)
	c, err := New(Config{Code: "parcelway", BaseURL: "http://127.0.0.1:1", APIKey: apiKey, WebhookSecret: webhookSecret,
		Clock: clock.NewFixed(trackNow)})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, body []byte, header string, sign bool) {
		h := http.Header{}
		if sign {
			h.Set(sim.SignatureHeader, sim.Sign(webhookSecret, trackNow, body))
		} else {
			h.Set(sim.SignatureHeader, header)
		}
		evs, err := c.Webhook(h, body)
		switch {
		case err == nil:
			for _, ev := range evs {
				if ev.EventID == "" || ev.TrackingNumber == "" || !slices.Contains(ship.TrackingStatuses, ev.Status) || ev.OccurredAt.IsZero() {
					t.Fatalf("accepted an incomplete event: %+v", ev)
				}
				if ev.Reason != "" && !slices.Contains(ship.TrackingReasons, ev.Reason) {
					t.Fatalf("a reason outside the normalised ones: %q", ev.Reason)
				}
			}
		case !sign && !errs.Is(err, errs.Unauthorized) && !errs.Is(err, errs.Invalid):
			t.Fatalf("an unsigned body gave %v", err)
		case sign && !errs.Is(err, errs.Invalid):
			t.Fatalf("a signed body gave %v", err)
		case errs.Is(err, errs.Invalid) && len(errs.FieldsOf(err)) == 0:
			t.Fatalf("refused without naming a field: %v", err)
		}
	})
}
