package httpapi

import (
	"bytes"
	"context"
	"io"
	"net/http"

	"github.com/danielgtaylor/huma/v2"
)

// recorder is the huma.Context a handler runs with inside the idempotency
// layer's request transaction: it gives the handler the body read before
// the transaction and the transaction's context, and keeps the answer
// (status, headers, body) until the transaction has committed, since a
// transaction PostgreSQL reruns runs the handler again.
type recorder struct {
	wrapped
	txCtx  context.Context
	in     []byte // the request body
	status int
	header http.Header
	out    bytes.Buffer
}

// wrapped names the embedded context so that recorder can have a Context
// method of its own.
type wrapped = huma.Context

func newRecorder(orig huma.Context, ctx context.Context, body []byte) *recorder {
	return &recorder{wrapped: orig, txCtx: ctx, in: body, status: http.StatusOK, header: http.Header{}}
}

func (r *recorder) Context() context.Context { return r.txCtx }

func (r *recorder) BodyReader() io.Reader { return bytes.NewReader(r.in) }

func (r *recorder) SetStatus(code int) { r.status = code }

func (r *recorder) Status() int { return r.status }

func (r *recorder) SetHeader(name, value string) { r.header.Set(name, value) }

func (r *recorder) AppendHeader(name, value string) { r.header.Add(name, value) }

func (r *recorder) BodyWriter() io.Writer { return &r.out }

// flush sends the recorded answer on the real context.
func (r *recorder) flush(ctx huma.Context) {
	for name, values := range r.header {
		for i, v := range values {
			if i == 0 {
				ctx.SetHeader(name, v)
			} else {
				ctx.AppendHeader(name, v)
			}
		}
	}
	ctx.SetStatus(r.status)
	_, _ = ctx.BodyWriter().Write(r.out.Bytes())
}
