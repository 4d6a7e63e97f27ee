-- +goose Up
-- Every payment event a gateway sends is kept once, keyed by the gateway's
-- own event id: the key deduplicates retries (a second delivery finds the row
-- and replays its outcome), and the rows are the audit of what each gateway
-- said and what Waybill did with it, matched to an order or not. raw keeps
-- the signed body byte for byte, so it is TEXT rather than parsed JSON.
-- order_id is NULL for an event naming no known order; it has no foreign key
-- because the event is keyed by the gateway's id, not the order's (a
-- cross-shard reference on Citus).
CREATE TABLE payment_events (
    gateway      TEXT NOT NULL,
    event_id     TEXT NOT NULL,
    order_id     TEXT,
    order_ref    TEXT NOT NULL,
    type         TEXT NOT NULL,
    kind         TEXT NOT NULL,
    payment_id   TEXT NOT NULL,
    amount_minor BIGINT NOT NULL CHECK (amount_minor >= 0),
    currency     TEXT NOT NULL,
    occurred_at  TIMESTAMPTZ NOT NULL,
    received_at  TIMESTAMPTZ NOT NULL,
    applied      BOOLEAN NOT NULL,
    outcome      TEXT NOT NULL,
    raw          TEXT NOT NULL,
    PRIMARY KEY (gateway, event_id)
);
CREATE INDEX payment_events_order ON payment_events (order_id, occurred_at);
CREATE INDEX payment_events_received ON payment_events (received_at);

-- What the gateways told us about an order's money: who holds it and under
-- which payment id (needed to refund), how much was captured and refunded,
-- and when the event that set payment_status happened, so a delivery that
-- arrives late cannot undo a newer one.
ALTER TABLE orders ADD COLUMN payment_gateway TEXT NOT NULL DEFAULT '';
ALTER TABLE orders ADD COLUMN payment_id TEXT NOT NULL DEFAULT '';
ALTER TABLE orders ADD COLUMN paid_minor BIGINT NOT NULL DEFAULT 0 CHECK (paid_minor >= 0);
ALTER TABLE orders ADD COLUMN refunded_minor BIGINT NOT NULL DEFAULT 0 CHECK (refunded_minor >= 0);
ALTER TABLE orders ADD COLUMN payment_event_at TIMESTAMPTZ;

-- +goose Down
ALTER TABLE orders DROP COLUMN payment_event_at;
ALTER TABLE orders DROP COLUMN refunded_minor;
ALTER TABLE orders DROP COLUMN paid_minor;
ALTER TABLE orders DROP COLUMN payment_id;
ALTER TABLE orders DROP COLUMN payment_gateway;
DROP TABLE payment_events;
