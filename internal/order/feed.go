package order

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/errs"
)

// FeedEvent is one entry of the changes feed: an order event with the
// order's states after it. Cursor is the place to poll after it.
type FeedEvent struct {
	ID            string          `json:"id"`
	Type          string          `json:"type"`
	OrderID       string          `json:"order_id"`
	Channel       string          `json:"channel" doc:"The order's sales channel"`
	At            time.Time       `json:"at"`
	Status        Status          `json:"status"`
	PaymentStatus PaymentStatus   `json:"payment_status"`
	Detail        json.RawMessage `json:"detail"`
	Position      FeedPosition    `json:"-"`
}

// FeedPosition is a place in the feed. On SQLite, which has one writer
// committing batches in the order of their numbers, it is (Seq, Index):
// the batch and the entry's place in it. On PostgreSQL transactions commit
// in no particular order of their ids, so the feed is read in rounds, as
// the search follower reads the timeline (searchindex.go): a round holds
// the batches committed after the snapshot Since (empty: the feed's start)
// and before the snapshot Upto, in (XID, Seq, Index) order; Upto is empty
// between rounds. Waiting instead until every transaction below a batch's
// had ended would hold the feed behind any transaction left open anywhere
// on the server. A position of the earlier form, (XID, Seq, Index) alone
// (cursors v1 and v2, webhook_cursor before migration 00042), named a
// place below which every transaction had ended (legacyRound).
type FeedPosition struct {
	Since string
	Upto  string
	XID   uint64
	Seq   int64
	Index int
}

// after reports whether p comes after q in the same round.
func (p FeedPosition) after(q FeedPosition) bool {
	if p.XID != q.XID {
		return p.XID > q.XID
	}
	if p.Seq != q.Seq {
		return p.Seq > q.Seq
	}
	return p.Index > q.Index
}

// legacyRound turns a PostgreSQL position of the earlier form into the
// round of the batches of its transaction, after which the next round
// holds every later one: every transaction below XID had ended when it was
// issued, and XID itself too.
func (p FeedPosition) legacyRound() FeedPosition {
	if p.Since != "" || p.Upto != "" || p == (FeedPosition{}) {
		return p
	}
	next := strconv.FormatUint(p.XID+1, 10)
	p.Upto = next + ":" + next + ":"
	if p.XID > 0 {
		x := strconv.FormatUint(p.XID, 10)
		p.Since = x + ":" + x + ":"
	}
	return p
}

// Cursor encodes p for callers, who hand it back as after=; its form is
// ours to change, so it is opaque.
func (p FeedPosition) Cursor() string {
	at := strconv.FormatUint(p.XID, 10) + "." + strconv.FormatInt(p.Seq, 10) + "." + strconv.Itoa(p.Index)
	if p.Since == "" && p.Upto == "" {
		return base64.RawURLEncoding.EncodeToString([]byte("v2." + at))
	}
	return base64.RawURLEncoding.EncodeToString([]byte("v3." + p.Since + "." + p.Upto + "." + at))
}

// ParseFeedCursor reverses Cursor; "" is the start of the feed. A cursor
// this API did not issue is invalid input at path (e.g. "query.after").
// A v1 cursor, issued before entries were stored in batches, named a batch
// that holds one entry (migration 00039), so it means its index 0.
func ParseFeedCursor(path, cursor string) (FeedPosition, error) {
	if cursor == "" {
		return FeedPosition{}, nil
	}
	bad := func() (FeedPosition, error) {
		var f errs.Fields
		f.Add(path, errs.CodeFormat, "not a cursor this API issued; pass next_cursor from an earlier answer, or nothing to start")
		return FeedPosition{}, f.Err()
	}
	if len(cursor) > maxCursor {
		return bad()
	}
	raw, err := base64.RawURLEncoding.DecodeString(cursor)
	if err != nil {
		return bad()
	}
	parts := strings.Split(string(raw), ".")
	var p FeedPosition
	switch {
	case len(parts) == 3 && parts[0] == "v1":
		parts = append(parts, "0")
	case len(parts) == 6 && parts[0] == "v3":
		p.Since, p.Upto = parts[1], parts[2]
		if !validSnapshot(p.Since) || !validSnapshot(p.Upto) || p.Since == "" && p.Upto == "" {
			return bad()
		}
		parts = append(parts[:1], parts[3:]...)
	case len(parts) != 4 || parts[0] != "v2":
		return bad()
	}
	xid, err1 := strconv.ParseUint(parts[1], 10, 63)
	seq, err2 := strconv.ParseInt(parts[2], 10, 64)
	index, err3 := strconv.ParseInt(parts[3], 10, 32)
	if err1 != nil || err2 != nil || err3 != nil || seq < 0 || index < 0 {
		return bad()
	}
	p.XID, p.Seq, p.Index = xid, seq, int(index)
	return p, nil
}

// maxCursor bounds a cursor's length: a snapshot lists the transactions
// running when it was taken, a handful, not thousands.
const maxCursor = 4096

// validSnapshot reports whether s is "" or pg_snapshot's text as
// PostgreSQL accepts it: xmin:xmax:xip,... with xmin <= xmax and the
// running ids ascending in [xmin, xmax), so a cursor that passes is never
// refused by the database.
func validSnapshot(s string) bool {
	if s == "" {
		return true
	}
	parts := strings.Split(s, ":")
	if len(parts) != 3 {
		return false
	}
	xmin, err1 := strconv.ParseUint(parts[0], 10, 63)
	xmax, err2 := strconv.ParseUint(parts[1], 10, 63)
	if err1 != nil || err2 != nil || xmin == 0 || xmin > xmax {
		return false
	}
	if parts[2] == "" {
		return true
	}
	prev := xmin
	for i, x := range strings.Split(parts[2], ",") {
		v, err := strconv.ParseUint(x, 10, 63)
		if err != nil || v < xmin || v >= xmax || i > 0 && v <= prev {
			return false
		}
		prev = v
	}
	return true
}

