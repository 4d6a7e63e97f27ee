package db

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// Writes that never pause must not grow the WAL without bound: past
// restartAbove pages the checkpointer restarts it between two
// transactions. With the restart out of reach, the same load leaves the
// WAL many times larger, so this test fails if the restart stops working.
func TestWALStaysBoundedUnderWritesThatNeverPause(t *testing.T) {
	walAfter := func(t *testing.T, limit int) int64 {
		old := restartAbove
		restartAbove = limit
		defer func() { restartAbove = old }()
		path := filepath.Join(t.TempDir(), "wal.db")
		ctx := context.Background()
		d, err := Open(ctx, "sqlite:"+path, Options{})
		if err != nil {
			t.Fatal(err)
		}
		defer d.Close()
		if err := d.Write(ctx, func(tx *Tx) error {
			_, err := tx.ExecContext(ctx, `CREATE TABLE filler (id INTEGER PRIMARY KEY, body TEXT NOT NULL)`)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		body := strings.Repeat("x", 4000)
		deadline := time.Now().Add(3 * time.Second)
		for n := 0; time.Now().Before(deadline); n++ {
			if err := d.Write(ctx, func(tx *Tx) error {
				for i := range 100 { // ~100 pages per transaction, one after another
					if _, err := tx.ExecContext(ctx, `INSERT INTO filler (id, body) VALUES ($1, $2)`, n*100+i, body); err != nil {
						return err
					}
				}
				return nil
			}); err != nil {
				t.Fatal(err)
			}
		}
		st, err := os.Stat(path + "-wal")
		if err != nil {
			t.Fatal(err)
		}
		return st.Size()
	}
	bounded := walAfter(t, 512) // 2 MiB
	unbounded := walAfter(t, 1<<30)
	t.Logf("WAL after 3 s of back-to-back writes: %d MiB with the restart, %d MiB without", bounded>>20, unbounded>>20)
	// The file keeps its longest extent up to journal_size_limit (64 MiB).
	if bounded > 100<<20 {
		t.Fatalf("the WAL grew to %d MiB with the restart at 2 MiB", bounded>>20)
	}
	if unbounded < 2*bounded {
		t.Fatalf("without the restart the WAL is %d MiB, not clearly above %d MiB: the test no longer tells", unbounded>>20, bounded>>20)
	}
}
