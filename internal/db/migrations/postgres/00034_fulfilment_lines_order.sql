-- +goose Up
-- An order's fulfilments, found from its lines: the ship, cancel and
-- tracking stages ask "which fulfilments carry this order" on every
-- handover, cancel and delivery, which scanned every line ever released.
CREATE INDEX fulfilment_lines_order ON fulfilment_lines (order_id, fulfilment_id);

-- +goose Down
DROP INDEX fulfilment_lines_order;
