package db

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"sync"
)

// stmtCache keeps the statements a pool runs again and again, prepared once
// and reused by every transaction. SQLite parses a statement's text on every
// unprepared call; for the order engine's multi-row inserts and balance
// updates that parsing was about a tenth of the writer's time.
type stmtCache struct {
	pool *sql.DB
	mu   sync.Mutex
	m    map[string]*sql.Stmt
}

// maxCached bounds the cache: callers must only send statements whose text
// comes from a small fixed set (InsertRows' chunk sizes, fixed updates).
const maxCached = 512

func (c *stmtCache) get(query string) *sql.Stmt {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.m[query]
}

// prepare adds queries to the cache. It runs after a transaction, never in
// one, and without holding the cache's lock while it prepares: the SQLite
// writer pool has a single connection, which a transaction holds, so
// preparing on the pool inside one (or blocking a transaction's lookups
// while waiting for it) would wait forever.
func (c *stmtCache) prepare(ctx context.Context, queries []string) error {
	for _, q := range queries {
		c.mu.Lock()
		_, ok := c.m[q]
		full := len(c.m) >= maxCached
		c.mu.Unlock()
		if ok {
			continue
		}
		if full {
			return fmt.Errorf("prepared statement cache full (%d); a caller sends statements of unbounded variety", maxCached)
		}
		s, err := c.pool.PrepareContext(ctx, q)
		if err != nil {
			return err
		}
		c.mu.Lock()
		if _, ok := c.m[q]; ok {
			s.Close()
		} else {
			if c.m == nil {
				c.m = map[string]*sql.Stmt{}
			}
			c.m[q] = s
		}
		c.mu.Unlock()
	}
	return nil
}

func (c *stmtCache) close() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	var err error
	for _, s := range c.m {
		if e := s.Close(); e != nil && err == nil {
			err = e
		}
	}
	c.m = nil
	return err
}

// ExecPrepared runs query inside this transaction through a statement
// prepared once and kept for the life of the DB. Use it for statements with
// a fixed text that a writer runs many times; the text must not embed
// values. The first time a text is seen it runs unprepared and is prepared
// after the transaction ends; a text the transaction runs again before then
// is prepared on the transaction's connection for the rest of it (a long
// transaction, such as a receipt of thousands of lines, parses it twice, not
// once per line).
func (tx *Tx) ExecPrepared(ctx context.Context, query string, args ...any) (sql.Result, error) {
	s, err := tx.prepared(ctx, query)
	if err != nil || s == nil {
		return tx.ExecContext(ctx, query, args...)
	}
	return s.ExecContext(ctx, args...)
}

// QueryPrepared is ExecPrepared for a query that returns rows.
func (tx *Tx) QueryPrepared(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	s, err := tx.prepared(ctx, query)
	if err != nil || s == nil {
		return tx.QueryContext(ctx, query, args...)
	}
	return s.QueryContext(ctx, args...)
}

// QueryRowPrepared is ExecPrepared for a query that returns one row.
func (tx *Tx) QueryRowPrepared(ctx context.Context, query string, args ...any) *sql.Row {
	s, err := tx.prepared(ctx, query)
	if err != nil || s == nil {
		return tx.QueryRowContext(ctx, query, args...)
	}
	return s.QueryRowContext(ctx, args...)
}

// prepared is the statement query runs through in tx, nil the first time a
// text is seen (it runs unprepared). A failure to prepare only costs speed:
// the caller runs the text unprepared, whose error, if any, is the one to
// report.
func (tx *Tx) prepared(ctx context.Context, query string) (*sql.Stmt, error) {
	if tx.stmts == nil {
		return nil, nil
	}
	if s := tx.stmts.get(query); s != nil {
		return tx.StmtContext(ctx, s), nil
	}
	if s, ok := tx.local[query]; ok {
		return s, nil
	}
	if !slices.Contains(tx.unprepared, query) {
		tx.unprepared = append(tx.unprepared, query)
		return nil, nil
	}
	s, err := tx.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	if tx.local == nil {
		tx.local = map[string]*sql.Stmt{}
	}
	tx.local[query] = s
	return s, nil
}
