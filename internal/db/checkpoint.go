package db

import (
	"database/sql"
	"fmt"
	"sync"
	"time"
)

// checkpointEvery is how often the WAL is copied back into the database.
const checkpointEvery = 200 * time.Millisecond

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
	conn *sql.DB
	quit chan struct{}
	done chan struct{}
	once sync.Once
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
			_, _ = c.conn.Exec(`PRAGMA wal_checkpoint(PASSIVE)`)
		}
	}
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
