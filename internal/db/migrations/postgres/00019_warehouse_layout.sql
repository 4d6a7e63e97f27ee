-- +goose Up
-- A warehouse's floor as data, in the shape the pick router walks: blocks
-- front to back, each with its length; a cross aisle before, between and
-- after them (their widths); aisles in a block at a position x across the
-- building; the depot (where carts start and end) in front of an aisle of
-- the front block; zones of a kind; and where each bin sits. A warehouse
-- without a row in warehouse_layouts has no layout yet; a bin without a
-- placement row has not been placed yet. Put replaces all of it at once.
CREATE TABLE warehouse_layouts (
    warehouse_id   TEXT PRIMARY KEY REFERENCES warehouses (id) ON DELETE CASCADE,
    depot_aisle    TEXT NOT NULL,
    depot_distance DOUBLE PRECISION NOT NULL CHECK (depot_distance BETWEEN 0 AND 1000),
    updated_at     TIMESTAMPTZ NOT NULL
);

CREATE TABLE layout_blocks (
    warehouse_id TEXT NOT NULL REFERENCES warehouse_layouts (warehouse_id) ON DELETE CASCADE,
    seq          INTEGER NOT NULL CHECK (seq >= 0),
    code         TEXT NOT NULL CHECK (length(code) BETWEEN 1 AND 16),
    length       DOUBLE PRECISION NOT NULL CHECK (length > 0 AND length <= 10000),
    PRIMARY KEY (warehouse_id, code),
    UNIQUE (warehouse_id, seq)
);

-- Cross aisle 0 is in front of the first block, cross aisle n behind block n-1.
CREATE TABLE layout_cross_aisles (
    warehouse_id TEXT NOT NULL REFERENCES warehouse_layouts (warehouse_id) ON DELETE CASCADE,
    seq          INTEGER NOT NULL CHECK (seq >= 0),
    width        DOUBLE PRECISION NOT NULL CHECK (width BETWEEN 0 AND 100),
    PRIMARY KEY (warehouse_id, seq)
);

CREATE TABLE layout_aisles (
    warehouse_id TEXT NOT NULL REFERENCES warehouse_layouts (warehouse_id) ON DELETE CASCADE,
    code         TEXT NOT NULL CHECK (length(code) BETWEEN 1 AND 16),
    block_code   TEXT NOT NULL,
    x            DOUBLE PRECISION NOT NULL CHECK (x BETWEEN 0 AND 100000),
    length       DOUBLE PRECISION NOT NULL CHECK (length > 0 AND length <= 10000),
    PRIMARY KEY (warehouse_id, code),
    FOREIGN KEY (warehouse_id, block_code) REFERENCES layout_blocks (warehouse_id, code)
);

CREATE TABLE layout_zones (
    warehouse_id TEXT NOT NULL REFERENCES warehouse_layouts (warehouse_id) ON DELETE CASCADE,
    code         TEXT NOT NULL CHECK (length(code) BETWEEN 1 AND 16),
    kind         TEXT NOT NULL CHECK (kind IN ('ambient', 'cold', 'caged', 'hazmat')),
    PRIMARY KEY (warehouse_id, code)
);

-- Where a bin sits: on an aisle, on its left or right (facing the back),
-- metres from the aisle's front end, on a level (1 = floor), in a zone, and
-- whether pickers pick from it (pick face) or it holds reserve stock.
CREATE TABLE bin_placements (
    bin_id       TEXT PRIMARY KEY REFERENCES bins (id) ON DELETE CASCADE,
    warehouse_id TEXT NOT NULL REFERENCES warehouse_layouts (warehouse_id) ON DELETE CASCADE,
    aisle_code   TEXT NOT NULL,
    side         TEXT NOT NULL CHECK (side IN ('left', 'right')),
    position     DOUBLE PRECISION NOT NULL CHECK (position BETWEEN 0 AND 10000),
    level        INTEGER NOT NULL CHECK (level BETWEEN 0 AND 99),
    zone_code    TEXT NOT NULL,
    pick_face    BOOLEAN NOT NULL,
    FOREIGN KEY (warehouse_id, aisle_code) REFERENCES layout_aisles (warehouse_id, code),
    FOREIGN KEY (warehouse_id, zone_code) REFERENCES layout_zones (warehouse_id, code)
);
CREATE INDEX bin_placements_aisle ON bin_placements (warehouse_id, aisle_code, position);

-- +goose Down
DROP TABLE bin_placements;
DROP TABLE layout_zones;
DROP TABLE layout_aisles;
DROP TABLE layout_cross_aisles;
DROP TABLE layout_blocks;
DROP TABLE warehouse_layouts;
