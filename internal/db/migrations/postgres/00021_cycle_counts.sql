-- +goose Up
-- Cycle counts (inventory/count*.go): who approved or cancelled a count
-- task, when, and the ledger movement an approval booked. The schedule
-- reads a bin's last approved count; a recount is found by its first.
ALTER TABLE count_tasks ADD COLUMN decided_by TEXT;
ALTER TABLE count_tasks ADD COLUMN decided_at TIMESTAMPTZ;
ALTER TABLE count_tasks ADD COLUMN movement_id TEXT;
CREATE INDEX count_tasks_bin ON count_tasks (bin_id, status);
CREATE INDEX count_tasks_recount ON count_tasks (recount_of) WHERE recount_of IS NOT NULL;

-- +goose Down
DROP INDEX count_tasks_recount;
DROP INDEX count_tasks_bin;
ALTER TABLE count_tasks DROP COLUMN movement_id;
ALTER TABLE count_tasks DROP COLUMN decided_at;
ALTER TABLE count_tasks DROP COLUMN decided_by;
