package db

import (
	"context"
	"database/sql"
	"fmt"
	"sync"
	"sync/atomic"
	"time"
)

// checkpointEvery is how often the WAL is copied back into the database.
const checkpointEvery = 200 * time.Millisecond

// restartAbove is the WAL's length in pages (64 MiB of 4 KiB pages) past
// which the checkpointer waits for a gap between writes to start the WAL
// over. PASSIVE copies pages back but never rewinds the file: under writes
// that never pause (a bulk load, a long intake burst) the WAL grew without
// bound, 15 GB in ten minutes of loading, and every read slowed with it.
var restartAbove = 16384

// checkpointer copies SQLite's write-ahead log back into the database file
// on a connection of its own, every checkpointEvery. SQLite's automatic
// checkpoint would run inside the commit of whichever writer crosses the
// threshold, so one order batch in every few would also pay for writing
// thousands of pages; here the writer only appends to the WAL and the copy
// runs on the other core. PASSIVE never blocks the writer or readers.
// Measured with `waybill bench intake` (20,000 SKUs, five back-to-back
// pairs): +1 to +10 % orders/s (about +5 % on average), p99 lower in four
// of the five (docs/PERFORMANCE.md).
type checkpointer struct {
	conn    *sql.DB
	restart atomic.Bool // the WAL is past restartAbove: rewind it between two writes
	quit    chan struct{}
	done    chan struct{}
	once    sync.Once
}

func startCheckpointer(dsn string) (*checkpointer, error) {
	conn, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("open sqlite checkpointer: %w", err)
	}
	conn.SetMaxOpenConns(1)
	conn.SetMaxIdleConns(1)
	c := &checkpointer{conn: conn, quit: make(chan struct{}), done: make(chan struct{})}
	go c.run()
	return c, nil
}

func (c *checkpointer) run() {
	defer close(c.done)
	tick := time.NewTicker(checkpointEvery)
	defer tick.Stop()
	for {
		select {
		case <-c.quit:
			return
		case <-tick.C:
			// An error (the database busy, closing) is retried next tick;
			// nothing is lost, the WAL just stays longer.
			var busy, logged, copied int
			if err := c.conn.QueryRow(`PRAGMA wal_checkpoint(PASSIVE)`).Scan(&busy, &logged, &copied); err == nil && logged > restartAbove {
				c.restart.Store(true) // the writer rewinds the WAL after its next commit
			}
		}
	}
}

// rewind runs after a commit on the writer's own connection, so no other
// write can slip in: when the WAL has grown past restartAbove it copies
// what PASSIVE has not (little, it ran moments ago) and lets the next
// write start the WAL from its top (journal_size_limit trims the file).
// RESTART could not do it from the checkpointer's connection: a writer
// that never pauses always holds the write lock first. It waits for
// readers on older snapshots up to the busy timeout; an error is retried
// after a later commit.
func (c *checkpointer) rewind(ctx context.Context, write *sql.DB) {
	if c == nil || !c.restart.Swap(false) {
		return
	}
	_, _ = write.ExecContext(ctx, `PRAGMA wal_checkpoint(RESTART)`)
}

// stop ends the loop, runs a last checkpoint and closes the connection.
// It is safe on a nil checkpointer (PostgreSQL has none) and twice.
func (c *checkpointer) stop() error {
	if c == nil {
		return nil
	}
	var err error
	c.once.Do(func() {
		close(c.quit)
		<-c.done
		_, _ = c.conn.Exec(`PRAGMA wal_checkpoint(PASSIVE)`)
		err = c.conn.Close()
	})
	return err
}
