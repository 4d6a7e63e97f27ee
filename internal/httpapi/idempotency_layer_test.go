package httpapi_test

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/danielgtaylor/huma/v2"
	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/db/dbtest"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/httpapi"
)

// layer is a server with the idempotency layer over a real database and
// three operations: one that writes a row (or refuses after writing, when
// asked), one whose answer is a secret, and one both test keys may call.
type layer struct {
	t    *testing.T
	d    *db.DB
	url  string
	runs atomic.Int64
}

func newLayer(t *testing.T) *layer {
	t.Helper()
	d := dbtest.SQLite(t, dbtest.Options{})
	require.NoError(t, d.Write(context.Background(), func(tx *db.Tx) error {
		_, err := tx.ExecContext(context.Background(), `CREATE TABLE things (name TEXT NOT NULL)`)
		return err
	}))
	l := &layer{t: t, d: d}
	srv := httpapi.New(httpapi.Options{Auth: keys{}, Idempotency: d})
	type in struct {
		Body struct {
			Name   string `json:"name"`
			Refuse bool   `json:"refuse,omitempty"`
		}
	}
	type out struct{ Body map[string]any }
	httpapi.Register(srv.API(), huma.Operation{OperationID: "write-thing", Method: http.MethodPost, Path: "/v1/things",
		DefaultStatus: http.StatusCreated, MaxBodyBytes: 1 << 10}, []actor.Role{actor.Admin, actor.Warehouse},
		func(ctx context.Context, in *in) (*out, error) {
			run := l.runs.Add(1)
			err := d.Write(ctx, func(tx *db.Tx) error {
				_, err := tx.ExecContext(ctx, `INSERT INTO things (name) VALUES ($1)`, in.Body.Name)
				return err
			})
			if err != nil {
				return nil, err
			}
			if in.Body.Refuse {
				return nil, errs.E(errs.Conflict, "refused after writing")
			}
			return &out{map[string]any{"name": in.Body.Name, "run": run}}, nil
		})
	httpapi.Register(srv.API(), httpapi.SecretAnswer(huma.Operation{OperationID: "make-secret", Method: http.MethodPost,
		Path: "/v1/secrets", DefaultStatus: http.StatusCreated}), []actor.Role{actor.Admin},
		func(context.Context, *struct{}) (*out, error) {
			return &out{map[string]any{"id": "sec_1", "key": "s3cr3t-" + time.Now().String()}}, nil
		})
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	l.url = ts.URL
	return l
}

type reply struct {
	status int
	header http.Header
	body   string
	closed bool // the server closes the connection after this answer
}

func (l *layer) send(auth, idem, path, body string) reply {
	l.t.Helper()
	req, err := http.NewRequest(http.MethodPost, l.url+path, strings.NewReader(body))
	require.NoError(l.t, err)
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Idempotency-Key", idem)
	res, err := http.DefaultClient.Do(req)
	require.NoError(l.t, err)
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	require.NoError(l.t, err)
	return reply{res.StatusCode, res.Header, string(raw), res.Close}
}

func (l *layer) count(q string) int {
	l.t.Helper()
	var n int
	require.NoError(l.t, l.d.Read(context.Background(), func(tx *db.Tx) error {
		return tx.QueryRowContext(context.Background(), q).Scan(&n)
	}))
	return n
}

// A key is scoped by the API key that authenticated the request, not by
// how its Authorization header was spelled; another API key's same
// Idempotency-Key is another request.
func TestIdempotencyScopedByTheAuthenticatedKey(t *testing.T) {
	l := newLayer(t)
	first := l.send("Bearer admin-key", "k-1", "/v1/things", `{"name":"a"}`)
	require.Equal(t, http.StatusCreated, first.status, first.body)
	for _, auth := range []string{"Bearer  admin-key", "bearer admin-key", "BEARER admin-key "} {
		again := l.send(auth, "k-1", "/v1/things", `{"name":"a"}`)
		require.Equal(t, http.StatusCreated, again.status, auth)
		require.Equal(t, "true", again.header.Get("Idempotent-Replayed"), auth)
		require.Equal(t, first.body, again.body, auth)
	}
	other := l.send("Bearer warehouse-key", "k-1", "/v1/things", `{"name":"a"}`)
	require.Equal(t, http.StatusCreated, other.status)
	require.Empty(t, other.header.Get("Idempotent-Replayed"), "another API key's key is its own")
	require.Equal(t, 2, l.count(`SELECT count(*) FROM things`))
	require.Equal(t, int64(2), l.runs.Load())
}

