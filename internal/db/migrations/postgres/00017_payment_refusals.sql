-- +goose Up
-- Deliveries whose signature was right but whose body Waybill refused (an
-- unknown type, a missing amount, a bad currency): the gateway really sent
-- them, so money may be behind them, and finance must see them. One row per
-- gateway and message (the webhook-id, or the body's SHA-256 when the gateway
-- sends none), however often the gateway retries. Unsigned or badly signed
-- deliveries are not kept: anyone can send those.
CREATE TABLE payment_refusals (
    id          TEXT PRIMARY KEY,
    gateway     TEXT NOT NULL,
    message_key TEXT NOT NULL,
    received_at TIMESTAMPTZ NOT NULL,
    reason      TEXT NOT NULL,
    body        TEXT NOT NULL,
    remote_addr TEXT NOT NULL,
    UNIQUE (gateway, message_key)
);

-- +goose Down
DROP TABLE payment_refusals;
