-- +goose Up
-- What a region costs to reach from a warehouse: the whole-order optimiser
-- (internal/sourcing) prices each plan with these. Costs are estimates in
-- minor units of the shop's reporting currency, used to compare plans, not
-- to bill anyone.
ALTER TABLE warehouse_regions ADD COLUMN parcel_cost_minor BIGINT NOT NULL DEFAULT 0 CHECK (parcel_cost_minor >= 0);
ALTER TABLE warehouse_regions ADD COLUMN per_kg_minor BIGINT NOT NULL DEFAULT 0 CHECK (per_kg_minor >= 0);
ALTER TABLE warehouse_regions ADD COLUMN transit_days INTEGER NOT NULL DEFAULT 2 CHECK (transit_days BETWEEN 1 AND 60);

-- Each order keeps why it ships from where it does (the optimiser's
-- explanation, JSON), the day it is expected to leave the warehouse, and
-- the review's verdict: risk score and reasons in words (JSON list).
ALTER TABLE orders ADD COLUMN sourcing TEXT NOT NULL DEFAULT '{}';
ALTER TABLE orders ADD COLUMN ships_on TEXT NOT NULL DEFAULT '';
ALTER TABLE orders ADD COLUMN risk_score INTEGER NOT NULL DEFAULT 0;
ALTER TABLE orders ADD COLUMN risk_reasons TEXT NOT NULL DEFAULT '[]';
ALTER TABLE orders ADD COLUMN released_at TIMESTAMPTZ;

-- A fulfilment is what one warehouse ships for an order as one parcel
-- group: approved orders are released as fulfilments in ready_to_pick, and
-- the warehouse stage takes them from there. An order split by
-- availability gets a later fulfilment from the same warehouse when the
-- rest of its stock arrives. Lines say which order line and
-- how many units; their stock stays reserved until picked.
CREATE TABLE fulfilments (
    id           TEXT PRIMARY KEY,
    order_id     TEXT NOT NULL REFERENCES orders (id),
    warehouse_id TEXT NOT NULL REFERENCES warehouses (id),
    status       TEXT NOT NULL CHECK (status IN ('ready_to_pick', 'cancelled')),
    ships_on     TEXT NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    updated_at   TIMESTAMPTZ NOT NULL
);
CREATE INDEX fulfilments_order ON fulfilments (order_id);
CREATE INDEX fulfilments_queue ON fulfilments (warehouse_id, status, ships_on, id);

CREATE TABLE fulfilment_lines (
    fulfilment_id TEXT NOT NULL REFERENCES fulfilments (id),
    order_id      TEXT NOT NULL,
    line_no       INTEGER NOT NULL,
    product_id    TEXT NOT NULL REFERENCES products (id),
    quantity      BIGINT NOT NULL CHECK (quantity > 0),
    PRIMARY KEY (fulfilment_id, order_id, line_no)
);

-- +goose Down
DROP TABLE fulfilment_lines;
DROP TABLE fulfilments;
ALTER TABLE orders DROP COLUMN released_at;
ALTER TABLE orders DROP COLUMN risk_reasons;
ALTER TABLE orders DROP COLUMN risk_score;
ALTER TABLE orders DROP COLUMN ships_on;
ALTER TABLE orders DROP COLUMN sourcing;
ALTER TABLE warehouse_regions DROP COLUMN transit_days;
ALTER TABLE warehouse_regions DROP COLUMN per_kg_minor;
ALTER TABLE warehouse_regions DROP COLUMN parcel_cost_minor;
