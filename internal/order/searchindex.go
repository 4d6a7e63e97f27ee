package order

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/waybill/waybill/internal/db"
)

// Search that follows the writer (issue 15). The lookups a person makes by
// e-mail, phone, reference pasted without its channel and SKU are served by
// order_search_keys, which intake does not write: at a million orders the
// four indexes those lookups used cost intake a third of its time, every
// order dirtying a random page of each (docs/PERFORMANCE.md). A follower
// writes the keys of newly placed orders a moment after intake commits,
// reading the timeline from where it stopped; on SQLite into the search
// file, which has a write lock of its own (internal/db/search.go).
//
// An order's keys never change once it is placed (nothing edits its e-mail,
// phone, reference or lines' SKUs) and orders are never deleted, so the
// follower only ever adds keys, and adding one twice is harmless: two
// followers (two processes on one PostgreSQL) may run at once, and a
// crash between the keys and the position costs only their rewriting.
//
// A search reads its keys after catching the follower up (searchTimeout at
// most), so an order is found as soon as it is placed unless intake runs
// faster than the follower; SearchLag says how far behind it is.

// searchVersion is the layout of the keys; state of another version makes
// the follower build them again.
const searchVersion = 1

// The key kinds: a key is its kind's prefix and the value as looked up.
const (
	keyEmail = "e:" // the e-mail, lower case
	keyPhone = "p:" // E.164, as intake stores it
	keyRef   = "r:" // the external reference, any channel
	keySKU   = "s:" // a line's SKU as the catalogue spells it
)

// searchKeysSQLite creates the search file's tables; on PostgreSQL
// migration 00040 does.
const searchKeysSQLite = `CREATE TABLE IF NOT EXISTS order_search_keys (
    key      TEXT NOT NULL,
    order_id TEXT NOT NULL,
    PRIMARY KEY (key, order_id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS order_search_state (
    name    TEXT PRIMARY KEY,
    version INTEGER NOT NULL,
    xid     INTEGER NOT NULL,
    seq     INTEGER NOT NULL
)`

// The follower's steps: how many timeline batches one reads, how many
// orders a step of building reads, how long a search waits for it, and
// how often the server's follower looks. Keys are random, so each commit
// dirties pages all over the table: at a million orders the follower costs
// 107-124 µs per order whether it steps every 50 ms or every 200 ms
// (docs/PERFORMANCE.md); the longer interval keeps it to fewer commits.
const (
	followBatches  = 32
	buildOrders    = 2000
	searchTimeout  = 250 * time.Millisecond
	followInterval = 200 * time.Millisecond
)

// searchFollower is a Store's part in following: one catch-up at a time.
type searchFollower struct {
	turn chan struct{} // holds a token while someone catches up
	made sync.Once     // the search file's tables
	err  error         // why they could not be made
}

func newSearchFollower() *searchFollower {
	return &searchFollower{turn: make(chan struct{}, 1)}
}

// ensureSearch creates the search file's tables, once per Store.
func (s *Store) ensureSearch(ctx context.Context) error {
	s.search.made.Do(func() {
		if s.db.Dialect() == db.SQLite {
			ctx := context.WithoutCancel(ctx)
			s.search.err = s.db.WriteSearch(ctx, func(tx *db.Tx) error {
				_, err := tx.ExecContext(ctx, searchKeysSQLite)
				return err
			})
		}
	})
	return s.search.err
}

// CatchUpSearch brings the search keys up to the timeline as it stands,
// building them from the orders when they were never built (a new search
// file, a database migrated from before them). It returns early, without
// error, when ctx ends while another caller is at it.
func (s *Store) CatchUpSearch(ctx context.Context) error {
	if err := s.ensureSearch(ctx); err != nil {
		return err
	}
	select {
	case s.search.turn <- struct{}{}:
	case <-ctx.Done():
		return nil
	}
	defer func() { <-s.search.turn }()
	for ctx.Err() == nil {
		done, err := s.followStep(ctx)
		if err != nil || done {
			return err
		}
	}
	return nil
}

// catchUpForSearch is CatchUpSearch bounded by searchTimeout, for a read
// that is about to use the keys: it answers from what is there after.
func (s *Store) catchUpForSearch(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, searchTimeout)
	defer cancel()
	err := s.CatchUpSearch(ctx)
	if errors.Is(err, context.DeadlineExceeded) {
		return nil
	}
	return err
}

