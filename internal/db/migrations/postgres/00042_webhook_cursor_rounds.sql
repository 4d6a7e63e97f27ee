-- +goose Up
-- The webhook dispatcher's place in the changes feed gains the round it
-- reads on PostgreSQL (internal/order/feed.go, FeedPosition): the
-- snapshots since and upto. A place of the earlier form (both '') is read
-- as the round of its transaction's batches, then every later one.
ALTER TABLE webhook_cursor ADD COLUMN since TEXT NOT NULL DEFAULT '';
ALTER TABLE webhook_cursor ADD COLUMN upto TEXT NOT NULL DEFAULT '';

-- +goose Down
-- A place inside a round cannot be written as (xid, seq, idx) alone
-- without skipping or repeating: the way down starts the round again from
-- the lowest transaction it may hold (events of that round may be
-- delivered twice).
UPDATE webhook_cursor SET xid = CAST(split_part(since, ':', 1) AS BIGINT), seq = 0, idx = 0 WHERE since <> '';
ALTER TABLE webhook_cursor DROP COLUMN upto;
ALTER TABLE webhook_cursor DROP COLUMN since;
