-- +goose Up
-- Order numbers are handed out in blocks of 4,096: an engine takes the
-- next block from this sequence when its last one is used up. nextval is
-- never rolled back, so no two instances, and no retry of a failed batch,
-- ever hold the same block.
CREATE SEQUENCE order_number_blocks;

-- +goose Down
DROP SEQUENCE order_number_blocks;
