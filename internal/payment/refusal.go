package payment

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"time"
	"unicode/utf8"

	"github.com/danielgtaylor/huma/v2"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/httpapi"
	"github.com/waybill/waybill/internal/id"
)

// Refusal is a delivery whose signature was right but whose body was
// refused: the gateway sent it, so there may be money behind it that no
// order will ever show. Finance reads them at GET /v1/payment-refusals.
type Refusal struct {
	ID         string            `json:"id"`
	Gateway    string            `json:"gateway"`
	MessageKey string            `json:"message_key" doc:"The delivery's webhook-id, or sha256:<hex> of the body when the gateway sends none; a retry of the same message is kept once"`
	ReceivedAt time.Time         `json:"received_at" doc:"When it first arrived"`
	Problems   []errs.FieldError `json:"problems" nullable:"false" doc:"Why it was refused, field by field, as the gateway was told"`
	Body       string            `json:"body" doc:"The body as sent (base64 when it was not UTF-8 text)"`
	RemoteAddr string            `json:"remote_addr"`
}

// recordRefusal keeps a signed delivery that was refused for its body,
// once per gateway and message. It runs after the refusal was decided and
// never changes the answer: a failure to record is the caller's to log.
func (s *Store) recordRefusal(ctx context.Context, gateway, messageID, remote string, refused error, body []byte) error {
	key := messageID
	if key == "" {
		sum := sha256.Sum256(body)
		key = "sha256:" + hex.EncodeToString(sum[:])
	}
	problems := errs.FieldsOf(refused)
	if problems == nil {
		problems = []errs.FieldError{{Message: refused.Error()}}
	}
	reason, err := json.Marshal(problems)
	if err != nil {
		return err
	}
	text := string(body)
	if !utf8.Valid(body) || containsNUL(body) {
		text = base64.StdEncoding.EncodeToString(body)
	}
	return s.db.Write(ctx, func(tx *db.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO payment_refusals (id, gateway, message_key, received_at, reason, body, remote_addr)
			VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (gateway, message_key) DO NOTHING`,
			id.New("pre", tx.Now), gateway, key, tx.Now, string(reason), text, remote)
		return err
	})
}

func containsNUL(b []byte) bool {
	for _, c := range b {
		if c == 0 {
			return true
		}
	}
	return false
}

// Refusals lists recorded refusals, newest first, before the id before.
func (s *Store) Refusals(ctx context.Context, before string, limit int) ([]Refusal, error) {
	var out []Refusal
	err := s.db.Read(ctx, func(tx *db.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT id, gateway, message_key, received_at, reason, body, remote_addr
			FROM payment_refusals WHERE ($1 = '' OR id < $1) ORDER BY id DESC LIMIT $2`, before, limit)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var r Refusal
			var reason string
			if err := rows.Scan(&r.ID, &r.Gateway, &r.MessageKey, &r.ReceivedAt, &reason, &r.Body, &r.RemoteAddr); err != nil {
				return err
			}
			if err := json.Unmarshal([]byte(reason), &r.Problems); err != nil {
				return err
			}
			r.ReceivedAt = r.ReceivedAt.UTC()
			out = append(out, r)
		}
		return rows.Err()
	})
	return out, err
}

// registerRefusals adds GET /v1/payment-refusals for finance.
func registerRefusals(api *httpapi.API, s *Store) {
	httpapi.Register(api, huma.Operation{OperationID: "list-payment-refusals", Method: http.MethodGet, Path: "/v1/payment-refusals",
		Tags: []string{"Payments"}, Summary: "Signed payment deliveries refused for their body, newest first",
		Description: "A delivery whose signature was right but whose body was refused (422 to the gateway: an unknown type, " +
			"a missing amount, a bad currency) is kept once per gateway and message, with the problems and the body, " +
			"so that money behind it is not lost from sight. Unsigned or badly signed deliveries are not kept."},
		[]actor.Role{actor.Admin, actor.Finance},
		func(ctx context.Context, in *httpapi.PageParams) (*struct{ Body *httpapi.Page[Refusal] }, error) {
			before, err := httpapi.DecodeCursor(in.Cursor)
			if err != nil {
				return nil, err
			}
			rows, err := s.Refusals(ctx, before, in.Limit+1)
			if err != nil {
				return nil, err
			}
			return &struct{ Body *httpapi.Page[Refusal] }{httpapi.NewPage(rows, in.Limit, func(r Refusal) string { return r.ID })}, nil
		})
}
