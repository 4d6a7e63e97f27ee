-- +goose Up
-- Invoices: numbered without gaps per series (a year: INV-2026-000001).
-- A fulfilment's invoice is issued when it is packed, in the same
-- transaction as the counter moves, so a number is never skipped or used
-- twice.
CREATE TABLE invoice_series (
    series TEXT PRIMARY KEY,
    next   BIGINT NOT NULL CHECK (next > 0)
);

CREATE TABLE invoices (
    id            TEXT PRIMARY KEY,
    fulfilment_id TEXT NOT NULL UNIQUE REFERENCES fulfilments (id),
    order_id      TEXT NOT NULL,
    number        TEXT NOT NULL UNIQUE,
    series        TEXT NOT NULL,
    seq           BIGINT NOT NULL,
    issued_at     TIMESTAMPTZ NOT NULL,
    UNIQUE (series, seq)
);
CREATE INDEX invoices_order ON invoices (order_id);

-- +goose Down
DROP TABLE invoices;
DROP TABLE invoice_series;
