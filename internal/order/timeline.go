package order

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"github.com/waybill/waybill/internal/db"
)

// The timeline is stored in batches (migration 00039): each call that
// writes timeline entries writes one order_event_batches row holding all of
// them as a JSON array, and one order_timeline row per order it names, so
// a batch of a thousand orders costs two statements and one wide row, not
// a thousand rows with two index entries each. Entries of a batch share its
// time, the transaction's.

// entry is a timeline entry as a batch stores it.
type entry struct {
	ID            string          `json:"id"`
	OrderID       string          `json:"order"`
	Type          string          `json:"type"`
	Status        Status          `json:"status"`
	PaymentStatus PaymentStatus   `json:"payment"`
	Actor         string          `json:"actor"`
	Detail        json.RawMessage `json:"detail"`
}

// event returns e as the API shows it, at the batch's time.
func (e entry) event(at time.Time) Event {
	return Event{ID: e.ID, At: at.UTC(), Type: e.Type, Status: e.Status, PaymentStatus: e.PaymentStatus, Actor: e.Actor, Detail: e.Detail}
}

// writeEntries stores entries, in the order given, as one batch.
func writeEntries(ctx context.Context, tx *db.Tx, entries []entry) error {
	if len(entries) == 0 {
		return nil
	}
	body, err := json.Marshal(entries)
	if err != nil {
		return fmt.Errorf("encode the timeline: %w", err)
	}
	var seq int64
	if err := tx.QueryRowContext(ctx, `INSERT INTO order_event_batches (at, events) VALUES ($1, $2) RETURNING seq`,
		tx.Now, string(body)).Scan(&seq); err != nil {
		return fmt.Errorf("write the timeline: %w", err)
	}
	refs := make([][]any, 0, len(entries))
	seen := make(map[string]bool, len(entries))
	for _, e := range entries {
		if !seen[e.OrderID] {
			seen[e.OrderID] = true
			refs = append(refs, []any{e.OrderID, seq})
		}
	}
	return db.InsertRows(ctx, tx, "order_timeline", []string{"order_id", "batch"}, refs)
}

// storedBatch is one stored batch of entries; XID is 0 on SQLite.
type storedBatch struct {
	XID     uint64
	Seq     int64
	At      time.Time
	Entries []entry
}

// scanBatches reads rows of (xid, seq, at, events), all of them before
// decoding any: PostgreSQL's driver takes no other query while rows are
// open, and a reader may query again between batches.
func scanBatches(rows *sql.Rows) ([]storedBatch, error) {
	var batches []storedBatch
	var raws []string
	for rows.Next() {
		var b storedBatch
		var xid int64
		var raw string
		if err := rows.Scan(&xid, &b.Seq, &b.At, &raw); err != nil {
			rows.Close()
			return nil, err
		}
		b.XID, b.At = uint64(xid), b.At.UTC()
		batches, raws = append(batches, b), append(raws, raw)
	}
	if err := rows.Close(); err != nil {
		return nil, err
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range batches {
		if err := json.Unmarshal([]byte(raws[i]), &batches[i].Entries); err != nil {
			return nil, fmt.Errorf("read timeline batch %d: %w", batches[i].Seq, err)
		}
	}
	return batches, nil
}

// readTimeline calls visit with each of orderID's entries in the order they
// were written (newestFirst: the reverse) until visit returns false.
func readTimeline(ctx context.Context, tx *db.Tx, orderID string, newestFirst bool, visit func(at time.Time, e entry) bool) error {
	dir := "ASC"
	if newestFirst {
		dir = "DESC"
	}
	rows, err := tx.QueryContext(ctx, `SELECT 0, b.seq, b.at, b.events FROM order_timeline t
		JOIN order_event_batches b ON b.seq = t.batch WHERE t.order_id = $1 ORDER BY t.batch `+dir, orderID)
	if err != nil {
		return fmt.Errorf("read the timeline: %w", err)
	}
	batches, err := scanBatches(rows)
	if err != nil {
		return err
	}
	for _, b := range batches {
		for j := range b.Entries {
			k := j
			if newestFirst {
				k = len(b.Entries) - 1 - j
			}
			if e := b.Entries[k]; e.OrderID == orderID && !visit(b.At, e) {
				return nil
			}
		}
	}
	return nil
}
