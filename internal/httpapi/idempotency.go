package httpapi

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"os"
	"strconv"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/errs"
)

// Idempotency-Key for every authenticated write that does not handle it
// itself. It runs after authentication, so nothing is read or written for
// a request without a valid key, and a key belongs to the API key that sent
// it (its id, however the Authorization header was spelled).
//
// The request runs in one request transaction (db.Within): the key's claim,
// every write the handler makes, and the answer to replay commit together,
// so a crash can lose the answer only with the write. A retry of a committed
// request gets the first answer's bytes back; another body under the same
// key is 422; a retry arriving while the first runs waits for it and then
// gets its answer. A refused request (not 2xx) rolls back whole and keeps no
// answer: it wrote nothing, so trying again is safe. An operation that
// stores its answers itself (order placement, in the order engine's batch)
// is marked OwnIdempotency; one whose answer carries a secret is marked
// SecretAnswer and never replays the secret.

const maxKeyLength = 255

// opMetadata keys of the marks below.
const (
	ownIdempotency = "waybill.own_idempotency"
	secretAnswer   = "waybill.secret_answer"
	unconfinedOnly = "waybill.unconfined_only"
)

// OwnIdempotency marks op as storing the answer to a request with an
// Idempotency-Key in its own transaction, and replaying it, itself: the
// layer only checks the key's form and leaves the request alone.
func OwnIdempotency(op huma.Operation) huma.Operation { return mark(op, ownIdempotency) }

// UnconfinedOnly marks op as refused (403) to a key confined to some
// channels or warehouses: what it shows or does spans them all (a webhook
// endpoint receives every channel's events).
func UnconfinedOnly(op huma.Operation) huma.Operation {
	op.Description += " Needs a key not confined to channels or warehouses."
	return mark(op, unconfinedOnly)
}

// SecretAnswer marks op as answering with a secret that is shown once
// (a new API key): its answer is never stored, and a retry with the same
// Idempotency-Key is told the request succeeded and what it created.
func SecretAnswer(op huma.Operation) huma.Operation { return mark(op, secretAnswer) }

func mark(op huma.Operation, key string) huma.Operation {
	if op.Metadata == nil {
		op.Metadata = map[string]any{}
	}
	op.Metadata[key] = true
	return op
}

type idempotency struct {
	db  *db.DB
	ttl func(context.Context) (time.Duration, error)
}

// middleware is the layer, as huma middleware after authenticate.
func (l *idempotency) middleware(ctx huma.Context, next func(huma.Context)) {
	key := ctx.Header("Idempotency-Key")
	if key == "" || ctx.Method() == http.MethodGet || ctx.Method() == http.MethodHead {
		next(ctx)
		return
	}
	if err := checkKey(key); err != nil {
		writeErr(ctx, err)
		return
	}
	who, signedIn := actor.From(ctx.Context())
	op := ctx.Operation()
	if !signedIn || op.Metadata[ownIdempotency] == true {
		next(ctx) // public (a webhook, deduplicated by its event id) or the operation's own
		return
	}
	body, p := readBody(ctx, op)
	if p != nil {
		writeProblemTo(ctx, p)
		return
	}
	// The retention is read before the request transaction opens, so a
	// read it needs does not hold one connection while asking for another.
	ttl, err := l.ttl(ctx.Context())
	if err != nil {
		writeErr(ctx, err)
		return
	}
	sum := sha256.Sum256(body)
	c := claim{actor: who.ID, key: key, op: ctx.Method() + " " + op.Path, hash: hex.EncodeToString(sum[:]), ttl: ttl}
	var answer *recorder
	var replay *stored
	err = l.db.Within(ctx.Context(), func(txCtx context.Context, tx *db.Tx) error {
		answer, replay = nil, nil
		var err error
		if replay, err = l.claim(txCtx, tx, c); err != nil || replay != nil {
			return err
		}
		answer = newRecorder(ctx, txCtx, body)
		next(answer)
		if answer.status < 200 || answer.status > 299 {
			return errRefused // write nothing; the refusal goes out as it is
		}
		return l.finish(txCtx, tx, c, answer, op.Metadata[secretAnswer] == true)
	})
	switch {
	case errors.Is(err, errRefused):
		answer.flush(ctx)
	case err != nil:
		writeErr(ctx, err)
	case replay != nil:
		replay.write(ctx)
	default:
		answer.flush(ctx)
	}
}

