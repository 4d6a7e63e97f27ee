package httpcarrier

import (
	"encoding/json"
	"fmt"
	"net/http"
	"time"

	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/ship"
)

// MaxWebhookBody is the largest webhook body accepted; the HTTP layer is
// expected to stop reading there too.
const MaxWebhookBody = 1 << 20

// Bounds on one webhook batch and on the problems reported about it.
const (
	maxBatch       = 1000
	maxFieldErrors = 20
)

// Webhook checks one Parcelway webhook delivery and reads its events,
// oldest first. The signature is checked before the body is read as JSON,
// so nothing unauthenticated is parsed. A notification of another type
// than tracking.updated carries no events and gives none: Parcelway may
// add types, and refusing them would only make it send them again.
func (c *Client) Webhook(header http.Header, body []byte) ([]ship.TrackingEvent, error) {
	if c.cfg.WebhookSecret == "" {
		return nil, errs.E(errs.NotFound, "carrier %s has no webhook secret configured: its webhooks are not accepted", c.cfg.Code)
	}
	if len(body) > MaxWebhookBody {
		return nil, errs.Field("body", errs.CodeTooLong, "a webhook body is at most %d bytes", MaxWebhookBody)
	}
	if err := c.checkSignature(header, body); err != nil {
		return nil, err
	}
	var batch struct {
		ID        string             `json:"id"`
		Type      string             `json:"type"`
		CreatedAt string             `json:"created_at"`
		Events    *[]json.RawMessage `json:"events"`
	}
	if f := decodeAt("", body, &batch); len(f) > 0 {
		return nil, c.invalid(f)
	}
	var f errs.Fields
	switch batch.Type {
	case "tracking.updated":
	case "":
		f.Add("type", errs.CodeRequired, "type is required")
	default:
		return nil, nil
	}
	checkToken(&f, "id", batch.ID)
	if _, err := time.Parse(time.RFC3339, batch.CreatedAt); err != nil {
		f.Add("created_at", errs.CodeFormat, "created_at must be an RFC 3339 instant")
	}
	switch {
	case batch.Events == nil:
		f.Add("events", errs.CodeRequired, "events is required")
	case len(*batch.Events) > maxBatch:
		f.Add("events", errs.CodeTooLong, "a batch holds at most %d events", maxBatch)
	}
	if len(f) > 0 {
		return nil, c.invalid(f)
	}
	out := make([]ship.TrackingEvent, 0, len(*batch.Events))
	for i, raw := range *batch.Events {
		ev, ef := toEvent(fmt.Sprintf("events[%d]", i), raw)
		if f = append(f, ef...); len(f) >= maxFieldErrors {
			break
		}
		out = append(out, ev)
	}
	if len(f) > 0 {
		return nil, c.invalid(f)
	}
	oldestFirst(out)
	return out, nil
}

// invalid is the refusal of a carrier's body, with at most maxFieldErrors
// of its problems.
func (c *Client) invalid(f errs.Fields) error {
	return &errs.Error{Kind: errs.Invalid, Message: fmt.Sprintf("carrier %s sent events Waybill cannot read", c.cfg.Code),
		Fields: f[:min(len(f), maxFieldErrors)]}
}