// Nothing is read or written for a request that does not authenticate: no
// claim, no body read (the connection closes after the 401), however large
// the body it announces.
func TestNothingBeforeAuthentication(t *testing.T) {
	l := newLayer(t)
	for _, auth := range []string{"", "Bearer nope", "Basic YWRtaW46YWRtaW4="} {
		r := l.send(auth, "k-anon", "/v1/things", `{"name":"`+strings.Repeat("x", 4<<20)+`"}`)
		require.Equal(t, http.StatusUnauthorized, r.status, auth)
		require.True(t, r.closed, auth)
	}
	require.Zero(t, l.count(`SELECT count(*) FROM idempotency_keys`))
	require.Zero(t, l.runs.Load())

	// A client that announces a body and then stalls gets its 401 at once.
	conn, err := net.Dial("tcp", strings.TrimPrefix(l.url, "http://"))
	require.NoError(t, err)
	defer conn.Close()
	_, err = io.WriteString(conn, "POST /v1/things HTTP/1.1\r\nHost: x\r\nIdempotency-Key: k-slow\r\nContent-Type: application/json\r\nContent-Length: 1000000\r\n\r\n{")
	require.NoError(t, err)
	require.NoError(t, conn.SetReadDeadline(time.Now().Add(5*time.Second)))
	line, err := io.ReadAll(io.LimitReader(conn, 12))
	require.NoError(t, err)
	require.Equal(t, "HTTP/1.1 401", string(line))
}

// The key itself is checked before anything else: one that cannot be
// stored or compared as sent is refused naming the header.
func TestIdempotencyKeyIsChecked(t *testing.T) {
	l := newLayer(t)
	for _, key := range []string{strings.Repeat("k", 256), "caf\xc3\xa9", "tab\tkey", "\xff\xfe"} {
		r := l.send("Bearer admin-key", key, "/v1/things", `{"name":"a"}`)
		require.Equal(t, http.StatusUnprocessableEntity, r.status, "%q", key)
		require.Contains(t, r.body, `"field":"header.Idempotency-Key"`, "%q", key)
	}
	require.Zero(t, l.runs.Load())
}

// A request that is refused after its handler wrote rolls back whole and
// keeps no answer: the retry runs again (and can succeed).
func TestRefusedRequestWritesNothing(t *testing.T) {
	l := newLayer(t)
	r := l.send("Bearer admin-key", "k-2", "/v1/things", `{"name":"b","refuse":true}`)
	require.Equal(t, http.StatusConflict, r.status, r.body)
	require.Zero(t, l.count(`SELECT count(*) FROM things`), "the handler's write went with the refusal")
	require.Zero(t, l.count(`SELECT count(*) FROM idempotency_keys`))
	r = l.send("Bearer admin-key", "k-2", "/v1/things", `{"name":"b","refuse":true}`)
	require.Equal(t, http.StatusConflict, r.status)
	require.Equal(t, int64(2), l.runs.Load(), "a refusal is not replayed: it wrote nothing")
}

// An answer that carries a secret is never stored: a retry hears what the
// first request created, and that the secret is not kept.
func TestSecretAnswersAreNotStored(t *testing.T) {
	l := newLayer(t)
	first := l.send("Bearer admin-key", "k-3", "/v1/secrets", ``)
	require.Equal(t, http.StatusCreated, first.status, first.body)
	require.Contains(t, first.body, "s3cr3t-")
	again := l.send("Bearer admin-key", "k-3", "/v1/secrets", ``)
	require.Equal(t, http.StatusConflict, again.status, again.body)
	require.Contains(t, again.body, "sec_1")
	require.NotContains(t, again.body, "s3cr3t")
	require.Zero(t, l.count(`SELECT count(*) FROM idempotency_keys WHERE response LIKE '%s3cr3t%'`))
}

// A body larger than the operation takes is 413 and claims nothing; one
// that does not arrive in time is not mistaken for a large one.
func TestIdempotentBodyLimits(t *testing.T) {
	l := newLayer(t)
	r := l.send("Bearer admin-key", "k-4", "/v1/things", `{"name":"`+strings.Repeat("x", 2<<10)+`"}`)
	require.Equal(t, http.StatusRequestEntityTooLarge, r.status, r.body)
	require.Zero(t, l.count(`SELECT count(*) FROM idempotency_keys`))
	require.Zero(t, l.runs.Load())
}
