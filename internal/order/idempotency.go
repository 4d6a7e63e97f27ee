package order

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"time"

	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/errs"
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

// loadAnswers reads the stored answers for the keys of a batch.
func loadAnswers(ctx context.Context, tx *db.Tx, keys []*Idempotency) (map[[2]string]storedAnswer, error) {
	out := map[[2]string]storedAnswer{}
	if len(keys) == 0 {
		return out, nil
	}
	args := make([]any, len(keys))
	for i, k := range keys {
		args[i] = k.Key
	}
	rows, err := tx.QueryContext(ctx, `SELECT actor_id, key, operation, request_hash, status_code, response, expires_at
		FROM idempotency_keys WHERE key IN (`+tx.Placeholders(1, len(args))+`)`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var actorID, key, body string
		var a storedAnswer
		if err := rows.Scan(&actorID, &key, &a.operation, &a.hash, &a.status, &body, &a.expires); err != nil {
			return nil, err
		}
		a.body = []byte(body)
		out[[2]string{actorID, key}] = a
	}
	return out, rows.Err()
}

// replay answers a request whose key has a stored answer: the same bytes for
// the same request, an error for a different one.
func (a storedAnswer) replay(k *Idempotency) Reply {
	if a.hash != k.Hash || a.operation != k.Operation {
		return Reply{Err: errs.E(errs.Invalid, "this Idempotency-Key was first used with a different request; use a new key")}
	}
	return Reply{Status: a.status, Body: a.body, Replayed: true}
}
