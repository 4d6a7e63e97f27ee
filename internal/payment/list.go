package payment

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/httpapi"
)

// Received is a payment event as it was recorded, with what it did: what
// finance reads to find money that matched no order, or an event that was
// ignored.
type Received struct {
	Gateway     string          `json:"gateway"`
	EventID     string          `json:"event_id"`
	OrderID     string          `json:"order_id,omitempty" doc:"The order it was matched to; absent when unmatched"`
	OrderRef    string          `json:"order_ref" doc:"The order as the gateway named it"`
	Type        string          `json:"type" doc:"The gateway's event type"`
	Kind        string          `json:"kind" doc:"What it means for an order: authorized, paid, failed, canceled, refunded, ignored"`
	PaymentID   string          `json:"payment_id,omitempty"`
	AmountMinor int64           `json:"amount_minor"`
	Currency    string          `json:"currency"`
	OccurredAt  time.Time       `json:"occurred_at"`
	ReceivedAt  time.Time       `json:"received_at"`
	Applied     bool            `json:"applied" doc:"It changed the order"`
	Outcome     string          `json:"outcome" doc:"applied: …, ignored: … or unmatched: …, in words"`
	Raw         json.RawMessage `json:"raw" doc:"The body as the gateway sent it"`
}

// ReceivedFilter narrows List; zero fields match everything.
type ReceivedFilter struct {
	Outcome, Gateway, OrderID string
	Before                    string // cursor: events received before this one
	Limit                     int
}

// List returns recorded payment events, newest first.
func (s *Store) List(ctx context.Context, f ReceivedFilter) ([]Received, error) {
	beforeAt, beforeKey := time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC), ""
	if f.Before != "" {
		at, key, _ := strings.Cut(f.Before, " ")
		t, err := time.Parse(time.RFC3339Nano, at)
		if err != nil {
			return nil, errs.E(errs.Invalid, "cursor is not one this API issued")
		}
		beforeAt, beforeKey = t, key
	}
	var out []Received
	err := s.db.Read(ctx, func(tx *db.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT gateway, event_id, COALESCE(order_id, ''), order_ref, type, kind, payment_id,
			amount_minor, currency, occurred_at, received_at, applied, outcome, raw FROM payment_events
			WHERE ($1 = '' OR outcome LIKE $1 || ':%') AND ($2 = '' OR gateway = $2) AND ($3 = '' OR order_id = $3)
			AND (received_at < $4 OR (received_at = $4 AND gateway || ' ' || event_id < $5))
			ORDER BY received_at DESC, gateway DESC, event_id DESC LIMIT $6`,
			f.Outcome, f.Gateway, f.OrderID, beforeAt, beforeKey, f.Limit)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var r Received
			var raw string
			if err := rows.Scan(&r.Gateway, &r.EventID, &r.OrderID, &r.OrderRef, &r.Type, &r.Kind, &r.PaymentID,
				&r.AmountMinor, &r.Currency, &r.OccurredAt, &r.ReceivedAt, &r.Applied, &r.Outcome, &raw); err != nil {
				return err
			}
			r.OccurredAt, r.ReceivedAt = r.OccurredAt.UTC(), r.ReceivedAt.UTC()
			if json.Valid([]byte(raw)) {
				r.Raw = json.RawMessage(raw)
			} else {
				r.Raw, _ = json.Marshal(raw)
			}
			out = append(out, r)
		}
		return rows.Err()
	})
	return out, err
}

// registerList adds GET /v1/payment-events for finance.
func registerList(api *httpapi.API, s *Store) {
	type listIn struct {
		httpapi.PageParams
		Outcome string `query:"outcome" enum:"applied,ignored,unmatched" doc:"Only events with this outcome: unmatched is money no order claimed"`
		Gateway string `query:"gateway" maxLength:"64"`
		OrderID string `query:"order_id" maxLength:"64" doc:"Only events matched to this order (ord_…)"`
	}
	httpapi.Register(api, huma.Operation{OperationID: "list-payment-events", Method: http.MethodGet, Path: "/v1/payment-events",
		Tags: []string{"Payments"}, Summary: "Payment events received, newest first, with what each did",
		Description: "Every event a gateway delivered with a valid signature and body is recorded once, with its outcome: " +
			"applied to its order, ignored (late, repeated or irrelevant) or unmatched (no such order: money for a person " +
			"to find). Deliveries refused for their signature or body are not recorded."},
		[]actor.Role{actor.Admin, actor.Finance},
		func(ctx context.Context, in *listIn) (*struct{ Body *httpapi.Page[Received] }, error) {
			before, err := httpapi.DecodeCursor(in.Cursor)
			if err != nil {
				return nil, err
			}
			rows, err := s.List(ctx, ReceivedFilter{Outcome: in.Outcome, Gateway: in.Gateway, OrderID: in.OrderID,
				Before: before, Limit: in.Limit + 1})
			if err != nil {
				return nil, err
			}
			return &struct{ Body *httpapi.Page[Received] }{httpapi.NewPage(rows, in.Limit, func(r Received) string {
				return r.ReceivedAt.Format(time.RFC3339Nano) + " " + r.Gateway + " " + r.EventID
			})}, nil
		})
}
