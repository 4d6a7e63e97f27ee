package job

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/errs"
)

// Args is a job kind as a Go type: its exported fields are the payload.
// Payloads are encoded by For and decoded by HandleArgs, here and nowhere
// else, so no handler parses a dedupe key or raw JSON of its own. The stage
// that produces a hand-off declares its Args; the stage that handles it
// imports that type (later stages import earlier ones).
type Args interface {
	// Kind names the handler; it is stored with every job, so it never
	// changes once jobs of the kind exist.
	Kind() string
}

// For returns the job that carries args, deduplicated by key: one job per
// (kind, key) is ever enqueued. Set RunAt on the result to delay it.
func For(args Args, key string) (Job, error) {
	payload, err := json.Marshal(args)
	if err != nil {
		return Job{}, fmt.Errorf("encode %s job: %w", args.Kind(), err)
	}
	return Job{Kind: args.Kind(), Key: key, Payload: payload}, nil
}

// EnqueueArgs enqueues For(args, key) in tx, due at runAt (zero: at the
// transaction's time); like Enqueue, a (kind, key) seen before adds nothing.
func EnqueueArgs(ctx context.Context, tx *db.Tx, args Args, key string, runAt time.Time) error {
	j, err := For(args, key)
	if err != nil {
		return err
	}
	j.RunAt = runAt
	return Enqueue(ctx, tx, j)
}

// HandleArgs registers h for A's kind: each claimed job's payload is
// decoded into an A first, and one that does not decode fails the job for
// good (errs.Invalid), since running it again cannot help.
func HandleArgs[A Args](r *Runner, h func(ctx context.Context, c Claimed, args A) error) {
	var zero A
	kind := zero.Kind()
	r.Handle(kind, func(ctx context.Context, c Claimed) error {
		var a A
		if err := json.Unmarshal(c.Payload, &a); err != nil {
			return errs.Wrap(errs.Invalid, err, kind+" job "+c.ID+": its payload does not decode")
		}
		return h(ctx, c, a)
	})
}
