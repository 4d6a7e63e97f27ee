package warehouse

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/db/dbtest"
	"github.com/waybill/waybill/internal/errs"
)

// Returned units go into the warehouse's returns bin while it is active,
// else into its first active bin by code; a warehouse with no active bin
// has nowhere to take them.
func TestReturnsBin(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx, s, w := withBerlin(t, d)
		returnsBin := func() (string, error) {
			var code string
			err := d.Read(context.Background(), func(tx *db.Tx) error {
				id, err := ReturnsBin(context.Background(), tx, w.ID)
				if err != nil {
					return err
				}
				return tx.QueryRowContext(context.Background(), `SELECT code FROM bins WHERE id = $1`, id).Scan(&code)
			})
			return code, err
		}
		_, err := returnsBin()
		require.True(t, errs.Is(err, errs.NotFound), "no bin: %v", err)

		_, err = s.AddBins(ctx, w.ID, []BinInput{{Code: "A-01-01-1", Active: ptr(false)}, {Code: "C-01-01-1"},
			{Code: "B-01-01-1"}, {Code: ReturnsBinCode, Active: ptr(false)}})
		require.NoError(t, err)
		code, err := returnsBin()
		require.NoError(t, err)
		require.Equal(t, "B-01-01-1", code, "no active returns bin: the first active bin")

		_, err = s.UpdateBin(ctx, w.ID, ReturnsBinCode, BinPatch{Active: ptr(true)})
		require.NoError(t, err)
		code, err = returnsBin()
		require.NoError(t, err)
		require.Equal(t, ReturnsBinCode, code)
	})
}
