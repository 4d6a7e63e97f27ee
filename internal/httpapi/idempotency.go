package httpapi

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/errs"
)

// Idempotency-Key for every write that does not handle it itself. The key
// belongs to the API key that sent it (scope: a hash of the Authorization
// header, so no lookup is needed). The first request claims the key; the
// handler runs; a 2xx answer is stored and later requests with the same key
// and body get its bytes back, another body gets 422, and a request arriving
// while the first still runs gets 409. A non-2xx answer releases the claim,
// since a refused write wrote nothing.
//
// The answer is stored after the handler's own transaction commits, so a
// crash between the two lets a retry run the write again once the claim has
// gone stale (claimTTL). An operation that stores its answer inside its own
// transaction instead (order placement, where that matters most) is marked
// with OwnIdempotency, and the layer leaves its requests alone.

const (
	claimTTL     = 3 * time.Minute
	maxKeyLength = 255
)

type idempotencyLayer struct {
	db  *db.DB
	ttl time.Duration
	own *http.ServeMux // the operations marked OwnIdempotency, by method and path
}

// ownIdempotency is the operation metadata OwnIdempotency sets.
const ownIdempotency = "waybill.own_idempotency"

// OwnIdempotency marks op as storing the answer to a request with an
// Idempotency-Key in its own transaction, and replaying it, itself: the
// server's idempotency layer then leaves its requests alone.
func OwnIdempotency(op huma.Operation) huma.Operation {
	if op.Metadata == nil {
		op.Metadata = map[string]any{}
	}
	op.Metadata[ownIdempotency] = true
	return op
}

// ownOperations is a mux matching the requests of the operations marked
// OwnIdempotency in doc.
func ownOperations(doc *huma.OpenAPI) *http.ServeMux {
	mux := http.NewServeMux()
	for path, item := range doc.Paths {
		for method, op := range map[string]*huma.Operation{http.MethodPost: item.Post, http.MethodPut: item.Put,
			http.MethodPatch: item.Patch, http.MethodDelete: item.Delete} {
			if op != nil && op.Metadata[ownIdempotency] == true {
				mux.Handle(method+" "+path, http.NotFoundHandler())
			}
		}
	}
	return mux
}

func (l *idempotencyLayer) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		key := r.Header.Get("Idempotency-Key")
		auth := r.Header.Get("Authorization")
		if key == "" || auth == "" || r.Method == http.MethodGet || r.Method == http.MethodHead {
			next.ServeHTTP(w, r)
			return
		}
		if _, pattern := l.own.Handler(r); pattern != "" {
			next.ServeHTTP(w, r)
			return
		}
		if len(key) > maxKeyLength {
			writeProblem(w, problemOf(&errs.Error{Kind: errs.Invalid, Message: "Idempotency-Key is too long",
				Fields: []errs.FieldError{{Path: "header.Idempotency-Key", Code: errs.CodeTooLong, Message: "at most 255 characters"}}}))
			return
		}
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, 64<<20))
		if err != nil {
			writeProblem(w, &Problem{Title: "Request Entity Too Large", Status: http.StatusRequestEntityTooLarge, Code: string(errs.Invalid), Detail: "request body is too large"})
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		scope := sha256.Sum256([]byte(auth))
		c := claim{actor: "auth:" + hex.EncodeToString(scope[:16]), key: key, op: r.Method + " " + r.URL.Path}
		sum := sha256.Sum256(body)
		c.hash = hex.EncodeToString(sum[:])
		stored, err := l.claim(r.Context(), c)
		switch {
		case err != nil:
			writeProblem(w, problemOf(asErrsError(err)))
			return
		case stored != nil:
			w.Header().Set("Content-Type", stored.contentType)
			w.Header().Set("Idempotent-Replayed", "true")
			w.WriteHeader(stored.status)
			_, _ = w.Write(stored.body)
			return
		}
		rec := &capture{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(rec, r)
		l.finish(context.WithoutCancel(r.Context()), c, rec)
	})
}

// capture keeps a copy of the answer while writing it through.
type capture struct {
	http.ResponseWriter
	status int
	buf    bytes.Buffer
}

