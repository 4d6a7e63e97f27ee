-- +goose Up
-- The stock ledger. Every movement is one or more entries sharing a
-- movement_id; balances are derived from the entries and written in the same
-- transaction, and `waybill reconcile` proves they agree. Every change of
-- on-hand stock names the bin it happened in, so the bins of a warehouse
-- always add up to its on-hand balance. Reservations name no bin.
CREATE TABLE stock_entries (
    id             TEXT PRIMARY KEY,
    movement_id    TEXT NOT NULL,
    at             TIMESTAMPTZ NOT NULL,
    kind           TEXT NOT NULL CHECK (kind IN ('receive', 'adjust', 'move', 'transfer', 'reserve', 'release', 'pick', 'ship', 'return')),
    warehouse_id   TEXT NOT NULL REFERENCES warehouses (id),
    product_id     TEXT NOT NULL REFERENCES products (id),
    bin_id         TEXT,
    on_hand_delta  BIGINT NOT NULL,
    reserved_delta BIGINT NOT NULL,
    reason         TEXT NOT NULL DEFAULT '' CHECK (length(reason) <= 32),
    reference      TEXT NOT NULL DEFAULT '' CHECK (length(reference) <= 100),
    note           TEXT NOT NULL DEFAULT '' CHECK (length(note) <= 500),
    actor          TEXT NOT NULL,
    CHECK (on_hand_delta <> 0 OR reserved_delta <> 0),
    CHECK (on_hand_delta = 0 OR bin_id IS NOT NULL),
    FOREIGN KEY (bin_id, warehouse_id) REFERENCES bins (id, warehouse_id)
);
-- Ledger reads: by SKU (and warehouse), by warehouse, by movement, newest first.
-- The first also serves reconcile's GROUP BY.
CREATE INDEX stock_entries_product ON stock_entries (product_id, warehouse_id, id);
CREATE INDEX stock_entries_warehouse ON stock_entries (warehouse_id, id);
CREATE INDEX stock_entries_movement ON stock_entries (movement_id);

-- Per SKU and warehouse. available = on_hand - reserved, never stored.
CREATE TABLE stock_balances (
    warehouse_id TEXT NOT NULL REFERENCES warehouses (id),
    product_id   TEXT NOT NULL REFERENCES products (id),
    on_hand      BIGINT NOT NULL DEFAULT 0 CHECK (on_hand >= 0),
    reserved     BIGINT NOT NULL DEFAULT 0 CHECK (reserved >= 0),
    updated_at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (warehouse_id, product_id),
    CHECK (reserved <= on_hand)
);
CREATE INDEX stock_balances_product ON stock_balances (product_id);

-- Per bin and SKU; their sum per warehouse equals stock_balances.on_hand, and
-- a bin row cannot exist without its warehouse balance row.
CREATE TABLE bin_stock (
    bin_id       TEXT NOT NULL,
    product_id   TEXT NOT NULL REFERENCES products (id),
    warehouse_id TEXT NOT NULL,
    on_hand      BIGINT NOT NULL DEFAULT 0 CHECK (on_hand >= 0),
    updated_at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (bin_id, product_id),
    FOREIGN KEY (bin_id, warehouse_id) REFERENCES bins (id, warehouse_id),
    FOREIGN KEY (warehouse_id, product_id) REFERENCES stock_balances (warehouse_id, product_id)
);
CREATE INDEX bin_stock_balance ON bin_stock (warehouse_id, product_id);

-- +goose Down
DROP TABLE bin_stock;
DROP TABLE stock_balances;
DROP TABLE stock_entries;
