-- +goose Up
-- The console's order search and filters answer from an index at a million
-- orders: an external reference pasted without its channel, the payment
-- status and the channel newest first (the status already has one), and the
-- few orders with units short.
CREATE INDEX orders_external_ref ON orders (external_ref);
CREATE INDEX orders_payment_status ON orders (payment_status, id);
CREATE INDEX orders_channel ON orders (channel, id);
CREATE INDEX orders_short ON orders (id) WHERE short;

-- +goose Down
DROP INDEX orders_short;
DROP INDEX orders_channel;
DROP INDEX orders_payment_status;
DROP INDEX orders_external_ref;