// followStep indexes the orders placed in the next few timeline batches
// and reports whether the keys are now up to the timeline.
func (s *Store) followStep(ctx context.Context) (bool, error) {
	var (
		at      searchState
		next    searchState
		placed  [][]any
		version int
		batches int
	)
	err := s.db.Read(ctx, func(tx *db.Tx) error {
		var err error
		if at, version, err = readSearchState(ctx, tx); err != nil || version != searchVersion {
			return err
		}
		bs, err := feedBatches(ctx, tx, FeedPosition{XID: at.XID, Seq: at.Seq}, followBatches+1)
		if err != nil {
			return err
		}
		var ids []string
		next = at
		for _, b := range bs {
			if !(searchState{XID: b.XID, Seq: b.Seq}).after(at) {
				continue // the batch the position names, done
			}
			if batches == followBatches {
				break
			}
			batches++
			next = searchState{XID: b.XID, Seq: b.Seq}
			for _, e := range b.Entries {
				if e.Type == "order.placed" {
					ids = append(ids, e.OrderID)
				}
			}
		}
		placed, err = searchKeysOf(ctx, tx, ids)
		return err
	})
	if err != nil {
		return false, fmt.Errorf("follow the timeline for search: %w", err)
	}
	if version != searchVersion {
		return true, s.buildSearch(ctx, version != 0) // 0: none yet, or forgotten; else another layout
	}
	if batches == 0 {
		return true, nil
	}
	err = s.db.WriteSearch(ctx, func(tx *db.Tx) error {
		if err := insertSearchKeys(ctx, tx, placed); err != nil {
			return err
		}
		return next.advance(ctx, tx)
	})
	if err != nil {
		return false, fmt.Errorf("write search keys: %w", err)
	}
	return batches < followBatches, nil
}

// buildSearch writes the keys of every order, in pages of buildOrders,
// then records the timeline's end as it was before the first page: the
// orders placed meanwhile are in later batches, which the follower reads
// next (their keys may be written twice, harmlessly). Keys of another
// layout (wipe) go first.
func (s *Store) buildSearch(ctx context.Context, wipe bool) error {
	if wipe {
		if err := s.db.WriteSearch(ctx, func(tx *db.Tx) error {
			_, err := tx.ExecContext(ctx, `DELETE FROM order_search_keys`)
			return err
		}); err != nil {
			return fmt.Errorf("build search keys: %w", err)
		}
	}
	var start searchState
	err := s.db.Read(ctx, func(tx *db.Tx) (err error) {
		start, err = timelineEnd(ctx, tx)
		return err
	})
	if err != nil {
		return fmt.Errorf("build search keys: %w", err)
	}
	after := ""
	for {
		var keys [][]any
		var n int
		err := s.db.Read(ctx, func(tx *db.Tx) error {
			ids, err := tx.Strings(ctx, `SELECT id FROM orders WHERE id > $1 ORDER BY id LIMIT $2`, after, buildOrders)
			if err != nil || len(ids) == 0 {
				return err
			}
			n, after = len(ids), ids[len(ids)-1]
			keys, err = searchKeysOf(ctx, tx, ids)
			return err
		})
		if err == nil && len(keys) > 0 {
			err = s.db.WriteSearch(ctx, func(tx *db.Tx) error { return insertSearchKeys(ctx, tx, keys) })
		}
		if err != nil {
			return fmt.Errorf("build search keys: %w", err)
		}
		if n < buildOrders {
			break
		}
	}
	return s.db.WriteSearch(ctx, func(tx *db.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO order_search_state (name, version, xid, seq) VALUES ('orders', $1, $2, $3)
			ON CONFLICT (name) DO UPDATE SET version = excluded.version, xid = excluded.xid, seq = excluded.seq`,
			searchVersion, int64(start.XID), start.Seq)
		return err
	})
}

// ForgetSearch makes the follower build the keys again from the orders,
// for a loader that wrote orders without placing them (the benchmarks'),
// which then calls CatchUpSearch. The position is marked, not deleted, so
// a follower busy with a step when it is forgotten cannot record it again.
func (s *Store) ForgetSearch(ctx context.Context) error {
	if err := s.ensureSearch(ctx); err != nil {
		return err
	}
	return s.db.WriteSearch(ctx, func(tx *db.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE order_search_state SET version = 0`)
		return err
	})
}

// SearchLag is how far the search keys are behind the timeline: the age of
// the oldest batch the follower has not read, 0 when it has read them all.
// Before the keys are first built it is the age of the oldest batch.
func (s *Store) SearchLag(ctx context.Context) (time.Duration, error) {
	if err := s.ensureSearch(ctx); err != nil {
		return 0, err
	}
	var lag time.Duration
	err := s.db.Read(ctx, func(tx *db.Tx) error {
		at, _, err := readSearchState(ctx, tx)
		if err != nil {
			return err
		}
		q := `SELECT at FROM order_event_batches WHERE seq > $1 ORDER BY seq LIMIT 1`
		args := []any{at.Seq}
		if tx.Dialect == db.Postgres {
			q = `SELECT at FROM order_event_batches WHERE (xid, seq) > ($1::text::xid8, $2)
				AND xid < pg_snapshot_xmin(pg_current_snapshot()) ORDER BY xid, seq LIMIT 1`
			args = []any{strconv.FormatUint(at.XID, 10), at.Seq}
		}
		var oldest time.Time
		err = tx.QueryRowContext(ctx, q, args...).Scan(&oldest)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		lag = max(0, tx.Now.Sub(oldest))
		return err
	})
	return lag, err
}

