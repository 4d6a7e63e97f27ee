package httpcarrier

import (
	"testing"

	"github.com/waybill/waybill/internal/ship"
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
		fields, msg := decodeErrors(data)
		if len(fields) > 50 || len(msg) > 210 {
			t.Fatalf("unbounded error detail: %d fields, %d bytes", len(fields), len(msg))
		}
	})
}
