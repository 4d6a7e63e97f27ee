package db

import (
	"context"
	"embed"
	"fmt"
	"io/fs"

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

// Migrate brings the schema to the newest version. On PostgreSQL a session
// lock keeps two instances starting at once from migrating together.
func (d *DB) Migrate(ctx context.Context) (MigrationResult, error) {
	sub, err := fs.Sub(migrations, "migrations/"+string(d.dialect))
	if err != nil {
		return MigrationResult{}, err
	}
	dialect := goose.DialectSQLite3
	var opts []goose.ProviderOption
	if d.dialect == Postgres {
		dialect = goose.DialectPostgres
		locker, err := lock.NewPostgresSessionLocker()
		if err != nil {
			return MigrationResult{}, err
		}
		opts = append(opts, goose.WithSessionLocker(locker))
	}
	p, err := goose.NewProvider(dialect, d.write, sub, opts...)
	if err != nil {
		return MigrationResult{}, fmt.Errorf("load migrations: %w", err)
	}
	results, err := p.Up(ctx)
	if err != nil {
		return MigrationResult{}, fmt.Errorf("migrate %s: %w", d.dialect, err)
	}
	var res MigrationResult
	for _, r := range results {
		res.Applied = append(res.Applied, r.Source.Path)
	}
	res.Version, err = p.GetDBVersion(ctx)
	return res, err
}
