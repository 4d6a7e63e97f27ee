-- +goose Up
-- Packing. A warehouse's cartons: its catalogue (inner and outer size, tare,
-- the weight a carton may carry, what it costs, whether it is plain, for
-- valuables) and how many it has; a packed parcel takes one.
CREATE TABLE cartons (
    warehouse_id TEXT NOT NULL REFERENCES warehouses (id),
    code         TEXT NOT NULL CHECK (length(code) BETWEEN 1 AND 32),
    name         TEXT NOT NULL DEFAULT '',
    inner_l_mm   BIGINT NOT NULL,
    inner_w_mm   BIGINT NOT NULL,
    inner_h_mm   BIGINT NOT NULL,
    outer_l_mm   BIGINT NOT NULL,
    outer_w_mm   BIGINT NOT NULL,
    outer_h_mm   BIGINT NOT NULL,
    tare_g       BIGINT NOT NULL CHECK (tare_g >= 0),
    max_weight_g BIGINT NOT NULL CHECK (max_weight_g > 0),
    cost_minor   BIGINT NOT NULL CHECK (cost_minor >= 0),
    material     TEXT NOT NULL,
    plain        BOOLEAN NOT NULL DEFAULT FALSE,
    on_hand      BIGINT NOT NULL CHECK (on_hand >= 0),
    active       BOOLEAN NOT NULL DEFAULT TRUE,
    updated_at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (warehouse_id, code),
    CHECK (inner_l_mm > 0 AND inner_w_mm > 0 AND inner_h_mm > 0),
    CHECK (outer_l_mm >= inner_l_mm AND outer_w_mm >= inner_w_mm AND outer_h_mm >= inner_h_mm)
);

-- How a warehouse checks a parcel's weight: a parcel weighing more than
-- tolerance off what its items, carton and fill should weigh is held for a
-- recheck (the larger of the percentage and the grams); the label format its
-- stations print (PDF for office printers, ZPL for thermal ones); the
-- protection and fill it packs with and their costs (JSON; empty: the
-- defaults); the GS1 company
-- prefix its parcels' SSCCs carry, with the next serial.
CREATE TABLE pack_rules (
    warehouse_id  TEXT PRIMARY KEY REFERENCES warehouses (id),
    tolerance_pct BIGINT NOT NULL CHECK (tolerance_pct BETWEEN 0 AND 100),
    tolerance_g   BIGINT NOT NULL CHECK (tolerance_g >= 0),
    gs1_prefix    TEXT NOT NULL CHECK (length(gs1_prefix) BETWEEN 6 AND 12),
    label_format  TEXT NOT NULL DEFAULT 'pdf' CHECK (label_format IN ('pdf', 'zpl')),
    materials     TEXT NOT NULL DEFAULT '',
    next_serial   BIGINT NOT NULL CHECK (next_serial >= 0),
    updated_at    TIMESTAMPTZ NOT NULL
);

-- A parcel: one box of a fulfilment, packed at a station. Items are
-- scanned into the open parcel; closing it with its carton and weight
-- packs it, or holds it when the weight is off. sscc is its 18-digit
-- Serial Shipping Container Code.
CREATE TABLE parcels (
    id            TEXT PRIMARY KEY,
    sscc          TEXT NOT NULL UNIQUE,
    fulfilment_id TEXT NOT NULL REFERENCES fulfilments (id),
    warehouse_id  TEXT NOT NULL REFERENCES warehouses (id),
    seq           BIGINT NOT NULL CHECK (seq > 0),
    status        TEXT NOT NULL CHECK (status IN ('open', 'held', 'packed', 'cancelled')),
    carton        TEXT,
    length_mm     BIGINT NOT NULL DEFAULT 0,
    width_mm      BIGINT NOT NULL DEFAULT 0,
    height_mm     BIGINT NOT NULL DEFAULT 0,
    expected_g    BIGINT NOT NULL DEFAULT 0,
    weight_g      BIGINT NOT NULL DEFAULT 0,
    explanation   TEXT NOT NULL DEFAULT '',
    note          TEXT NOT NULL DEFAULT '',
    packed_by     TEXT,
    created_at    TIMESTAMPTZ NOT NULL,
    updated_at    TIMESTAMPTZ NOT NULL,
    packed_at     TIMESTAMPTZ,
    UNIQUE (fulfilment_id, seq)
);
CREATE UNIQUE INDEX parcels_open ON parcels (fulfilment_id) WHERE status IN ('open', 'held');
CREATE INDEX parcels_warehouse ON parcels (warehouse_id, status, id);

-- The units of an order line in a parcel, as scanned.
CREATE TABLE parcel_items (
    parcel_id  TEXT NOT NULL REFERENCES parcels (id),
    order_id   TEXT NOT NULL,
    line_no    BIGINT NOT NULL,
    product_id TEXT NOT NULL REFERENCES products (id),
    quantity   BIGINT NOT NULL CHECK (quantity > 0),
    PRIMARY KEY (parcel_id, order_id, line_no)
);
CREATE INDEX parcel_items_line ON parcel_items (order_id, line_no);

-- Every scan at a pack station and every supervisor's decision there, with
-- who, when and what it did; scan_id is the device's key, so a repeat is
-- answered, not booked twice.
CREATE TABLE pack_scans (
    id            TEXT PRIMARY KEY,
    fulfilment_id TEXT NOT NULL REFERENCES fulfilments (id),
    parcel_id     TEXT,
    scan_id       TEXT NOT NULL,
    kind          TEXT NOT NULL CHECK (kind IN ('item', 'close', 'accept', 'damaged', 'missing', 'swapped')),
    code          TEXT NOT NULL DEFAULT '',
    quantity      BIGINT NOT NULL DEFAULT 0,
    detail        TEXT NOT NULL DEFAULT '{}',
    actor         TEXT NOT NULL,
    at            TIMESTAMPTZ NOT NULL,
    UNIQUE (fulfilment_id, scan_id)
);

-- +goose Down
DROP TABLE pack_scans;
DROP TABLE parcel_items;
DROP TABLE parcels;
DROP TABLE pack_rules;
DROP TABLE cartons;
