package db

import (
	"context"
	"fmt"
	"sync/atomic"
)

// A request transaction: Within runs a piece of work (an API request's
// handler) in one write transaction, and every Write and Read on the same
// DB made with the context it hands on joins that transaction instead of
// opening its own. So the request's writes and the record of its answer
// (the idempotency key's) commit together or not at all, however many
// store calls the handler makes.

// ambient is the transaction Within opened, carried in the context.
type ambient struct {
	db    *DB
	tx    *Tx
	retry atomic.Pointer[error] // a joined call lost a race PostgreSQL says to retry
	n     atomic.Int64          // savepoint names
}

type ambientKey struct{}

// Within runs fn in one write transaction: Write and Read with the context
// fn receives join it, each inside a savepoint, so a joined call that fails
// leaves the transaction as it was before the call, as a transaction of its
// own would. fn's error rolls everything back. When a joined call lost a
// serialization or deadlock race on PostgreSQL, the whole of fn reruns, as
// Write reruns its closure: fn must not keep state across calls.
func (d *DB) Within(ctx context.Context, fn func(ctx context.Context, tx *Tx) error) error {
	return d.Write(ctx, func(tx *Tx) error {
		a := &ambient{db: d, tx: tx}
		err := fn(context.WithValue(ctx, ambientKey{}, a), tx)
		if lost := a.retry.Load(); lost != nil {
			return *lost // rerun the whole request: its inner failure was a lost race
		}
		return err
	})
}

// InRequest reports whether ctx carries a request transaction of d
// (Within): a Write with it joins that transaction.
func (d *DB) InRequest(ctx context.Context) bool {
	_, ok := d.joined(ctx)
	return ok
}

// joined returns the transaction Within opened on d, if ctx carries one.
func (d *DB) joined(ctx context.Context) (*ambient, bool) {
	a, ok := ctx.Value(ambientKey{}).(*ambient)
	return a, ok && a.db == d
}

// inSavepoint runs fn inside a savepoint of the ambient transaction.
func (a *ambient) inSavepoint(ctx context.Context, fn func(tx *Tx) error) error {
	name := fmt.Sprintf("joined_%d", a.n.Add(1))
	if _, err := a.tx.ExecContext(ctx, "SAVEPOINT "+name); err != nil {
		return fmt.Errorf("savepoint: %w", err)
	}
	if err := fn(a.tx); err != nil {
		if retryable(err) {
			a.retry.CompareAndSwap(nil, &err)
		}
		if _, rbErr := a.tx.ExecContext(ctx, "ROLLBACK TO SAVEPOINT "+name); rbErr != nil {
			return fmt.Errorf("%w (and rolling back to the savepoint: %v)", err, rbErr)
		}
		return badData(err)
	}
	if _, err := a.tx.ExecContext(ctx, "RELEASE SAVEPOINT "+name); err != nil {
		return fmt.Errorf("release savepoint: %w", err)
	}
	return nil
}