var errRefused = errors.New("refused")

// checkKey refuses a key that could not be stored or compared as sent.
func checkKey(key string) error {
	msg := ""
	switch {
	case len(key) > maxKeyLength:
		msg = "at most 255 characters"
	case !visibleASCII(key):
		msg = "printable ASCII characters only (letters, digits, '-', '_', ...)"
	default:
		return nil
	}
	return &errs.Error{Kind: errs.Invalid, Message: "the Idempotency-Key header is not usable",
		Fields: []errs.FieldError{{Path: "header.Idempotency-Key", Code: errs.CodeFormat, Message: msg}}}
}

func visibleASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x21 || s[i] > 0x7e {
			return false
		}
	}
	return true
}

// readBody reads the request body once, within the operation's limit,
// before the request transaction begins: a slow client never holds it. A
// body that is too large is 413; one that does not arrive in time, 408.
func readBody(ctx huma.Context, op *huma.Operation) ([]byte, *Problem) {
	limit := op.MaxBodyBytes
	if limit <= 0 {
		limit = 1 << 20
	}
	body, err := io.ReadAll(io.LimitReader(ctx.BodyReader(), limit+1))
	switch {
	case errors.Is(err, os.ErrDeadlineExceeded):
		return nil, statusProblem(http.StatusRequestTimeout, "the request body did not arrive in time")
	case err != nil:
		return nil, statusProblem(http.StatusBadRequest, "the request body could not be read")
	case int64(len(body)) > limit:
		return nil, statusProblem(http.StatusRequestEntityTooLarge, "request body is too large")
	}
	return body, nil
}

func statusProblem(status int, detail string) *Problem {
	return &Problem{Title: http.StatusText(status), Status: status, Code: string(kindOf(status)), Detail: detail}
}

// writeErr answers a refusal of the layer itself as problem+json.
func writeErr(ctx huma.Context, err error) {
	var e *errs.Error
	if !errors.As(err, &e) {
		e = errs.Wrap(errs.Unavailable, err, "cannot check the Idempotency-Key now; retry")
	}
	writeProblemTo(ctx, problemOf(e))
}

func writeProblemTo(ctx huma.Context, p *Problem) {
	ctx.SetHeader("Content-Type", "application/problem+json")
	if p.Status == http.StatusServiceUnavailable {
		ctx.SetHeader("Retry-After", "1")
	}
	ctx.SetStatus(p.Status)
	_ = json.NewEncoder(ctx.BodyWriter()).Encode(p)
}

type claim struct {
	actor, key, op, hash string
	ttl                  time.Duration // how long the answer is kept, from the settings
}

// stored is a key's first answer.
type stored struct {
	status      int
	contentType string
	body        []byte
}

func (s *stored) write(ctx huma.Context) {
	ctx.SetHeader("Content-Type", s.contentType)
	ctx.SetHeader("Idempotent-Replayed", "true")
	ctx.SetStatus(s.status)
	_, _ = ctx.BodyWriter().Write(s.body)
}

