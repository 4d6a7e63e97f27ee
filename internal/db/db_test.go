package db_test

import (
	"context"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/db/dbtest"
	"github.com/waybill/waybill/internal/errs"
)

func TestMigrateIsIdempotent(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		res, err := d.Migrate(context.Background())
		require.NoError(t, err)
		require.Empty(t, res.Applied, "a second migrate applies nothing")
		files, err := filepath.Glob(filepath.Join("migrations", string(d.Dialect()), "*.sql"))
		require.NoError(t, err)
		// Numbers are reserved per branch, so the files may have gaps while
		// branches are open; the version is the highest number.
		last, err := strconv.Atoi(strings.SplitN(filepath.Base(files[len(files)-1]), "_", 2)[0])
		require.NoError(t, err)
		require.EqualValues(t, last, res.Version, "every migration file applied")
	})
}

// Timestamps, booleans and numbered placeholders must mean the same on both
// dialects; every store relies on it.
func TestDialectRoundTrip(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		var now time.Time
		err := d.Write(ctx, func(tx *db.Tx) error {
			now = tx.Now
			_, err := tx.ExecContext(ctx,
				`INSERT INTO api_keys (id, name, role, secret_hash, created_at) VALUES ($2, $1, 'admin', 'h', $3)`,
				"name", "key_1", tx.Now)
			return err
		})
		require.NoError(t, err)
		var got time.Time
		var name string
		err = d.Read(ctx, func(tx *db.Tx) error {
			return tx.QueryRowContext(ctx, `SELECT name, created_at FROM api_keys WHERE id = $1`, "key_1").Scan(&name, &got)
		})
		require.NoError(t, err)
		require.Equal(t, "name", name)
		require.True(t, now.Equal(got), "stored %v, read %v", now, got)
	})
}

func TestConstraintViolationsAreClassified(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		insert := func(id, role string) error {
			return d.Write(ctx, func(tx *db.Tx) error {
				_, err := tx.ExecContext(ctx,
					`INSERT INTO api_keys (id, name, role, secret_hash, created_at) VALUES ($1, 'n', $2, 'h', $3)`, id, role, tx.Now)
				return err
			})
		}
		require.NoError(t, insert("k1", "admin"))
		require.Equal(t, db.UniqueViolation, db.ViolationOf(insert("k1", "admin")))
		require.Equal(t, db.CheckViolation, db.ViolationOf(insert("k2", "root")))
	})
}

func TestAuditLogIsAppendOnly(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		require.NoError(t, d.Write(ctx, func(tx *db.Tx) error {
			_, err := tx.ExecContext(ctx, `INSERT INTO audit_log (id, at, actor, actor_name, role, remote_addr, request_id, action, entity, entity_id, detail)
				VALUES ('a1', $1, 'cli', 'cli', 'admin', '', '', 'x', 'y', 'z', '{}')`, tx.Now)
			return err
		}))
		for _, stmt := range []string{`UPDATE audit_log SET action = 'forged'`, `DELETE FROM audit_log`} {
			err := d.Write(ctx, func(tx *db.Tx) error {
				_, err := tx.ExecContext(ctx, stmt)
				return err
			})
			require.ErrorContains(t, err, "append-only", stmt)
		}
	})
}

// SQLite has one writer connection; concurrent writers must queue, not fail.
func TestConcurrentWritersSerialise(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		var wg sync.WaitGroup
		errc := make(chan error, 32)
		for i := range 32 {
			wg.Go(func() {
				errc <- d.Write(ctx, func(tx *db.Tx) error {
					_, err := tx.ExecContext(ctx,
						`INSERT INTO api_keys (id, name, role, secret_hash, created_at) VALUES ($1, 'n', 'admin', 'h', $2)`,
						"k"+string(rune('A'+i)), tx.Now)
					return err
				})
			})
		}
		wg.Wait()
		close(errc)
		for err := range errc {
			require.NoError(t, err)
		}
		var n int
		require.NoError(t, d.Read(ctx, func(tx *db.Tx) error {
			return tx.QueryRowContext(ctx, `SELECT count(*) FROM api_keys`).Scan(&n)
		}))
		require.Equal(t, 32, n)
	})
}

// A value the database cannot store is the caller's fault, never a 500.
func TestUnstorableTextIsInvalid(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		err := d.Write(ctx, func(tx *db.Tx) error {
			_, err := tx.ExecContext(ctx,
				`INSERT INTO api_keys (id, name, role, secret_hash, created_at) VALUES ('k', $1, 'admin', 'h', $2)`, "nul\x00name", tx.Now)
			return err
		})
		if d.Dialect() == db.Postgres {
			require.True(t, errs.Is(err, errs.Invalid), "%v", err)
		}
	})
}
