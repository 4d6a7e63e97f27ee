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

// loadAnswers reads the stored answers for the keys of a batch, one query
// per caller so each uses the (actor_id, key) primary key.
func loadAnswers(ctx context.Context, tx *db.Tx, keys []*Idempotency) (map[[2]string]storedAnswer, error) {
	out := map[[2]string]storedAnswer{}
	byActor := map[string][]string{}
	for _, k := range keys {
		byActor[k.ActorID] = append(byActor[k.ActorID], k.Key)
	}
	for actorID, list := range byActor {
		err := inChunks(list, func(part []any) error {
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

// replay answers a request whose key has a stored answer: the same bytes for
// the same request, an error for a different one.
func (a storedAnswer) replay(k *Idempotency) Reply {
	if a.hash != k.Hash || a.operation != k.Operation {
		return Reply{Err: errs.E(errs.Invalid, "this Idempotency-Key was first used with a different request; use a new key")}
	}
	return Reply{Status: a.status, Body: a.body, Replayed: true}
}