// Feed returns up to limit events after pos, oldest first, and where to
// continue (pos itself when nothing is new). A poller that stores the
// returned position sees every event exactly once, in feed order.
func (s *Store) Feed(ctx context.Context, after FeedPosition, limit int) ([]FeedEvent, FeedPosition, error) {
	var out []FeedEvent
	next := after
	err := s.db.Read(ctx, func(tx *db.Tx) error {
		var err error
		channels, err := channelScope(ctx, "", "")
		if err != nil {
			return err
		}
		out, next, err = readFeed(ctx, tx, after, limit, channels)
		return err
	})
	return out, next, err
}

// ReadFeed is Feed in the caller's transaction, for a reader that records
// its place in the same transaction as what it does with the events (the
// webhook dispatcher).
func ReadFeed(ctx context.Context, tx *db.Tx, after FeedPosition, limit int) ([]FeedEvent, FeedPosition, error) {
	return readFeed(ctx, tx, after, limit, nil)
}

// readFeed is ReadFeed for a key confined to channels (nil: all): the
// events of other channels' orders are passed over, and the position
// returned is the last event looked at, so a confined poller does not look
// at them again. When it looked at none, the position is after itself.
func readFeed(ctx context.Context, tx *db.Tx, after FeedPosition, limit int, channels []string) ([]FeedEvent, FeedPosition, error) {
	var out []FeedEvent
	next, looked := after, false
	if tx.Dialect == db.Postgres {
		next = next.legacyRound()
	}
	for fresh := false; len(out) < limit; {
		if tx.Dialect == db.Postgres && next.Upto == "" {
			if fresh {
				break // the round begun in this call is read: nothing newer
			}
			upto, err := currentPlace(ctx, tx)
			if err != nil {
				return nil, after, fmt.Errorf("read the events feed: %w", err)
			}
			next, fresh = FeedPosition{Since: next.Since, Upto: upto}, true
		}
		// A batch can hold a thousand entries and a page may want one: read
		// one batch, then twice as many each time the page is not yet full.
		ended := false
		for n := 1; len(out) < limit && !ended; n = min(2*n, 64) {
			batches, err := feedBatches(ctx, tx, next, n)
			if err != nil {
				return nil, after, err
			}
			ended = len(batches) < n
			var ids []string // of the entries after next: the first batch may be partly read
			for _, b := range batches {
				for i, e := range b.Entries {
					if (FeedPosition{XID: b.XID, Seq: b.Seq, Index: i}).after(next) {
						ids = append(ids, e.OrderID)
					}
				}
			}
			channelOf, err := channelsOf(ctx, tx, ids)
			if err != nil {
				return nil, after, err
			}
		batches:
			for _, b := range batches {
				for i, e := range b.Entries {
					pos := FeedPosition{Since: next.Since, Upto: next.Upto, XID: b.XID, Seq: b.Seq, Index: i}
					if !pos.after(next) {
						continue
					}
					next, looked = pos, true
					ch := channelOf[e.OrderID]
					if channels != nil && !slices.Contains(channels, ch) {
						continue
					}
					out = append(out, FeedEvent{ID: e.ID, Type: e.Type, OrderID: e.OrderID, Channel: ch, At: b.At,
						Status: e.Status, PaymentStatus: e.PaymentStatus, Detail: e.Detail, Position: pos})
					if len(out) == limit {
						break batches
					}
				}
			}
		}
		if len(out) == limit || tx.Dialect != db.Postgres {
			break // a full page stops mid-round; SQLite's feed is one sequence
		}
		next = FeedPosition{Since: next.Upto} // the round is read
	}
	if !looked {
		return nil, after, nil
	}
	return out, next, nil
}

// feedBatches reads up to n batches from the one holding pos on, in feed
// order, decoded: on PostgreSQL, of pos's round.
func feedBatches(ctx context.Context, tx *db.Tx, pos FeedPosition, n int) ([]storedBatch, error) {
	q := `SELECT 0, seq, at, events FROM order_event_batches WHERE seq >= $1 ORDER BY seq LIMIT $2`
	args := []any{pos.Seq, n}
	if tx.Dialect == db.Postgres {
		q = afterPlace(tx.Dialect, `xid::text::bigint, seq, at, events`,
			`xid < pg_snapshot_xmax($2::pg_snapshot) AND pg_visible_in_snapshot(xid, $2::pg_snapshot) AND (xid, seq) >= ($3::text::xid8, $4)`, `$5`)
		args = []any{pos.Since, pos.Upto, strconv.FormatUint(pos.XID, 10), pos.Seq, n}
	}
	rows, err := tx.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("read the events feed: %w", err)
	}
	return scanBatches(rows)
}

// channelsOf reads the sales channel of each order in ids.
func channelsOf(ctx context.Context, tx *db.Tx, ids []string) (map[string]string, error) {
	out := make(map[string]string, len(ids))
	var missing []string
	for _, id := range ids {
		if _, ok := out[id]; !ok {
			out[id] = ""
			missing = append(missing, id)
		}
	}
	err := db.InChunks(missing, func(part []any) error {
		rows, err := tx.QueryPrepared(ctx, `SELECT id, channel FROM orders WHERE id IN (`+db.Placeholders(1, len(part))+`)`, part...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id, ch string
			if err := rows.Scan(&id, &ch); err != nil {
				return err
			}
			out[id] = ch
		}
		return rows.Err()
	})
	return out, err
}
