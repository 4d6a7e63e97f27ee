-- +goose Up
-- Pick then sort at a put wall: a walk picks its batch's units into one
-- bulk tote (pick_tasks.bulk_tote, free again once sorted), and at the
-- wall each unit is scanned into the slot of its order (pick_lines.sorted,
-- never above picked).
ALTER TABLE pick_tasks ADD COLUMN bulk_tote TEXT;
CREATE UNIQUE INDEX pick_tasks_bulk_tote ON pick_tasks (warehouse_id, bulk_tote) WHERE bulk_tote IS NOT NULL;
ALTER TABLE pick_lines ADD COLUMN sorted BIGINT NOT NULL DEFAULT 0 CHECK (sorted >= 0);

-- +goose Down
ALTER TABLE pick_lines DROP COLUMN sorted;
DROP INDEX pick_tasks_bulk_tote;
ALTER TABLE pick_tasks DROP COLUMN bulk_tote;
