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

// searchTablesSQLite creates the search file's tables; on PostgreSQL
// migrations 00040 and 00041 do. searchStateColumns adds the columns a
// search file made before 00041 lacks, converting its position (a seq) as
// 00041 converts PostgreSQL's.
const (
	searchTablesSQLite = `CREATE TABLE IF NOT EXISTS order_search_keys (
    key      TEXT NOT NULL,
    order_id TEXT NOT NULL,
    PRIMARY KEY (key, order_id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS order_search_state (
    name    TEXT PRIMARY KEY,
    version INTEGER NOT NULL,
    xid     INTEGER NOT NULL,
    seq     INTEGER NOT NULL,
    since   TEXT NOT NULL DEFAULT '',
    upto    TEXT NOT NULL DEFAULT '',
    built   TEXT NOT NULL DEFAULT ''
)`
	searchStateColumns = `ALTER TABLE order_search_state ADD COLUMN since TEXT NOT NULL DEFAULT '';
ALTER TABLE order_search_state ADD COLUMN upto TEXT NOT NULL DEFAULT '';
ALTER TABLE order_search_state ADD COLUMN built TEXT NOT NULL DEFAULT '';
UPDATE order_search_state SET since = CAST(seq AS TEXT), xid = 0, seq = 0 WHERE version = 1`
)

// The follower's steps: how many timeline batches one reads, how many
// orders a step of building reads, how long a search waits for it, and
// how often the server's follower looks. Keys are random, so each commit
// dirties pages all over the table: at a million orders the follower costs
// 107-124 µs per order whether it steps every 50 ms or every 200 ms
// (docs/PERFORMANCE.md); the longer interval keeps it to fewer commits.
const (
	followBatches  = 32
	searchTimeout  = 250 * time.Millisecond
	followInterval = 200 * time.Millisecond
)

var buildOrders = 2000 // a test sets it lower

// searchFollower is a Store's part in following: one catch-up at a time.
type searchFollower struct {
	turn chan struct{} // holds a token while someone catches up
	mu   sync.Mutex
	made bool // the search tables and the state's row exist
}

func newSearchFollower() *searchFollower {
	return &searchFollower{turn: make(chan struct{}, 1)}
}