// FollowSearch keeps the search keys up with intake until Stop: it
// catches up every followInterval.
func (s *Store) FollowSearch(ctx context.Context, log *slog.Logger) *Follower {
	ctx, cancel := context.WithCancel(ctx)
	f := &Follower{stop: cancel, done: make(chan struct{})}
	go func() {
		defer close(f.done)
		tick := time.NewTicker(followInterval)
		defer tick.Stop()
		for {
			if err := s.CatchUpSearch(ctx); err != nil && ctx.Err() == nil {
				log.Warn("search keys did not catch up; retrying", "err", err)
			}
			select {
			case <-ctx.Done():
				return
			case <-tick.C:
			}
		}
	}()
	return f
}

// Follower is a running FollowSearch.
type Follower struct {
	stop context.CancelFunc
	done chan struct{}
}

// Stop ends the follower and waits for it.
func (f *Follower) Stop() {
	f.stop()
	<-f.done
}

// searchState is a place in the timeline: the last batch whose orders
// have their keys, as (XID, Seq) of FeedPosition.
type searchState struct {
	XID uint64
	Seq int64
}

func (p searchState) after(q searchState) bool {
	return p.XID > q.XID || p.XID == q.XID && p.Seq > q.Seq
}

// readSearchState reads where the follower stands and the layout of the
// keys it wrote: 0 when it never built them or was told to forget them.
func readSearchState(ctx context.Context, tx *db.Tx) (searchState, int, error) {
	var p searchState
	var xid int64
	var version int
	err := tx.QueryRowContext(ctx, `SELECT version, xid, seq FROM order_search_state WHERE name = 'orders'`).Scan(&version, &xid, &p.Seq)
	if errors.Is(err, sql.ErrNoRows) {
		return p, 0, nil
	}
	if err != nil {
		return p, 0, fmt.Errorf("read the search position: %w", err)
	}
	p.XID = uint64(xid)
	return p, version, nil
}

// advance records p as where the follower stands, unless a follower
// beside this one has gone further or the keys were forgotten meanwhile
// (ForgetSearch): a build records its own start.
func (p searchState) advance(ctx context.Context, tx *db.Tx) error {
	_, err := tx.ExecContext(ctx, `UPDATE order_search_state SET xid = $2, seq = $3
		WHERE name = 'orders' AND version = $1 AND (xid < $2 OR (xid = $2 AND seq < $3))`,
		searchVersion, int64(p.XID), p.Seq)
	if err != nil {
		return fmt.Errorf("record the search position: %w", err)
	}
	return nil
}

// timelineEnd is the last batch of the timeline that every reader sees
// (on PostgreSQL: of transactions below the oldest running one).
func timelineEnd(ctx context.Context, tx *db.Tx) (searchState, error) {
	var p searchState
	var xid int64
	q := `SELECT 0, COALESCE(MAX(seq), 0) FROM order_event_batches`
	if tx.Dialect == db.Postgres {
		q = `SELECT COALESCE((SELECT xid::text::bigint FROM order_event_batches WHERE xid < pg_snapshot_xmin(pg_current_snapshot())
			ORDER BY xid DESC, seq DESC LIMIT 1), 0), COALESCE((SELECT seq FROM order_event_batches
			WHERE xid < pg_snapshot_xmin(pg_current_snapshot()) ORDER BY xid DESC, seq DESC LIMIT 1), 0)`
	}
	err := tx.QueryRowContext(ctx, q).Scan(&xid, &p.Seq)
	p.XID = uint64(xid)
	return p, err
}

// searchKeysOf reads the keys of the orders ids as rows of (key, order id).
func searchKeysOf(ctx context.Context, tx *db.Tx, ids []string) ([][]any, error) {
	var out [][]any
	add := func(kind, value, orderID string) {
		if value != "" {
			out = append(out, []any{kind + value, orderID})
		}
	}
	err := db.InChunks(ids, func(part []any) error {
		in := tx.Placeholders(1, len(part))
		rows, err := tx.QueryPrepared(ctx, `SELECT id, customer_email, customer_phone, external_ref FROM orders WHERE id IN (`+in+`)`, part...)
		if err != nil {
			return err
		}
		for rows.Next() {
			var id, email, phone, ref string
			if err := rows.Scan(&id, &email, &phone, &ref); err != nil {
				rows.Close()
				return err
			}
			add(keyEmail, strings.ToLower(email), id)
			add(keyPhone, phone, id)
			add(keyRef, ref, id)
		}
		if err := rows.Close(); err != nil {
			return err
		}
		rows, err = tx.QueryPrepared(ctx, `SELECT DISTINCT order_id, sku FROM order_lines WHERE order_id IN (`+in+`)`, part...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id, sku string
			if err := rows.Scan(&id, &sku); err != nil {
				return err
			}
			add(keySKU, sku, id)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("read orders' search keys: %w", err)
	}
	return out, nil
}

func insertSearchKeys(ctx context.Context, tx *db.Tx, keys [][]any) error {
	return db.InsertRowsThen(ctx, tx, "order_search_keys", []string{"key", "order_id"}, keys, " ON CONFLICT DO NOTHING")
}
