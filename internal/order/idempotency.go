package order

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"time"

	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/httpapi"
)

// Idempotency is a write's Idempotency-Key with a digest of the request it
// came with, so a retry is recognised and a reused key with another body is
// refused.
type Idempotency struct {
	ActorID   string
	Key       string
	Operation string
	Hash      string
}

// NewIdempotency returns the key record for a request, nil without a key.
func NewIdempotency(actorID, key, operation string, body []byte) *Idempotency {
	if key == "" {
		return nil
	}
	sum := sha256.Sum256(append([]byte(operation+"\n"), body...))
	return &Idempotency{ActorID: actorID, Key: key, Operation: operation, Hash: hex.EncodeToString(sum[:])}
}

// storedAnswer is a key's first answer, as kept in idempotency_keys.
type storedAnswer struct {
	hash, operation string
	status          int
	body            []byte
	expires         time.Time
}

// loadAnswers reads the stored answers for the keys of a batch, one query
// per caller so each uses the (actor_id, key) primary key.
func loadAnswers(ctx context.Context, tx *db.Tx, keys []*Idempotency) (map[[2]string]storedAnswer, error) {
	out := map[[2]string]storedAnswer{}
	byActor := map[string][]string{}
	for _, k := range keys {
		byActor[k.ActorID] = append(byActor[k.ActorID], k.Key)
	}
	for actorID, list := range byActor {
		err := db.InChunks(list, func(part []any) error {
			rows, err := tx.QueryContext(ctx, `SELECT key, operation, request_hash, status_code, response, expires_at
				FROM idempotency_keys WHERE actor_id = `+tx.Placeholders(1, 1)+` AND key IN (`+tx.Placeholders(2, len(part))+`)`,
				append([]any{actorID}, part...)...)
			if err != nil {
				return err
			}
			defer rows.Close()
			for rows.Next() {
				var key, body string
				var a storedAnswer
				if err := rows.Scan(&key, &a.operation, &a.hash, &a.status, &body, &a.expires); err != nil {
					return err
				}
				a.body = []byte(body)
				out[[2]string{actorID, key}] = a
			}
			return rows.Err()
		})
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// replay answers a request whose key has a stored answer: the same answer
// for the same request, an error for a different one.
func (a storedAnswer) replay(k *Idempotency) Reply {
	if a.hash != k.Hash || a.operation != k.Operation {
		return Reply{Err: errs.E(errs.Invalid, "this Idempotency-Key was first used with a different request; use a new key")}
	}
	if a.status >= 400 {
		return Reply{Refusal: loadRefusal(a.body), Replayed: true}
	}
	return Reply{Status: a.status, Body: a.body, Replayed: true}
}

// storedRefusal is how a refusal is kept under its idempotency key: its
// kind, message and fields, named as the problem document the API renders
// from them names them (a row written before refusals were stored typed
// holds that whole document, which reads back the same way).
type storedRefusal struct {
	Code   errs.Kind         `json:"code"`
	Detail string            `json:"detail"`
	Errors []errs.FieldError `json:"errors,omitempty"`
}

func storeRefusal(e *errs.Error) []byte {
	body, _ := json.Marshal(storedRefusal{Code: e.Kind, Detail: e.Message, Errors: e.Fields}) // plain strings: cannot fail
	return body
}

func loadRefusal(body []byte) *errs.Error {
	var r storedRefusal
	if err := json.Unmarshal(body, &r); err != nil || r.Code == "" {
		return errs.E(errs.Internal, "the stored answer of this Idempotency-Key cannot be read")
	}
	return &errs.Error{Kind: r.Code, Message: r.Detail, Fields: r.Errors}
}

// refusalStatus is the HTTP status a refusal is answered with, kept with it
// for people reading the table: the HTTP layer's one table decides it.
func refusalStatus(e *errs.Error) int { return httpapi.StatusOf(e.Kind) }