// ensureSearch makes the search file's tables on SQLite (the file may be
// new: it can be deleted at any time) and the state's row, once per Store
// that succeeds.
func (s *Store) ensureSearch(ctx context.Context) error {
	s.search.mu.Lock()
	defer s.search.mu.Unlock()
	if s.search.made {
		return nil
	}
	err := s.db.WriteSearch(ctx, func(tx *db.Tx) error {
		if tx.Dialect == db.SQLite {
			if _, err := tx.ExecContext(ctx, searchTablesSQLite); err != nil {
				return err
			}
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM pragma_table_info('order_search_state') WHERE name = 'built'`).Scan(&n); err != nil {
				return err
			}
			if n == 0 {
				if _, err := tx.ExecContext(ctx, searchStateColumns); err != nil {
					return err
				}
			}
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO order_search_state (name, version, xid, seq) VALUES ('orders', 0, 0, 0)
			ON CONFLICT (name) DO NOTHING`)
		return err
	})
	if err != nil {
		return fmt.Errorf("make the search tables: %w", err)
	}
	s.search.made = true
	return nil
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
		done, err := s.searchStep(ctx)
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

// searchPlace is where the follower stands: order_search_state's row.
//
// The follower works in rounds. A round writes the keys of the batches
// committed after the place since and before the place upto, fixed when
// the round starts, in (xid, seq) order; at is the last batch it wrote. A
// place is the timeline as one reader saw it: on SQLite the last seq (one
// writer commits in seq order); on PostgreSQL a snapshot (pg_snapshot's
// text), because transactions commit in no particular order of their ids
// and a position in (xid, seq) alone would have to wait behind the oldest
// transaction running anywhere on the server (a report, a psql session
// left open) to know nothing will commit before it. The batches after a
// snapshot are those whose transaction it saw running or had not seen
// begin (PgQ's ticks, Skytools).
type searchPlace struct {
	version int          // searchVersion once built; 0 while (to be) built
	since   string       // every batch committed before it has its keys; the build's start while building, '' before
	upto    string       // the end of the round under way, '' between rounds
	at      FeedPosition // the round's last batch written
	built   string       // while building: the last order whose keys are written
}

func readSearchPlace(ctx context.Context, tx *db.Tx) (searchPlace, error) {
	var p searchPlace
	var xid int64
	err := tx.QueryRowContext(ctx, `SELECT version, since, upto, xid, seq, built FROM order_search_state WHERE name = 'orders'`).
		Scan(&p.version, &p.since, &p.upto, &xid, &p.at.Seq, &p.built)
	if errors.Is(err, sql.ErrNoRows) {
		return p, nil
	}
	if err != nil {
		return p, fmt.Errorf("read the search position: %w", err)
	}
	p.at.XID = uint64(xid)
	return p, nil
}

// move records next in place of p, unless a follower beside this one (two
// processes on one PostgreSQL) moved it first or it was forgotten: the
// keys this one wrote stay, harmlessly.
func (p searchPlace) move(ctx context.Context, tx *db.Tx, next searchPlace) error {
	_, err := tx.ExecContext(ctx, `UPDATE order_search_state SET version = $1, since = $2, upto = $3, xid = $4, seq = $5, built = $6
		WHERE name = 'orders' AND version = $7 AND since = $8 AND upto = $9 AND xid = $10 AND seq = $11 AND built = $12`,
		next.version, next.since, next.upto, int64(next.at.XID), next.at.Seq, next.built,
		p.version, p.since, p.upto, int64(p.at.XID), p.at.Seq, p.built)
	if err != nil {
		return fmt.Errorf("record the search position: %w", err)
	}
	return nil
}

// writeKeys writes keys and moves the follower from p to next, in one
// transaction.
func (s *Store) writeKeys(ctx context.Context, keys [][]any, p, next searchPlace) error {
	return s.db.WriteSearch(ctx, func(tx *db.Tx) error {
		if err := insertSearchKeys(ctx, tx, keys); err != nil {
			return err
		}
		return p.move(ctx, tx, next)
	})
}

// currentPlace is the timeline as this statement sees it.
func currentPlace(ctx context.Context, tx *db.Tx) (string, error) {
	q := `SELECT CAST(COALESCE(MAX(seq), 0) AS TEXT) FROM order_event_batches`
	if tx.Dialect == db.Postgres {
		q = `SELECT pg_current_snapshot()::text`
	}
	var place string
	err := tx.QueryRowContext(ctx, q).Scan(&place)
	return place, err
}

// afterPlace selects cols of the batches committed after the place $1 that
// meet cond, in timeline order, up to limit; an empty place is before
// every batch (the feed's start). On PostgreSQL those are the batches of
// transactions that began at or after the snapshot's xmax and of those it
// saw running: two ranges of the (xid, seq) index, each read in order (one
// condition with OR would read the index from its start).
func afterPlace(d db.Dialect, cols, cond, limit string) string {
	if d == db.Postgres {
		arm := `(SELECT ` + cols + `, xid AS x, seq AS s FROM order_event_batches WHERE %s AND ` + cond + ` ORDER BY xid, seq LIMIT ` + limit + `)`
		return `SELECT ` + cols + ` FROM (` +
			fmt.Sprintf(arm, `xid >= COALESCE(pg_snapshot_xmax(NULLIF($1, '')::pg_snapshot), '0'::xid8)`) + ` UNION ALL ` +
			fmt.Sprintf(arm, `xid = ANY(ARRAY(SELECT pg_snapshot_xip(NULLIF($1, '')::pg_snapshot)))`) +
			`) b ORDER BY x, s LIMIT ` + limit
	}
	return `SELECT ` + cols + ` FROM order_event_batches WHERE seq > CAST($1 AS INTEGER) AND ` + cond + ` ORDER BY seq LIMIT ` + limit
}

// roundBatches reads up to n batches of the round from since to upto
// after the batch at.
func roundBatches(ctx context.Context, tx *db.Tx, since, upto string, at FeedPosition, n int) ([]storedBatch, error) {
	q := afterPlace(tx.Dialect, `0, seq, at, events`, `seq <= CAST($2 AS INTEGER) AND seq > $3`, `$4`)
	args := []any{since, upto, at.Seq, n}
	if tx.Dialect == db.Postgres {
		q = afterPlace(tx.Dialect, `xid::text::bigint, seq, at, events`,
			`xid < pg_snapshot_xmax($2::pg_snapshot) AND pg_visible_in_snapshot(xid, $2::pg_snapshot) AND (xid, seq) > ($3::text::xid8, $4)`, `$5`)
		args = []any{since, upto, strconv.FormatUint(at.XID, 10), at.Seq, n}
	}
	rows, err := tx.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("read the timeline for search: %w", err)
	}
	return scanBatches(rows)
}

