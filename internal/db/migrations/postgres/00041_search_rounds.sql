-- +goose Up
-- The search follower works in rounds between two snapshots of the
-- timeline (internal/order/searchindex.go) instead of following (xid, seq)
-- up to the oldest transaction running on the server, which a transaction
-- left open anywhere held back. A build records its progress (built), so
-- one cut short resumes. A position (xid, seq) becomes the snapshot that
-- saw every transaction below xid end: the batches of xid itself are
-- read again, harmlessly (keys are added, never changed).
ALTER TABLE order_search_state
    ADD COLUMN since TEXT NOT NULL DEFAULT '',
    ADD COLUMN upto  TEXT NOT NULL DEFAULT '',
    ADD COLUMN built TEXT NOT NULL DEFAULT '';
UPDATE order_search_state SET since = GREATEST(xid, 3) || ':' || GREATEST(xid, 3) || ':', xid = 0, seq = 0
    WHERE version = 1;

-- +goose Down
-- Every transaction below the snapshot's xmin had ended: batches after it
-- are read again.
UPDATE order_search_state SET xid = pg_snapshot_xmin(since::pg_snapshot)::text::bigint, seq = 0
    WHERE version = 1;
UPDATE order_search_state SET version = 0, xid = 0, seq = 0 WHERE version <> 1;
ALTER TABLE order_search_state DROP COLUMN since, DROP COLUMN upto, DROP COLUMN built;
