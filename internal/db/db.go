// Package db is Waybill's seam to its two databases: embedded SQLite (one
// writer connection, a pool of readers, WAL) and PostgreSQL (pgx). Capability
// packages write their own SQL; this package opens connections, runs
// transactions, applies migrations and hides the few dialect differences.
package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"runtime"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	_ "modernc.org/sqlite"             // registers the "sqlite" driver

	"github.com/waybill/waybill/internal/clock"
	"github.com/waybill/waybill/internal/errs"
)

// Dialect names the SQL flavour behind a DB.
type Dialect string

// The supported dialects.
const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

// Options tune Open. The zero value is the production default.
type Options struct {
	// Clock stamps every transaction; defaults to the wall clock.
	Clock clock.Clock
	// SQLiteSynchronous is SQLite's synchronous pragma: FULL (default) makes
	// every commit durable on power loss; NORMAL may lose the last commits.
	SQLiteSynchronous string
	// MaxConns caps PostgreSQL connections and SQLite readers (default 2×CPU, at least 4).
	MaxConns int
}

// DB is an open Waybill database.
type DB struct {
	dialect Dialect
	write   *sql.DB // SQLite: exactly one connection, IMMEDIATE transactions
	read    *sql.DB // SQLite: query-only pool, the search file attached; PostgreSQL: same pool as write
	// searchWrite is SQLite's writer of the search file (search.go); nil on PostgreSQL.
	searchWrite *sql.DB
	clock       clock.Clock
	stmts       *stmtCache    // statements the writer keeps prepared (prepared.go)
	ckpt        *checkpointer // SQLite: copies the WAL back into the database off the writer (checkpoint.go)
}

// Open connects to url, which is "sqlite:PATH" or a postgres:// URL. It does
// not migrate; call Migrate.
func Open(ctx context.Context, rawURL string, opts Options) (*DB, error) {
	if opts.Clock == nil {
		opts.Clock = clock.Real{}
	}
	if opts.MaxConns <= 0 {
		opts.MaxConns = max(4, 2*runtime.GOMAXPROCS(0))
	}
	var d *DB
	var err error
	switch {
	case strings.HasPrefix(rawURL, "sqlite:"):
		d, err = openSQLite(ctx, strings.TrimPrefix(rawURL, "sqlite:"), opts)
	case strings.HasPrefix(rawURL, "postgres://"), strings.HasPrefix(rawURL, "postgresql://"):
		d, err = openPostgres(rawURL, opts)
	default:
		return nil, errs.E(errs.Invalid, "database URL must start with sqlite: or postgres://, got %q", redact(rawURL))
	}
	if err != nil {
		return nil, err
	}
	if err := d.write.PingContext(ctx); err != nil {
		d.Close()
		return nil, fmt.Errorf("connect to %s database: %w", d.dialect, err)
	}
	return d, nil
}

func openSQLite(ctx context.Context, path string, opts Options) (*DB, error) {
	if path == "" {
		return nil, errs.E(errs.Invalid, "sqlite: URL needs a file path, e.g. sqlite:waybill.db")
	}
	sync := strings.ToUpper(cmpOr(opts.SQLiteSynchronous, "FULL"))
	switch sync {
	case "FULL", "NORMAL", "EXTRA":
	default:
		return nil, errs.E(errs.Invalid, "SQLite synchronous must be FULL, NORMAL or EXTRA, got %q", opts.SQLiteSynchronous)
	}
	pragmas := "_pragma=journal_mode(WAL)&_pragma=busy_timeout(10000)&_pragma=journal_size_limit(67108864)" +
		"&_pragma=foreign_keys(1)&_time_format=sqlite&_pragma=synchronous(" + sync + ")"
	base := "file:" + path + "?" + pragmas + "&_pragma=cache_size(-65536)&_pragma=wal_autocheckpoint(0)"
	write, err := sql.Open("sqlite", base+"&_txlock=immediate")
	if err != nil {
		return nil, fmt.Errorf("open sqlite writer: %w", err)
	}
	write.SetMaxOpenConns(1)
	write.SetMaxIdleConns(1)
	write.SetConnMaxLifetime(0)
	// The search file checkpoints itself: its writer is off intake's path.
	searchWrite, readers, err := openSearch(ctx, SearchPath(path), pragmas, base+"&_pragma=query_only(1)")
	if err != nil {
		write.Close()
		return nil, err
	}
	read := sql.OpenDB(readers)
	read.SetMaxOpenConns(opts.MaxConns)
	read.SetMaxIdleConns(opts.MaxConns)
	ckpt, err := startCheckpointer(base)
	if err != nil {
		write.Close()
		read.Close()
		searchWrite.Close()
		return nil, err
	}
	return &DB{dialect: SQLite, write: write, read: read, searchWrite: searchWrite, clock: opts.Clock,
		stmts: &stmtCache{pool: write}, ckpt: ckpt}, nil
}

