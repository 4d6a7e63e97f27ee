package order

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
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

// FeedPosition is a place in the feed: the order is (XID, Seq). On
// PostgreSQL XID is the writing transaction's id; on SQLite, which has one
// writer, it is always 0 and Seq alone orders the feed (migration 00014
// says why this order is gap-free on each database).
type FeedPosition struct {
	XID uint64
	Seq int64
}

// Cursor encodes p for callers, who hand it back as after=; its form is
// ours to change, so it is opaque.
func (p FeedPosition) Cursor() string {
	return base64.RawURLEncoding.EncodeToString([]byte("v1." + strconv.FormatUint(p.XID, 10) + "." + strconv.FormatInt(p.Seq, 10)))
}

// ParseFeedCursor reverses Cursor; "" is the start of the feed. A cursor
// this API did not issue is invalid input at path (e.g. "query.after").
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
	if len(parts) != 3 || parts[0] != "v1" {
		return bad()
	}
	xid, err1 := strconv.ParseUint(parts[1], 10, 63)
	seq, err2 := strconv.ParseInt(parts[2], 10, 64)
	if err1 != nil || err2 != nil || seq < 0 {
		return bad()
	}
	return FeedPosition{XID: xid, Seq: seq}, nil
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
// events of other channels' orders are left out (the next cursor is the
// last event returned, so a confined poller scans past them again: right,
// if not the fastest).
func readFeed(ctx context.Context, tx *db.Tx, after FeedPosition, limit int, channels []string) ([]FeedEvent, FeedPosition, error) {
	q := `SELECT 0, e.seq, e.id, e.type, e.order_id, o.channel, e.at, e.status, e.payment_status, e.detail
		FROM order_events e JOIN orders o ON o.id = e.order_id
		WHERE e.seq > $1` + inChannels(channels, 3) + ` ORDER BY e.seq LIMIT $2`
	args := []any{after.Seq, limit}
	if tx.Dialect == db.Postgres {
		// Only transactions below the snapshot's xmin are finished; rows of
		// one still running (or not yet begun) will get a larger xid.
		q = `SELECT e.xid::text::bigint, e.seq, e.id, e.type, e.order_id, o.channel, e.at, e.status, e.payment_status, e.detail::text
			FROM order_events e JOIN orders o ON o.id = e.order_id
			WHERE (e.xid, e.seq) > ($1::text::xid8, $2) AND e.xid < pg_snapshot_xmin(pg_current_snapshot())` +
			inChannels(channels, 4) + ` ORDER BY e.xid, e.seq LIMIT $3`
		args = []any{strconv.FormatUint(after.XID, 10), after.Seq, limit}
	}
	args = append(args, anys(channels)...)
	rows, err := tx.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, after, fmt.Errorf("read the events feed: %w", err)
	}
	defer rows.Close()
	var out []FeedEvent
	next := after
	for rows.Next() {
		var e FeedEvent
		var xid int64
		var detail string
		if err := rows.Scan(&xid, &e.Position.Seq, &e.ID, &e.Type, &e.OrderID, &e.Channel, &e.At, &e.Status, &e.PaymentStatus, &detail); err != nil {
			return nil, after, err
		}
		e.Position.XID = uint64(xid)
		e.At, e.Detail = e.At.UTC(), json.RawMessage(detail)
		next = e.Position
		out = append(out, e)
	}
	return out, next, rows.Err()
}
