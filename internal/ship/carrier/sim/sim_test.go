package sim

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"github.com/waybill/waybill/internal/clock"
)

const key = "sim-key"

const booking = `{"service":"priority","origin":"US-EWR1","reference":"WB-1",
 "from":{"name":"Newark FC","street1":"200 Doremus Ave","city":"Newark","state":"NJ","postal_code":"07105","country":"US"},
 "to":{"name":"Ada","street1":"1 Main St","city":"Boston","state":"MA","postal_code":"02110","country":"US"},
 "parcels":[{"reference":"P1","weight_g":900,"length_mm":300,"width_mm":200,"height_mm":100}]}`

// TestWireFormat drives the simulator with raw HTTP, as an integrator
// reading its documentation would, one scenario per row.
func TestWireFormat(t *testing.T) {
	s, err := New(Config{APIKey: key, Clock: clock.NewFixed(time.Date(2026, 12, 7, 14, 0, 0, 0, time.UTC))})
	require.NoError(t, err)
	srv := httptest.NewServer(s)
	defer srv.Close()
	cases := []struct {
		name, method, path, apiKey, idem, body string
		status                                 int
		contentType                            string
		want                                   []string // substrings of the answer
		replayed                               bool
	}{
		{"no key", "POST", "/v1/rates", "", "", `{}`, 401, "application/problem+json", []string{`"status":401`, `"title":"Unauthorized"`}, false},
		{"wrong key", "POST", "/v1/rates", "nope", "", `{}`, 401, "application/problem+json", []string{`X-Api-Key`}, false},
		{"broken JSON", "POST", "/v1/rates", key, "", `{"origin":`, 400, "application/json", []string{`"code":"malformed_json"`}, false},
		{"body too large", "POST", "/v1/rates", key, "", `{"origin":"` + strings.Repeat("x", maxBody) + `"}`, 413, "application/json", []string{`body_too_large`}, false},
		{"rates", "POST", "/v1/rates", key, "", `{"origin":"US-EWR1","to":{"country":"US","postal_code":"02110"},"parcels":[{"weight_g":900,"length_mm":300,"width_mm":200,"height_mm":100}]}`,
			200, "application/json", []string{`"service":"saver"`, `"service":"priority"`, `"ship_date":"2026-12-07"`, `"breakdown":{`}, false},
		{"rate field error", "POST", "/v1/rates", key, "", `{"origin":"US-EWR1","to":{"country":"usa"},"parcels":[]}`,
			422, "application/json", []string{`"field":"to.country"`, `"field":"parcels"`}, false},
		{"booking needs a key", "POST", "/v1/shipments", key, "", booking, 400, "application/json", []string{`idempotency_key_required`}, false},
		{"booking", "POST", "/v1/shipments", key, "b-1", booking, 201, "application/json", []string{`"id":"shp_000001"`, `"status":"booked"`, `"tracking_number":"PW`}, false},
		{"booking replayed", "POST", "/v1/shipments", key, "b-1", booking, 201, "application/json", []string{`"id":"shp_000001"`}, true},
		{"key reused", "POST", "/v1/shipments", key, "b-1", strings.Replace(booking, "900", "901", 1), 409, "application/json", []string{`idempotency_key_reused`}, false},
		{"bad postcode", "POST", "/v1/shipments", key, "b-2", strings.Replace(booking, "02110", "00501", 1), 422, "application/json",
			[]string{`"code":"invalid_postcode"`, `"field":"to.postal_code"`}, false},
		{"get", "GET", "/v1/shipments/shp_000001", key, "", "", 200, "application/json", []string{`"reference":"WB-1"`}, false},
		{"get unknown", "GET", "/v1/shipments/shp_404", key, "", "", 404, "application/json", []string{`shipment_not_found`}, false},
		{"manifest", "POST", "/v1/manifests", key, "m-1", `{"origin":"US-EWR1","date":"2026-12-07","shipment_ids":["shp_000001"]}`,
			201, "application/json", []string{`"id":"mf_000001"`, `"parcel_count":1`}, false},
		{"void after manifest", "POST", "/v1/shipments/shp_000001/void", key, "", `{}`, 409, "application/json", []string{`already_manifested`}, false},
		{"manifest twice", "POST", "/v1/manifests", key, "m-2", `{"origin":"US-EWR1","date":"2026-12-07","shipment_ids":["shp_000001"]}`,
			409, "application/json", []string{`already_manifested`}, false},
		{"unknown endpoint", "DELETE", "/v1/everything", key, "", "", 404, "application/json", []string{`no such endpoint`}, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			req, err := http.NewRequest(tc.method, srv.URL+tc.path, strings.NewReader(tc.body))
			require.NoError(t, err)
			if tc.apiKey != "" {
				req.Header.Set("X-Api-Key", tc.apiKey)
			}
			if tc.idem != "" {
				req.Header.Set("Idempotency-Key", tc.idem)
			}
			resp, err := http.DefaultClient.Do(req)
			require.NoError(t, err)
			defer resp.Body.Close()
			body, err := io.ReadAll(resp.Body)
			require.NoError(t, err)
			require.Equal(t, tc.status, resp.StatusCode, string(body))
			require.Equal(t, tc.contentType, resp.Header.Get("Content-Type"))
			require.True(t, json.Valid(body), string(body))
			for _, w := range tc.want {
				require.Contains(t, string(body), w)
			}
			require.Equal(t, tc.replayed, resp.Header.Get("Idempotent-Replayed") == "true")
		})
	}
	require.Len(t, s.Shipments(), 1)
}

func TestTrackingNumberCheckDigit(t *testing.T) {
	// Luhn over the ten digits: 0000000001 → 8 (1*2=2, 10-2=8).
	require.Equal(t, "PW00000000018", trackingNumber(1))
	require.Equal(t, "PW00000001008", trackingNumber(100)) // 1 in an odd place from the right: doubled
}
