package db

import (
	"context"
	"embed"
	"fmt"
	"hash/fnv"
	"io/fs"
	"math"

	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
)

// migrations holds one folder per dialect; files with the same number make
// the same change, so both databases always have the same schema version.
//
//go:embed migrations
var migrations embed.FS

// MigrationResult says what Migrate did, for the migrate command to print.
type MigrationResult struct {
	Applied []string
	Version int64
}

// Migrate brings the schema to the newest version.
func (d *DB) Migrate(ctx context.Context) (MigrationResult, error) {
	return d.MigrateTo(ctx, math.MaxInt64)
}

// MigrateTo brings the schema up to version and no further: a migration's
// test starts from the version before it. On PostgreSQL a session lock keeps
// two instances starting at once from migrating the same schema together;
// it is keyed by the schema, so instances (and tests) working in different
// schemas of one database do not wait for each other, and it is tried every
// second rather than goose's default five.
func (d *DB) MigrateTo(ctx context.Context, version int64) (MigrationResult, error) {
	p, err := d.migrations(ctx)
	if err != nil {
		return MigrationResult{}, err
	}
	results, err := p.UpTo(ctx, version)
	if err != nil {
		return MigrationResult{}, fmt.Errorf("migrate %s: %w", d.dialect, err)
	}
	return d.result(ctx, p, results)
}

// MigrateDownTo undoes migrations above version, newest first: the way
// back to an earlier release's schema, and a migration's test of its Down.
func (d *DB) MigrateDownTo(ctx context.Context, version int64) (MigrationResult, error) {
	p, err := d.migrations(ctx)
	if err != nil {
		return MigrationResult{}, err
	}
	results, err := p.DownTo(ctx, version)
	if err != nil {
		return MigrationResult{}, fmt.Errorf("migrate %s down: %w", d.dialect, err)
	}
	return d.result(ctx, p, results)
}

func (d *DB) result(ctx context.Context, p *goose.Provider, results []*goose.MigrationResult) (MigrationResult, error) {
	var res MigrationResult
	for _, r := range results {
		res.Applied = append(res.Applied, r.Source.Path)
	}
	var err error
	res.Version, err = p.GetDBVersion(ctx)
	return res, err
}

// migrations is goose's view of this database's migrations.
func (d *DB) migrations(ctx context.Context) (*goose.Provider, error) {
	sub, err := fs.Sub(migrations, "migrations/"+string(d.dialect))
	if err != nil {
		return nil, err
	}
	dialect := goose.DialectSQLite3
	// Migration 00015 (the console's people) landed after 00016: a
	// database already at 16 applies it late. That is safe because 00015
	// only adds tables nothing before it reads; goose refuses such a gap
	// unless told.
	opts := []goose.ProviderOption{goose.WithAllowOutofOrder(true)}
	if d.dialect == Postgres {
		dialect = goose.DialectPostgres
		var schema string
		if err := d.write.QueryRowContext(ctx, `SELECT current_schema()`).Scan(&schema); err != nil {
			return nil, fmt.Errorf("read the schema to migrate: %w", err)
		}
		locker, err := lock.NewPostgresSessionLocker(lock.WithLockID(migrationLock(schema)), lock.WithLockTimeout(1, 300))
		if err != nil {
			return nil, err
		}
		opts = append(opts, goose.WithSessionLocker(locker))
	}
	p, err := goose.NewProvider(dialect, d.write, sub, opts...)
	if err != nil {
		return nil, fmt.Errorf("load migrations: %w", err)
	}
	return p, nil
}

// migrationLock is the advisory lock id of migrating one schema: goose's
// own id for the default schema, a hash of the name for any other.
func migrationLock(schema string) int64 {
	if schema == "public" {
		return lock.DefaultLockID
	}
	h := fnv.New64a()
	h.Write([]byte("goose:" + schema))
	return int64(h.Sum64() &^ (1 << 63))
}
