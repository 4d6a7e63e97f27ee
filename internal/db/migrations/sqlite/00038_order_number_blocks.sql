-- +goose Up
-- Order numbers are handed out in blocks of 4,096: the engine takes the
-- next block from this row when its last one is used up (SQLite has no
-- sequence; its one writer process keeps the row's value and its own
-- apart after a rollback, see internal/order/number.go).
CREATE TABLE order_number_blocks (next INTEGER NOT NULL);
INSERT INTO order_number_blocks (next) VALUES (1);

-- +goose Down
DROP TABLE order_number_blocks;
