package db_test

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/db/dbtest"
)

// InChunks hands every value over once, in order, in groups padded to a
// few lengths by repeating each group's last value: so an IN-list query
// prepared through QueryPrepared takes a handful of texts, and still finds
// exactly the rows asked for, on both databases.
func TestInChunksPadsToFewLengthsAndFindsTheSameRows(t *testing.T) {
	lengths := map[int]bool{}
	for _, n := range []int{1, 7, 8, 9, 100, 499, 500, 501, 1234} {
		values := make([]string, n)
		for i := range values {
			values[i] = fmt.Sprintf("v%04d", i)
		}
		var got []string
		require.NoError(t, db.InChunks(values, func(part []any) error {
			lengths[len(part)] = true
			var real []string
			for _, v := range part {
				if len(real) == 0 || real[len(real)-1] != v.(string) {
					real = append(real, v.(string))
				}
			}
			for _, v := range part[len(real):] {
				require.Equal(t, real[len(real)-1], v, "padding repeats the last value")
			}
			got = append(got, real...)
			return nil
		}))
		require.Equal(t, values, got, "n=%d", n)
	}
	require.Equal(t, []int{8, 16, 128, 256, 500}, slices.Sorted(func(yield func(int) bool) {
		for l := range lengths {
			if !yield(l) {
				return
			}
		}
	}))

	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		require.NoError(t, d.Write(ctx, func(tx *db.Tx) error {
			if _, err := tx.ExecContext(ctx, `CREATE TABLE chunked (id TEXT PRIMARY KEY)`); err != nil {
				return err
			}
			rows := make([][]any, 700)
			for i := range rows {
				rows[i] = []any{fmt.Sprintf("id%04d", i)}
			}
			return db.InsertRows(ctx, tx, "chunked", []string{"id"}, rows)
		}))
		for range 3 { // prepared after the first transaction, reused after
			want := []string{"id0003", "id0100", "id0699", "id9999"}
			var found []string
			require.NoError(t, d.Write(ctx, func(tx *db.Tx) error {
				return db.InChunks(want, func(part []any) error {
					ids, err := tx.Strings(ctx, `SELECT id FROM chunked WHERE id IN (`+tx.Placeholders(1, len(part))+`) ORDER BY id`, part...)
					found = append(found, ids...)
					return err
				})
			}))
			require.Equal(t, want[:3], found, "a padded list finds each row once")
			var n int
			require.NoError(t, d.Write(ctx, func(tx *db.Tx) error {
				return db.InChunks(want, func(part []any) error {
					rows, err := tx.QueryPrepared(ctx, `SELECT count(*) FROM chunked WHERE id IN (`+tx.Placeholders(1, len(part))+`)`, part...)
					if err != nil {
						return err
					}
					defer rows.Close()
					for rows.Next() {
						if err := rows.Scan(&n); err != nil {
							return err
						}
					}
					return rows.Err()
				})
			}))
			require.Equal(t, 3, n)
		}
	})
}