// claim takes the key for this request in the request transaction, or
// returns its stored answer, or refuses another body (422). Taking it is an
// insert that does nothing if the key exists; of concurrent first requests
// the others wait for the winner's transaction and then read its answer. An
// expired answer is taken over.
func (l *idempotency) claim(ctx context.Context, tx *db.Tx, c claim) (*stored, error) {
	res, err := tx.ExecContext(ctx, `INSERT INTO idempotency_keys (actor_id, key, operation, request_hash, status_code, response, created_at, expires_at)
		VALUES ($1, $2, $3, $4, 0, '', $5, $6) ON CONFLICT (actor_id, key) DO NOTHING`,
		c.actor, c.key, c.op, c.hash, tx.Now, tx.Now.Add(c.ttl))
	if err != nil {
		return nil, err
	}
	if n, _ := res.RowsAffected(); n == 1 {
		return nil, nil
	}
	q := `SELECT operation, request_hash, status_code, response, expires_at FROM idempotency_keys WHERE actor_id = $1 AND key = $2`
	if tx.Dialect == db.Postgres {
		q += ` FOR UPDATE`
	}
	var op, hash, response string
	var status int
	var expires time.Time
	if err := tx.QueryRowContext(ctx, q, c.actor, c.key).Scan(&op, &hash, &status, &response, &expires); err != nil {
		return nil, err
	}
	if expires.Before(tx.Now) || status == 0 {
		// An expired answer, or a claim of the layer before answers were
		// stored with their writes (never committed now): take it over.
		_, err := tx.ExecContext(ctx, `UPDATE idempotency_keys SET operation = $1, request_hash = $2, status_code = 0,
			response = '', created_at = $3, expires_at = $4 WHERE actor_id = $5 AND key = $6`,
			c.op, c.hash, tx.Now, tx.Now.Add(c.ttl), c.actor, c.key)
		return nil, err
	}
	if op != c.op || hash != c.hash {
		return nil, errs.E(errs.Invalid, "this Idempotency-Key was first used with a different request; use a new key")
	}
	ct, body := splitStored(response)
	return &stored{status: status, contentType: ct, body: body}, nil
}

// finish stores the answer to replay, in the request transaction. A secret
// answer is stored as what a retry should hear instead.
func (l *idempotency) finish(ctx context.Context, tx *db.Tx, c claim, rec *recorder, secret bool) error {
	status, ct, body := rec.status, rec.header.Get("Content-Type"), rec.out.Bytes()
	if secret {
		status, ct, body = secretReplay(body)
	}
	_, err := tx.ExecContext(ctx, `UPDATE idempotency_keys SET status_code = $1, response = $2 WHERE actor_id = $3 AND key = $4`,
		status, joinStored(ct, body), c.actor, c.key)
	return err
}

// secretReplay is what a retry of a request that created a secret hears:
// that it succeeded, what it created, and that the secret is not kept.
func secretReplay(first []byte) (int, string, []byte) {
	var created struct {
		ID string `json:"id"`
	}
	_ = json.Unmarshal(first, &created)
	p := problemOf(errs.E(errs.Conflict, "this request already succeeded and created %s; its secret is shown only once "+
		"and is not kept: if the first answer was lost, revoke %s and create another", created.ID, created.ID))
	body, _ := json.Marshal(p)
	return p.Status, "application/problem+json", body
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

// PurgeExpiredKeys deletes the idempotency keys whose answers expired
// before now, in chunks, and says how many: an answer is kept for its
// retention only (it may hold customer data). For job.Runner.PurgeWith.
func PurgeExpiredKeys(d *db.DB) func(ctx context.Context, now time.Time) (int64, error) {
	return func(ctx context.Context, now time.Time) (int64, error) {
		const chunk = 5000
		var total int64
		for {
			var n int64
			err := d.Write(ctx, func(tx *db.Tx) error {
				res, err := tx.ExecContext(ctx, `DELETE FROM idempotency_keys WHERE (actor_id, key) IN
					(SELECT actor_id, key FROM idempotency_keys WHERE expires_at < $1 LIMIT $2)`, now, chunk)
				if err != nil {
					return err
				}
				n, err = res.RowsAffected()
				return err
			})
			total += n
			if err != nil || n < chunk {
				return total, err
			}
		}
	}
}
