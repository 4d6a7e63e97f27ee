package dbtest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"hash/fnv"
	"net/url"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/waybill/waybill/internal/db"
)

// postgresTemplate returns the name of a migrated, empty database on the
// server in WAYBILL_TEST_POSTGRES to clone test databases from (CREATE
// DATABASE ... TEMPLATE), built once per migration set and kept on the
// server for later test binaries. It returns "" when there is none to be
// had; the caller then migrates a fresh schema.
var postgresTemplate = sync.OnceValue(func() string {
	key := templateKey(db.Postgres)
	base := os.Getenv(PostgresEnv)
	if key == "" || base == "" {
		return ""
	}
	name := "wbtpl_" + key
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	if err := buildPostgresTemplate(ctx, base, name); err != nil {
		return ""
	}
	return name
})

// templateLock is the advisory lock id binaries hold while they look for,
// or build, a template, so that two never build the same one.
var templateLock = func() int64 {
	h := fnv.New64a()
	h.Write([]byte("waybill dbtest template"))
	return int64(h.Sum64() &^ (1 << 63))
}()

// buildPostgresTemplate makes sure database name exists, migrating it
// under another name first and renaming it when done, so that no binary
// ever clones half a template. The template refuses connections: one
// connection to it would make every clone fail.
func buildPostgresTemplate(ctx context.Context, base, name string) error {
	admin, err := sql.Open("pgx", base)
	if err != nil {
		return err
	}
	defer admin.Close()
	conn, err := admin.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock($1)`, templateLock); err != nil {
		return err
	}
	defer conn.ExecContext(context.Background(), `SELECT pg_advisory_unlock($1)`, templateLock)
	var exists bool
	if err := conn.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)`, name).Scan(&exists); err != nil {
		return err
	}
	if exists {
		return nil
	}
	build := name + "_build"
	if _, err := conn.ExecContext(ctx, `DROP DATABASE IF EXISTS `+build+` WITH (FORCE)`); err != nil {
		return err
	}
	if _, err := conn.ExecContext(ctx, `CREATE DATABASE `+build); err != nil {
		return err
	}
	u, err := databaseURL(base, build)
	if err != nil {
		return err
	}
	d, err := db.Open(ctx, u, db.Options{})
	if err != nil {
		return err
	}
	_, err = d.Migrate(ctx)
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("migrate the template: %w", err)
	}
	// A closed connection's server process may linger a moment; the
	// rename refuses while it does.
	if _, err := conn.ExecContext(ctx, `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1`, build); err != nil {
		return err
	}
	for attempt := 0; ; attempt++ {
		_, err = conn.ExecContext(ctx, `ALTER DATABASE `+build+` RENAME TO `+name)
		if err == nil || attempt == 50 {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if err != nil {
		return err
	}
	_, err = conn.ExecContext(ctx, `ALTER DATABASE `+name+` WITH ALLOW_CONNECTIONS false`)
	return err
}

// databaseURL is base pointing at database name instead.
func databaseURL(base, name string) (string, error) {
	u, err := url.Parse(base)
	if err != nil {
		return "", err
	}
	u.Path = "/" + name
	return u.String(), nil
}

// postgresClone creates a database cloned from the template and returns
// its URL; it is dropped when the test ends. It returns "" when there is no
// template.
func postgresClone(t testing.TB) string {
	t.Helper()
	tmpl := postgresTemplate()
	if tmpl == "" {
		return ""
	}
	base := os.Getenv(PostgresEnv)
	var b [6]byte
	_, _ = rand.Read(b[:])
	name := "wbtest_" + hex.EncodeToString(b[:])
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatalf("open postgres: %v", err)
	}
	defer admin.Close()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if _, err := admin.ExecContext(ctx, `CREATE DATABASE `+name+` TEMPLATE `+tmpl); err != nil {
		t.Fatalf("create database from template %s: %v", tmpl, err)
	}
	t.Cleanup(func() {
		admin, err := sql.Open("pgx", base)
		if err != nil {
			return
		}
		defer admin.Close()
		_, _ = admin.Exec(`DROP DATABASE ` + name + ` WITH (FORCE)`)
	})
	u, err := databaseURL(base, name)
	if err != nil {
		t.Fatalf("parse %s: %v", PostgresEnv, err)
	}
	return u
}
