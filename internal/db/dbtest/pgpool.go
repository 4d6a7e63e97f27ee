package dbtest

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// A PostgreSQL test database is a schema migrated once per test binary and
// handed to one test at a time: when a test ends its schema is emptied and
// given to the next. Migrating a schema costs about a second of DDL and
// dropping it most of another (CI measured a PostgreSQL subtest at 8 s, of
// which the test itself was a few hundred milliseconds), while emptying
// one with DELETE takes some 50 ms. TRUNCATE was no cheaper than migrating:
// it makes new files for every table and index.
//
// Emptying puts the schema back as migrated: every table's rows deleted,
// the rows the migrations inserted (settings, goose's versions) put back
// from a copy taken after migrating, every sequence set back to where the
// migrations left it. A schema whose objects changed during the test (its
// fingerprint differs) is dropped instead, never reused. Schemas are named
// after the test binary's process; those of a process that is gone are
// dropped by the next binary that starts a pool.

// pgSchema is one migrated schema of the pool and what emptying it needs.
type pgSchema struct {
	name        string
	tables      []string // quoted
	seeds       []string // statements putting back the migrations' rows
	sequences   []string // statements setting each sequence back
	fingerprint string
}

var pgPool struct {
	mu   sync.Mutex
	free []*pgSchema
}

// pgPoolPrefix names this process's pooled schemas.
var pgPoolPrefix = fmt.Sprintf("wbpool_%d_", os.Getpid())

// sweepDeadPools drops, once per binary, the pooled schemas of test
// binaries that have exited.
var sweepDeadPools = sync.OnceFunc(func() {
	admin, err := sql.Open("pgx", os.Getenv(PostgresEnv))
	if err != nil {
		return
	}
	defer admin.Close()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	rows, err := admin.QueryContext(ctx, `SELECT nspname FROM pg_namespace WHERE nspname LIKE 'wbpool\_%'`)
	if err != nil {
		return
	}
	var dead []string
	for rows.Next() {
		var name string
		if rows.Scan(&name) != nil {
			continue
		}
		pid, err := strconv.Atoi(strings.Split(name, "_")[1])
		if err == nil && syscall.Kill(pid, 0) == syscall.ESRCH {
			dead = append(dead, name)
		}
	}
	rows.Close()
	dropSchemas(dead...)
})

// pooledPostgresURL returns the URL of a schema of the pool for t's use,
// emptied and put back in the pool when t ends (after the cleanups t
// registers later, such as closing its database). A schema new to the pool
// is empty and has no fingerprint: the caller migrates it and then adopts it
// (adoptSchema).
func pooledPostgresURL(t testing.TB) (string, *pgSchema) {
	t.Helper()
	base := os.Getenv(PostgresEnv)
	if base == "" {
		t.Fatalf("%s is unset", PostgresEnv)
	}
	pgPool.mu.Lock()
	var s *pgSchema
	if n := len(pgPool.free); n > 0 {
		s, pgPool.free = pgPool.free[n-1], pgPool.free[:n-1]
	}
	pgPool.mu.Unlock()
	if s == nil {
		sweepDeadPools()
		s = &pgSchema{name: createSchema(t, base, pgPoolPrefix)}
	}
	u, err := schemaURL(base, s.name)
	if err != nil {
		t.Fatalf("parse %s: %v", PostgresEnv, err)
	}
	t.Cleanup(func() { releaseSchema(u, s) })
	return u, s
}

