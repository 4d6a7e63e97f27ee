package db_test

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/db/dbtest"
)

// Many writers running InsertRows of varying sizes at once: statements are
// prepared between transactions while others run, which must neither
// deadlock the single SQLite writer connection nor lose or duplicate a row.
func TestInsertRowsConcurrentPreparedStatements(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		cols := []string{"id", "name", "role", "secret_hash", "created_at"}
		var wg sync.WaitGroup
		errc := make(chan error, 40)
		want := 0
		for w := range 40 {
			n := 1 + w*37%900 // sizes that need full, power-of-two and single-row statements
			want += n
			wg.Go(func() {
				errc <- d.Write(ctx, func(tx *db.Tx) error {
					rows := make([][]any, n)
					for i := range rows {
						rows[i] = []any{fmt.Sprintf("k%02d-%04d", w, i), "n", "admin", "h", tx.Now}
					}
					return db.InsertRows(ctx, tx, "api_keys", cols, rows)
				})
			})
		}
		wg.Wait()
		close(errc)
		for err := range errc {
			require.NoError(t, err)
		}
		var got int
		require.NoError(t, d.Read(ctx, func(tx *db.Tx) error {
			return tx.QueryRowContext(ctx, `SELECT count(*) FROM api_keys`).Scan(&got)
		}))
		require.Equal(t, want, got)
	})
}

// A row with the wrong number of values is refused before anything runs.
func TestInsertRowsRefusesRaggedRows(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		err := d.Write(context.Background(), func(tx *db.Tx) error {
			return db.InsertRows(context.Background(), tx, "api_keys", []string{"id", "name"}, [][]any{{"a", "b"}, {"c"}})
		})
		require.ErrorContains(t, err, "row has 1 values for 2 columns")
	})
}

// A long transaction runs the same texts again and again: from the second
// run each goes through a statement prepared on the transaction, which must
// answer exactly as the unprepared text did, and the next transaction finds
// them prepared on the pool.
func TestPreparedTextsRunAgainInOneTransaction(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		for range 2 {
			require.NoError(t, d.Write(ctx, func(tx *db.Tx) error {
				for i := range 50 {
					res, err := tx.ExecPrepared(ctx, `INSERT INTO api_keys (id, name, role, secret_hash, created_at)
						VALUES ($1, $2, 'admin', $2, $3) ON CONFLICT (id) DO UPDATE SET name = excluded.name`,
						fmt.Sprintf("k%03d", i), fmt.Sprintf("n%d", i), tx.Now)
					if err != nil {
						return err
					}
					if n, _ := res.RowsAffected(); n != 1 {
						return fmt.Errorf("run %d: %d rows", i, n)
					}
					var name, hash string
					if err := tx.QueryRowPrepared(ctx, `SELECT name, secret_hash FROM api_keys WHERE id = $1`,
						fmt.Sprintf("k%03d", i)).Scan(&name, &hash); err != nil {
						return err
					}
					if name != fmt.Sprintf("n%d", i) || hash != name {
						return fmt.Errorf("run %d read %q, %q", i, name, hash)
					}
					rows, err := tx.QueryPrepared(ctx, `SELECT count(*) FROM api_keys WHERE id <= $1`, fmt.Sprintf("k%03d", i))
					if err != nil {
						return err
					}
					var n int
					for rows.Next() {
						if err := rows.Scan(&n); err != nil {
							return err
						}
					}
					if err := rows.Close(); err != nil {
						return err
					}
					if n != i+1 {
						return fmt.Errorf("run %d counted %d", i, n)
					}
				}
				return nil
			}))
		}
	})
}
