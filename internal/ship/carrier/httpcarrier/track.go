package httpcarrier

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"

	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/ship"
)

// Track polls the carrier for the events of up to ship.MaxTrack parcels,
// with the retries and timeouts of every call, and answers them oldest
// first. A number asked twice is asked once. An event the client cannot
// map is refused like a webhook's, the field named by its place in the
// carrier's answer ("results[0].events[3].code").
func (c *Client) Track(ctx context.Context, trackingNumbers []string) ([]ship.TrackingEvent, error) {
	if len(trackingNumbers) > ship.MaxTrack {
		return nil, errs.Field("tracking_numbers", errs.CodeOutOfRange, "track at most %d parcels per call, got %d", ship.MaxTrack, len(trackingNumbers))
	}
	var f errs.Fields
	asked := make([]string, 0, len(trackingNumbers))
	seen := map[string]bool{}
	for i, tn := range trackingNumbers {
		checkToken(&f, fmt.Sprintf("tracking_numbers[%d]", i), tn)
		if !seen[tn] {
			seen[tn] = true
			asked = append(asked, tn)
		}
	}
	if err := f.Err(); err != nil || len(asked) == 0 {
		return nil, err
	}
	var results []wireTrackingResult
	err := c.do(ctx, call{method: http.MethodPost, path: "/v1/tracking", body: map[string]any{"tracking_numbers": asked},
		decode: func(data []byte) (err error) {
			results, err = decodeTracking(seen, data)
			return err
		}})
	if err != nil {
		return nil, err
	}
	var out []ship.TrackingEvent
	for i, r := range results {
		for j, raw := range r.Events {
			path := fmt.Sprintf("results[%d].events[%d]", i, j)
			ev, ef := toEvent(path, raw)
			if len(ef) == 0 && ev.TrackingNumber != r.TrackingNumber {
				ef.Add(path+".tracking_number", errs.CodeUnknown, "%s.tracking_number is another parcel's", path)
			}
			if f = append(f, ef...); len(f) >= maxFieldErrors {
				return nil, c.invalid(f)
			}
			out = append(out, ev)
		}
	}
	if len(f) > 0 {
		return nil, c.invalid(f)
	}
	oldestFirst(out)
	return out, nil
}

type wireTrackingResult struct {
	TrackingNumber string            `json:"tracking_number"`
	Events         []json.RawMessage `json:"events"`
}

// decodeTracking reads a poll's answer: one result for each number asked
// at most, none for a number not asked. A broken answer is retried.
func decodeTracking(asked map[string]bool, data []byte) ([]wireTrackingResult, error) {
	var body struct {
		Results *[]wireTrackingResult `json:"results"`
	}
	if err := decodeStrict(data, &body); err != nil {
		return nil, err
	}
	if body.Results == nil {
		return nil, fmt.Errorf("%w: no results list", errUnexpected)
	}
	answered, events := map[string]bool{}, 0
	for _, r := range *body.Results {
		if !asked[r.TrackingNumber] || answered[r.TrackingNumber] {
			return nil, fmt.Errorf("%w: a result for a number not asked, or twice", errUnexpected)
		}
		answered[r.TrackingNumber] = true
		if events += len(r.Events); events > maxEntries {
			return nil, fmt.Errorf("%w: over %d events", errUnexpected, maxEntries)
		}
	}
	return *body.Results, nil
}
