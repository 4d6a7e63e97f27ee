-- +goose Up
-- A warehouse's rule for releasing waves by itself: from lead_minutes
-- before its daily cut-off until the cut-off, every every_minutes, the
-- ready fulfilments due to leave that day go to the floor as a wave of
-- the strategy and caps given.
CREATE TABLE wave_rules (
    warehouse_id TEXT PRIMARY KEY REFERENCES warehouses (id),
    auto         BOOLEAN NOT NULL,
    lead_minutes INTEGER NOT NULL CHECK (lead_minutes BETWEEN 1 AND 1440),
    every_minutes INTEGER NOT NULL CHECK (every_minutes BETWEEN 1 AND 720),
    strategy     TEXT NOT NULL CHECK (strategy IN ('order', 'cluster', 'putwall')),
    max_orders   INTEGER NOT NULL CHECK (max_orders BETWEEN 1 AND 10000),
    max_lines    INTEGER NOT NULL CHECK (max_lines BETWEEN 1 AND 100000),
    cart_totes   INTEGER NOT NULL CHECK (cart_totes BETWEEN 1 AND 100),
    updated_at   TIMESTAMP NOT NULL
);

-- +goose Down
DROP TABLE wave_rules;
