-- +goose Up
-- Lookups by e-mail, phone, a reference pasted without its channel and SKU
-- are served by order_search_keys, which a follower writes a moment after
-- intake (internal/order/searchindex.go); on SQLite the table lives in the
-- search file beside the database (internal/db/search.go), built by the
-- follower from the orders on first use. Intake stops writing these four
-- indexes, a random page each per order at a million orders. A reference
-- with its channel still uses the unique (channel, external_ref) index.
DROP INDEX orders_email;
DROP INDEX orders_phone;
DROP INDEX orders_external_ref;
DROP INDEX order_lines_sku;

-- +goose Down
CREATE INDEX order_lines_sku ON order_lines (sku, order_id);
CREATE INDEX orders_external_ref ON orders (external_ref);
CREATE INDEX orders_phone ON orders (customer_phone, id);
CREATE INDEX orders_email ON orders (lower(customer_email), id);
