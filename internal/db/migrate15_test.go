package db_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/db/dbtest"
)

// Migration 00015 (the console's people) came after 00016: a database
// that was at 16 without it, as every database made before the console
// is, applies it on the next start instead of refusing to migrate.
func TestMigration15AppliesAfter16(t *testing.T) {
	dbtest.EachURL(t, func(t *testing.T, url string) {
		ctx := context.Background()
		d, err := db.Open(ctx, url, db.Options{})
		require.NoError(t, err)
		t.Cleanup(func() { d.Close() })
		_, err = d.Migrate(ctx)
		require.NoError(t, err)
		// Undo 00015 by hand: the state of a database made before it.
		require.NoError(t, d.Write(ctx, func(tx *db.Tx) error {
			for _, q := range []string{`DROP TABLE sign_in_failures`, `DROP TABLE sessions`, `DROP TABLE person_setup_tokens`,
				`DROP TABLE people`, `DELETE FROM goose_db_version WHERE version_id = 15`} {
				if _, err := tx.ExecContext(ctx, q); err != nil {
					return err
				}
			}
			return nil
		}))
		res, err := d.Migrate(ctx)
		require.NoError(t, err)
		require.Len(t, res.Applied, 1)
		require.Contains(t, res.Applied[0], "00015_people.sql")
		require.NoError(t, d.Read(ctx, func(tx *db.Tx) error {
			var n int
			return tx.QueryRowContext(ctx, `SELECT count(*) FROM people`).Scan(&n)
		}))
	})
}