func (c *capture) WriteHeader(code int) {
	c.status = code
	c.ResponseWriter.WriteHeader(code)
}

func (c *capture) Write(p []byte) (int, error) {
	c.buf.Write(p)
	return c.ResponseWriter.Write(p)
}

type claim struct{ actor, key, op, hash string }

type answer struct {
	status      int
	contentType string
	body        []byte
}

// claim takes the key for this request, or returns the stored answer, or
// refuses: another body (422) or the first request still running (409).
// Taking the key is an insert that does nothing if the key exists, so of
// concurrent first requests exactly one wins; an expired answer or an
// abandoned claim is taken over under the row's lock.
func (l *idempotencyLayer) claim(ctx context.Context, c claim) (*answer, error) {
	var out *answer
	err := l.db.Write(ctx, func(tx *db.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO idempotency_keys (actor_id, key, operation, request_hash, status_code, response, created_at, expires_at)
			VALUES ($1, $2, $3, $4, 0, '', $5, $6) ON CONFLICT (actor_id, key) DO NOTHING`,
			c.actor, c.key, c.op, c.hash, tx.Now, tx.Now.Add(l.ttl))
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 1 {
			return nil
		}
		q := `SELECT operation, request_hash, status_code, response, created_at, expires_at
			FROM idempotency_keys WHERE actor_id = $1 AND key = $2`
		if tx.Dialect == db.Postgres {
			q += ` FOR UPDATE`
		}
		var op, hash, response string
		var status int
		var created, expires time.Time
		if err := tx.QueryRowContext(ctx, q, c.actor, c.key).Scan(&op, &hash, &status, &response, &created, &expires); err != nil {
			return err
		}
		if expires.Before(tx.Now) || (status == 0 && created.Add(claimTTL).Before(tx.Now)) {
			_, err := tx.ExecContext(ctx, `UPDATE idempotency_keys SET operation = $1, request_hash = $2, status_code = 0,
				response = '', created_at = $3, expires_at = $4 WHERE actor_id = $5 AND key = $6`,
				c.op, c.hash, tx.Now, tx.Now.Add(l.ttl), c.actor, c.key)
			return err
		}
		if op != c.op || hash != c.hash {
			return errs.E(errs.Invalid, "this Idempotency-Key was first used with a different request; use a new key")
		}
		if status == 0 {
			return errs.E(errs.Conflict, "a request with this Idempotency-Key is still being processed; retry later")
		}
		ct, body := splitStored(response)
		out = &answer{status: status, contentType: ct, body: body}
		return nil
	})
	return out, err
}

// finish stores a 2xx answer for replay, or releases the claim.
func (l *idempotencyLayer) finish(ctx context.Context, c claim, rec *capture) {
	_ = l.db.Write(ctx, func(tx *db.Tx) error {
		if rec.status < 200 || rec.status > 299 {
			_, err := tx.ExecContext(ctx, `DELETE FROM idempotency_keys WHERE actor_id = $1 AND key = $2 AND status_code = 0`, c.actor, c.key)
			return err
		}
		_, err := tx.ExecContext(ctx, `UPDATE idempotency_keys SET status_code = $1, response = $2 WHERE actor_id = $3 AND key = $4`,
			rec.status, joinStored(rec.Header().Get("Content-Type"), rec.buf.Bytes()), c.actor, c.key)
		return err
	})
}

// joinStored keeps the content type with the body: "type\n" + body.
func joinStored(contentType string, body []byte) string {
	return strconv.Quote(contentType) + "\n" + string(body)
}

func splitStored(s string) (string, []byte) {
	i := bytes.IndexByte([]byte(s), '\n')
	if i < 0 {
		return "application/json", []byte(s)
	}
	ct, err := strconv.Unquote(s[:i])
	if err != nil {
		ct = "application/json"
	}
	return ct, []byte(s[i+1:])
}

func asErrsError(err error) *errs.Error {
	var e *errs.Error
	if errors.As(err, &e) {
		return e
	}
	return errs.Wrap(errs.Unavailable, err, "cannot check the Idempotency-Key now; retry")
}
