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

// FeedPosition is a place in the feed: the order is (XID, Seq, Index),
// the writing transaction's id, its batch's number and the entry's place in
// the batch. On SQLite, which has one writer, XID is always 0 and Seq
// alone orders batches (migrations 00014 and 00039 say why this order is
// gap-free on each database).
type FeedPosition struct {
	XID   uint64
	Seq   int64
	Index int
}

// after reports whether p comes after q.
func (p FeedPosition) after(q FeedPosition) bool {
	if p.XID != q.XID {
		return p.XID > q.XID
	}
	if p.Seq != q.Seq {
		return p.Seq > q.Seq
	}
	return p.Index > q.Index
}

// Cursor encodes p for callers, who hand it back as after=; its form is
// ours to change, so it is opaque.
func (p FeedPosition) Cursor() string {
	return base64.RawURLEncoding.EncodeToString([]byte("v2." + strconv.FormatUint(p.XID, 10) + "." +
		strconv.FormatInt(p.Seq, 10) + "." + strconv.Itoa(p.Index)))
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
	raw, err := base64.RawURLEncoding.DecodeString(cursor)
	if err != nil {
		return bad()
	}
	parts := strings.Split(string(raw), ".")
	switch {
	case len(parts) == 3 && parts[0] == "v1":
		parts = append(parts, "0")
	case len(parts) != 4 || parts[0] != "v2":
		return bad()
	}
	xid, err1 := strconv.ParseUint(parts[1], 10, 63)
	seq, err2 := strconv.ParseInt(parts[2], 10, 64)
	index, err3 := strconv.ParseInt(parts[3], 10, 32)
	if err1 != nil || err2 != nil || err3 != nil || seq < 0 || index < 0 {
		return bad()
	}
	return FeedPosition{XID: xid, Seq: seq, Index: int(index)}, nil
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
// at them again.
func readFeed(ctx context.Context, tx *db.Tx, after FeedPosition, limit int, channels []string) ([]FeedEvent, FeedPosition, error) {
	var out []FeedEvent
	next := after
	// A batch can hold a thousand entries and a page may want one: read
	// one batch, then twice as many each time the page is not yet full.
	for n := 1; len(out) < limit; n = min(2*n, 64) {
		batches, err := feedBatches(ctx, tx, next, n)
		if err != nil {
			return nil, after, err
		}
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
				pos := FeedPosition{XID: b.XID, Seq: b.Seq, Index: i}
				if !pos.after(next) {
					continue
				}
				next = pos
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
		if len(batches) < n {
			break // the feed has no more
		}
	}
	return out, next, nil
}

// feedBatches reads up to n batches from the one holding pos on, in feed
// order, decoded.
func feedBatches(ctx context.Context, tx *db.Tx, pos FeedPosition, n int) ([]storedBatch, error) {
	q := `SELECT 0, seq, at, events FROM order_event_batches WHERE seq >= $1 ORDER BY seq LIMIT $2`
	args := []any{pos.Seq, n}
	if tx.Dialect == db.Postgres {
		// Only transactions below the snapshot's xmin are finished; batches
		// of one still running (or not yet begun) will get a larger xid.
		q = `SELECT xid::text::bigint, seq, at, events FROM order_event_batches
			WHERE (xid, seq) >= ($1::text::xid8, $2) AND xid < pg_snapshot_xmin(pg_current_snapshot())
			ORDER BY xid, seq LIMIT $3`
		args = []any{strconv.FormatUint(pos.XID, 10), pos.Seq, n}
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
