package db_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/db"
)

// The writer never checkpoints (wal_autocheckpoint is 0); the background
// checkpointer copies committed pages into the database file within a tick
// or two, and a last checkpoint runs on Close.
func TestCheckpointerCopiesTheWAL(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "ckpt.db")
	d, err := db.Open(ctx, "sqlite:"+path, db.Options{})
	require.NoError(t, err)
	_, err = d.Migrate(ctx)
	require.NoError(t, err)
	size := func() int64 {
		st, err := os.Stat(path)
		require.NoError(t, err)
		return st.Size()
	}
	time.Sleep(500 * time.Millisecond) // the migrations reach the file
	before := size()

	rows := make([][]any, 2000)
	require.NoError(t, d.Write(ctx, func(tx *db.Tx) error {
		for i := range rows {
			rows[i] = []any{fmt.Sprintf("k%05d", i), "a name long enough to fill pages quickly", "admin", "h", tx.Now}
		}
		return db.InsertRows(ctx, tx, "api_keys", []string{"id", "name", "role", "secret_hash", "created_at"}, rows)
	}))
	deadline := time.Now().Add(5 * time.Second)
	for size() == before && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	require.Greater(t, size(), before, "committed pages reach the database file without the writer checkpointing")
	require.NoError(t, d.Close())
}
