// Package dbtest gives tests a fresh, migrated database of each dialect, so
// one test body proves a store behaviour on SQLite and on PostgreSQL.
//
// SQLite runs always. PostgreSQL runs when WAYBILL_TEST_POSTGRES holds a URL
// (CI always sets it); each test gets its own schema, dropped afterwards.
package dbtest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/waybill/waybill/internal/clock"
	"github.com/waybill/waybill/internal/db"
)

// PostgresEnv names the variable holding the PostgreSQL URL for tests.
const PostgresEnv = "WAYBILL_TEST_POSTGRES"

// Options tune a test database.
type Options struct {
	Clock clock.Clock
}

// Each runs fn as a subtest named after each available dialect.
func Each(t *testing.T, fn func(t *testing.T, d *db.DB)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) { fn(t, SQLite(t, Options{})) })
	if os.Getenv(PostgresEnv) == "" {
		t.Logf("PostgreSQL leg not run: %s is unset", PostgresEnv)
		return
	}
	t.Run("postgres", func(t *testing.T) { fn(t, Postgres(t, Options{})) })
}

// EachURL is Each for tests that open the database themselves (the binary's
// end-to-end tests): fn gets the URL of an empty database (a new SQLite file
// name, or an empty PostgreSQL schema); the code under test migrates it.
func EachURL(t *testing.T, fn func(t *testing.T, dbURL string)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) { fn(t, SQLiteURL(t)) })
	if os.Getenv(PostgresEnv) == "" {
		t.Logf("PostgreSQL leg not run: %s is unset", PostgresEnv)
		return
	}
	t.Run("postgres", func(t *testing.T) { fn(t, PostgresURL(t)) })
}

// SQLite opens a migrated database in a temporary file, a copy of the
// template (template.go).
func SQLite(t testing.TB, opts Options) *db.DB {
	t.Helper()
	file := filepath.Join(t.TempDir(), "waybill.db")
	if _, err := sqliteCopy(file); err != nil {
		t.Fatalf("copy the SQLite template: %v", err)
	}
	return open(t, "sqlite:"+file, opts)
}

// SQLiteURL names a fresh SQLite file in the test's temporary directory.
func SQLiteURL(t testing.TB) string {
	return "sqlite:" + filepath.Join(t.TempDir(), "waybill.db")
}

// Postgres opens a migrated database in a PostgreSQL schema of its own for
// the test: one migrated for it, or one that an earlier test of the same
// binary used, emptied back to as migrated (pgpool.go). It is not cloned
// from a template database: dropping a database forces a checkpoint of the
// whole server, which under load cost more than the migrations it saved.
func Postgres(t testing.TB, opts Options) *db.DB {
	t.Helper()
	d, _, _ := pooledPostgres(t, opts)
	return d
}

// pooledPostgres is Postgres, also returning the schema's URL and entry.
func pooledPostgres(t testing.TB, opts Options) (*db.DB, string, *pgSchema) {
	t.Helper()
	dbURL, s := pooledPostgresURL(t)
	d := open(t, dbURL, opts)
	if s.fingerprint == "" {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		if err := adoptSchema(ctx, dbURL, s); err != nil {
			t.Fatalf("keep the migrated schema %s for reuse: %v", s.name, err)
		}
	}
	return d, dbURL, s
}

// PostgresURL creates an empty schema and returns a URL whose search_path
// points at it. The test fails if WAYBILL_TEST_POSTGRES is unset.
func PostgresURL(t testing.TB) string {
	t.Helper()
	base := os.Getenv(PostgresEnv)
	if base == "" {
		t.Fatalf("%s is unset", PostgresEnv)
	}
	schema := createSchema(t, base, "wbtest_")
	t.Cleanup(func() { dropSchemas(schema) })
	u, err := schemaURL(base, schema)
	if err != nil {
		t.Fatalf("parse %s: %v", PostgresEnv, err)
	}
	return u
}

func open(t testing.TB, dbURL string, opts Options) *db.DB {
	t.Helper()
	ctx := context.Background()
	d, err := db.Open(ctx, dbURL, db.Options{Clock: opts.Clock})
	if err != nil {
		t.Fatalf("open %s: %v", dbURL, err)
	}
	t.Cleanup(func() { d.Close() })
	if _, err := d.Migrate(ctx); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	return d
}

// EachAt is Each on a fixed clock starting at start, for tests of time:
// payment windows, timers, validity windows. The clock also stamps every
// transaction, so tx.Now and the test agree.
func EachAt(t *testing.T, start time.Time, fn func(t *testing.T, d *db.DB, clk *clock.Fixed)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) {
		clk := clock.NewFixed(start)
		fn(t, SQLite(t, Options{Clock: clk}), clk)
	})
	if os.Getenv(PostgresEnv) == "" {
		t.Logf("PostgreSQL leg not run: %s is unset", PostgresEnv)
		return
	}
	t.Run("postgres", func(t *testing.T) {
		clk := clock.NewFixed(start)
		fn(t, Postgres(t, Options{Clock: clk}), clk)
	})
}

// createSchema creates an empty schema named prefix and 12 random hex
// digits, and returns its name.
func createSchema(t testing.TB, base, prefix string) string {
	t.Helper()
	var b [6]byte
	_, _ = rand.Read(b[:])
	name := prefix + hex.EncodeToString(b[:])
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatalf("open postgres: %v", err)
	}
	defer admin.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if _, err := admin.ExecContext(ctx, "CREATE SCHEMA "+name); err != nil {
		t.Fatalf("create schema: %v", err)
	}
	return name
}