// schemaURL is base with its search_path set to schema.
func schemaURL(base, schema string) (string, error) {
	u, err := url.Parse(base)
	if err != nil {
		return "", err
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String(), nil
}

// fingerprintSQL sums up the schema's objects: relations, columns,
// constraints, triggers and functions.
const fingerprintSQL = `SELECT md5(concat_ws('|',
 (SELECT string_agg(c.relname || ':' || c.relkind::text, ',' ORDER BY c.relname) FROM pg_class c WHERE c.relnamespace = current_schema()::regnamespace),
 (SELECT string_agg(c.relname || '.' || a.attname || ':' || a.atttypid::text || a.attnotnull::text || a.atthasdef::text || a.attisdropped::text, ',' ORDER BY c.relname, a.attnum)
    FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid WHERE c.relnamespace = current_schema()::regnamespace AND a.attnum > 0),
 (SELECT string_agg(conname || ':' || contype::text || pg_get_constraintdef(oid), ',' ORDER BY conname, oid) FROM pg_constraint WHERE connamespace = current_schema()::regnamespace),
 (SELECT string_agg(t.tgname || ':' || t.tgenabled::text, ',' ORDER BY t.tgname) FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid WHERE c.relnamespace = current_schema()::regnamespace),
 (SELECT string_agg(proname || ':' || md5(prosrc), ',' ORDER BY proname) FROM pg_proc WHERE pronamespace = current_schema()::regnamespace)))`

// adoptSchema records what emptying s needs, right after it was migrated:
// its tables, a copy of the rows in them (in a schema beside it) and its
// sequences' positions.
func adoptSchema(ctx context.Context, dbURL string, s *pgSchema) error {
	conn, err := sql.Open("pgx", dbURL)
	if err != nil {
		return err
	}
	defer conn.Close()
	var fingerprint string
	if err := conn.QueryRowContext(ctx, fingerprintSQL).Scan(&fingerprint); err != nil {
		return fmt.Errorf("fingerprint: %w", err)
	}
	rows, err := conn.QueryContext(ctx, `SELECT quote_ident(tablename) FROM pg_tables WHERE schemaname = current_schema() ORDER BY 1`)
	if err != nil {
		return err
	}
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			rows.Close()
			return err
		}
		s.tables = append(s.tables, name)
	}
	rows.Close()
	seed := s.name + "_seed"
	if _, err := conn.ExecContext(ctx, "CREATE SCHEMA "+seed); err != nil {
		return err
	}
	for _, table := range s.tables {
		var filled bool
		if err := conn.QueryRowContext(ctx, "SELECT EXISTS (SELECT FROM "+table+")").Scan(&filled); err != nil {
			return err
		}
		if !filled {
			continue
		}
		// Generated columns are computed again, not copied.
		var cols string
		if err := conn.QueryRowContext(ctx, `SELECT string_agg(quote_ident(attname), ', ' ORDER BY attnum) FROM pg_attribute
			WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped AND attgenerated = ''`, table).Scan(&cols); err != nil {
			return err
		}
		if _, err := conn.ExecContext(ctx, "CREATE TABLE "+seed+"."+table+" AS SELECT "+cols+" FROM "+table); err != nil {
			return err
		}
		s.seeds = append(s.seeds, "INSERT INTO "+table+" ("+cols+") OVERRIDING SYSTEM VALUE SELECT "+cols+" FROM "+seed+"."+table)
	}
	rows, err = conn.QueryContext(ctx, `SELECT quote_ident(sequencename), start_value, last_value FROM pg_sequences WHERE schemaname = current_schema()`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var name string
		var start int64
		var last sql.NullInt64
		if err := rows.Scan(&name, &start, &last); err != nil {
			return err
		}
		if last.Valid {
			s.sequences = append(s.sequences, fmt.Sprintf("SELECT setval('%s', %d, true)", name, last.Int64))
		} else {
			s.sequences = append(s.sequences, fmt.Sprintf("SELECT setval('%s', %d, false)", name, start))
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	s.fingerprint = fingerprint // adopted: reusable from now on
	return nil
}

// releaseSchema empties s and puts it back in the pool, or drops it when it
// cannot be reused: never adopted (its test failed before migrating), its
// objects changed, or emptying it failed.
func releaseSchema(dbURL string, s *pgSchema) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if s.fingerprint != "" && emptySchema(ctx, dbURL, s) == nil {
		pgPool.mu.Lock()
		pgPool.free = append(pgPool.free, s)
		pgPool.mu.Unlock()
		return
	}
	dropSchemas(s.name+"_seed", s.name)
}

// dropSchemas drops the named schemas with everything in them, as far as
// it can: a schema left behind is swept by a later binary or by hand.
func dropSchemas(names ...string) {
	admin, err := sql.Open("pgx", os.Getenv(PostgresEnv))
	if err != nil {
		return
	}
	defer admin.Close()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	for _, name := range names {
		_, _ = admin.ExecContext(ctx, "DROP SCHEMA IF EXISTS "+name+" CASCADE")
	}
}

// emptySchema deletes every row, puts the migrations' rows back and sets
// the sequences back, in one transaction with triggers off (foreign keys
// need no order then, and the audit log's append-only trigger lets it be
// emptied: only by the harness, between tests).
func emptySchema(ctx context.Context, dbURL string, s *pgSchema) error {
	db, err := sql.Open("pgx", dbURL)
	if err != nil {
		return err
	}
	defer db.Close()
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var fingerprint string
	if err := tx.QueryRowContext(ctx, fingerprintSQL).Scan(&fingerprint); err != nil {
		return err
	}
	if fingerprint != s.fingerprint {
		return fmt.Errorf("schema %s changed during the test", s.name)
	}
	var b strings.Builder
	b.WriteString("SET LOCAL session_replication_role = replica; SET LOCAL lock_timeout = '10s'; SET LOCAL synchronous_commit = off;")
	for _, table := range s.tables {
		b.WriteString("DELETE FROM " + table + ";")
	}
	for _, stmt := range append(s.seeds, s.sequences...) {
		b.WriteString(stmt + ";")
	}
	if _, err := tx.ExecContext(ctx, b.String()); err != nil {
		return err
	}
	return tx.Commit()
}