func openPostgres(rawURL string, opts Options) (*DB, error) {
	pool, err := sql.Open("pgx", rawURL)
	if err != nil {
		return nil, fmt.Errorf("open postgres: %w", err)
	}
	pool.SetMaxOpenConns(opts.MaxConns)
	pool.SetMaxIdleConns(opts.MaxConns)
	pool.SetConnMaxIdleTime(5 * time.Minute)
	return &DB{dialect: Postgres, write: pool, read: pool, clock: opts.Clock, stmts: &stmtCache{pool: pool}}, nil
}

// Dialect reports which database this is.
func (d *DB) Dialect() Dialect { return d.dialect }

// Clock is the clock transactions are stamped with.
func (d *DB) Clock() clock.Clock { return d.clock }

// Ping checks that the database answers; /readyz uses it.
func (d *DB) Ping(ctx context.Context) error { return d.write.PingContext(ctx) }

// Close releases every connection.
func (d *DB) Close() error {
	err := errors.Join(d.ckpt.stop(), d.stmts.close(), d.write.Close())
	if d.read != d.write {
		err = errors.Join(err, d.read.Close())
	}
	if d.searchWrite != nil {
		err = errors.Join(err, d.searchWrite.Close())
	}
	return err
}

// Tx is one transaction with its fixed timestamp. Store helpers take a *Tx so
// that one exported store method owns the whole unit of work.
type Tx struct {
	*sql.Tx
	// Now is the time of this transaction, fixed once so every row it writes
	// agrees; truncated to microseconds, which both databases store exactly.
	Now     time.Time
	Dialect Dialect
	stmts   *stmtCache // nil in read transactions

	unprepared []string             // ExecPrepared texts to prepare once this ends
	local      map[string]*sql.Stmt // of those, the ones run again: prepared on this transaction until it ends
}

// maxAttempts bounds retries of a PostgreSQL transaction that lost a
// serialization or deadlock race.
const maxAttempts = 8

// Write runs fn in a read-write transaction and commits it if fn returns nil;
// within a request transaction (Within) it joins that one instead.
// On PostgreSQL a serialization failure or deadlock reruns fn from the start,
// so fn must not keep state across calls.
func (d *DB) Write(ctx context.Context, fn func(tx *Tx) error) error {
	if a, ok := d.joined(ctx); ok {
		return a.inSavepoint(ctx, fn)
	}
	for attempt := 1; ; attempt++ {
		err := d.run(ctx, d.write, d.stmts, nil, fn)
		if err == nil {
			d.ckpt.rewind(ctx, d.write)
		}
		if err == nil || !retryable(err) || attempt == maxAttempts {
			return err
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(time.Duration(attempt*attempt) * time.Millisecond):
		}
	}
}

// Read runs fn in a read-only transaction, on SQLite through the reader
// pool; within a request transaction (Within) it reads in that one, so a
// handler sees what it wrote.
func (d *DB) Read(ctx context.Context, fn func(tx *Tx) error) error {
	if a, ok := d.joined(ctx); ok {
		return a.inSavepoint(ctx, fn)
	}
	return d.run(ctx, d.read, nil, &sql.TxOptions{ReadOnly: d.dialect == Postgres}, fn)
}

func (d *DB) run(ctx context.Context, pool *sql.DB, stmts *stmtCache, opts *sql.TxOptions, fn func(tx *Tx) error) error {
	sqlTx, err := pool.BeginTx(ctx, opts)
	if err != nil {
		return d.unavailable(ctx, err, "begin transaction")
	}
	tx := &Tx{Tx: sqlTx, Now: d.clock.Now().UTC().Truncate(time.Microsecond), Dialect: d.dialect, stmts: stmts}
	defer d.prepareAfter(ctx, tx)
	if err := fn(tx); err != nil {
		_ = sqlTx.Rollback()
		return badData(err)
	}
	if err := sqlTx.Commit(); err != nil {
		return d.unavailable(ctx, err, "commit")
	}
	return nil
}

// prepareAfter prepares the statements tx ran unprepared, for the next
// transactions. A failure only costs speed, so it is logged by no one.
func (d *DB) prepareAfter(ctx context.Context, tx *Tx) {
	if len(tx.unprepared) > 0 && ctx.Err() == nil {
		_ = d.stmts.prepare(ctx, tx.unprepared)
	}
}

func (d *DB) unavailable(ctx context.Context, err error, what string) error {
	if ctx.Err() != nil {
		return errs.Wrap(errs.Unavailable, err, "request cancelled")
	}
	if retryable(err) {
		return err
	}
	return fmt.Errorf("%s: %w", what, err)
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// redact hides a password in a database URL before it reaches a log or error.
func redact(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.User == nil {
		return raw
	}
	if _, ok := u.User.Password(); ok {
		u.User = url.UserPassword(u.User.Username(), "xxxxx")
	}
	return u.String()
}