// searchStep takes the follower one step: a page of the build, or up to
// followBatches batches of a round. It reports whether the keys are now up
// to the timeline.
func (s *Store) searchStep(ctx context.Context) (bool, error) {
	var p searchPlace
	if err := s.db.Read(ctx, func(tx *db.Tx) (err error) {
		p, err = readSearchPlace(ctx, tx)
		return err
	}); err != nil {
		return false, err
	}
	switch p.version {
	case searchVersion:
		return s.followStep(ctx, p)
	case 0:
		return s.buildStep(ctx, p)
	}
	// Keys of another layout: wiped, then built again.
	err := s.db.WriteSearch(ctx, func(tx *db.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM order_search_keys`); err != nil {
			return err
		}
		return p.move(ctx, tx, searchPlace{})
	})
	if err != nil {
		return false, fmt.Errorf("wipe search keys of layout %d: %w", p.version, err)
	}
	return false, nil
}

// followStep writes the keys of the orders placed in the round's next
// batches, starting a round at the timeline as it is now when none is
// under way.
func (s *Store) followStep(ctx context.Context, p searchPlace) (bool, error) {
	next := p
	var placed [][]any
	var batches int
	err := s.db.Read(ctx, func(tx *db.Tx) error {
		if next.upto == "" {
			var err error
			if next.upto, err = currentPlace(ctx, tx); err != nil {
				return err
			}
			next.at = FeedPosition{}
		}
		bs, err := roundBatches(ctx, tx, next.since, next.upto, next.at, followBatches)
		if err != nil {
			return err
		}
		var ids []string
		for _, b := range bs {
			next.at = FeedPosition{XID: b.XID, Seq: b.Seq}
			for _, e := range b.Entries {
				if e.Type == "order.placed" {
					ids = append(ids, e.OrderID)
				}
			}
		}
		batches = len(bs)
		placed, err = searchKeysOf(ctx, tx, ids)
		return err
	})
	if err != nil {
		return false, fmt.Errorf("follow the timeline for search: %w", err)
	}
	done := batches < followBatches
	if done {
		if batches == 0 && p.upto == "" {
			return true, nil // nothing new: the place stays
		}
		next = searchPlace{version: searchVersion, since: next.upto}
	}
	if err := s.writeKeys(ctx, placed, p, next); err != nil {
		return false, fmt.Errorf("write search keys: %w", err)
	}
	return done, nil
}

// buildStep writes the keys of the next buildOrders orders. The build
// starts at the timeline as it is then, and its last page records that as
// since: the orders placed meanwhile are in batches after it, which the
// follower reads next (their keys may be written twice, harmlessly). Each
// page records its last order, so a build cut short resumes.
func (s *Store) buildStep(ctx context.Context, p searchPlace) (bool, error) {
	next := p
	var keys [][]any
	var n int
	err := s.db.Read(ctx, func(tx *db.Tx) error {
		if next.since == "" {
			var err error
			if next.since, err = currentPlace(ctx, tx); err != nil {
				return err
			}
			next.built = ""
		}
		ids, err := tx.Strings(ctx, `SELECT id FROM orders WHERE id > $1 ORDER BY id LIMIT $2`, next.built, buildOrders)
		if err != nil || len(ids) == 0 {
			return err
		}
		n, next.built = len(ids), ids[len(ids)-1]
		keys, err = searchKeysOf(ctx, tx, ids)
		return err
	})
	if err != nil {
		return false, fmt.Errorf("build search keys: %w", err)
	}
	done := n < buildOrders
	if done {
		next = searchPlace{version: searchVersion, since: next.since}
	}
	if err := s.writeKeys(ctx, keys, p, next); err != nil {
		return false, fmt.Errorf("build search keys: %w", err)
	}
	return false, nil // the follower reads the batches placed meanwhile next
}

// ForgetSearch makes the follower build the keys again from the orders,
// for a loader that wrote orders without placing them (the benchmarks'),
// which then calls CatchUpSearch. A follower busy with a step when it is
// forgotten cannot record that step: its place has changed.
func (s *Store) ForgetSearch(ctx context.Context) error {
	if err := s.ensureSearch(ctx); err != nil {
		return err
	}
	return s.db.WriteSearch(ctx, func(tx *db.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE order_search_state SET version = 0, since = '', upto = '', xid = 0, seq = 0, built = ''
			WHERE name = 'orders'`)
		return err
	})
}

// SearchLag is how far the search keys are behind the timeline: the age of
// the oldest batch the follower has not read, 0 when it has read them all.
// Before the keys are built it is the age of the oldest batch.
func (s *Store) SearchLag(ctx context.Context) (time.Duration, error) {
	if err := s.ensureSearch(ctx); err != nil {
		return 0, err
	}
	var lag time.Duration
	err := s.db.Read(ctx, func(tx *db.Tx) error {
		p, err := readSearchPlace(ctx, tx)
		if err != nil {
			return err
		}
		q := `SELECT at FROM order_event_batches ORDER BY seq LIMIT 1`
		var args []any
		if p.version == searchVersion {
			// After since, and not among the round's batches written.
			upto, at := p.upto, p.at
			if upto == "" {
				upto, at = p.since, FeedPosition{}
			}
			q = afterPlace(tx.Dialect, `at`, `NOT (seq <= CAST($2 AS INTEGER) AND seq <= $3)`, `1`)
			args = []any{p.since, upto, at.Seq}
			if tx.Dialect == db.Postgres {
				q = afterPlace(tx.Dialect, `at`, `NOT (pg_visible_in_snapshot(xid, $2::pg_snapshot) AND (xid, seq) <= ($3::text::xid8, $4))`, `1`)
				args = []any{p.since, upto, strconv.FormatUint(at.XID, 10), at.Seq}
			}
		} else if tx.Dialect == db.Postgres {
			q = `SELECT at FROM order_event_batches ORDER BY xid, seq LIMIT 1`
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
