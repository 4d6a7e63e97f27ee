-- +goose Up
CREATE TABLE warehouses (
    id            TEXT PRIMARY KEY,
    code          TEXT NOT NULL UNIQUE CHECK (length(code) BETWEEN 1 AND 32),
    name          TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    address_line1 TEXT NOT NULL,
    address_line2 TEXT NOT NULL DEFAULT '',
    city          TEXT NOT NULL,
    region        TEXT NOT NULL DEFAULT '',
    postal_code   TEXT NOT NULL DEFAULT '',
    country       TEXT NOT NULL CHECK (length(country) = 2),
    latitude      DOUBLE PRECISION NOT NULL CHECK (latitude BETWEEN -90 AND 90),
    longitude     DOUBLE PRECISION NOT NULL CHECK (longitude BETWEEN -180 AND 180),
    categories    JSONB NOT NULL DEFAULT '[]',
    cutoff_time   TEXT NOT NULL,
    timezone      TEXT NOT NULL,
    active        BOOLEAN NOT NULL DEFAULT true,
    created_at    TIMESTAMPTZ NOT NULL,
    updated_at    TIMESTAMPTZ NOT NULL
);

-- The destinations a warehouse serves: a whole country (empty prefix) or the
-- postal codes starting with a prefix.
CREATE TABLE warehouse_regions (
    warehouse_id  TEXT NOT NULL REFERENCES warehouses (id) ON DELETE CASCADE,
    country       TEXT NOT NULL CHECK (length(country) = 2),
    postal_prefix TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (warehouse_id, country, postal_prefix)
);
CREATE INDEX warehouse_regions_country ON warehouse_regions (country, postal_prefix);

-- Bins are addressed zone-aisle-bay-level; x/y (metres from the dock) feed routing.
CREATE TABLE bins (
    id           TEXT PRIMARY KEY,
    warehouse_id TEXT NOT NULL REFERENCES warehouses (id),
    code         TEXT NOT NULL,
    zone         TEXT NOT NULL,
    aisle        TEXT NOT NULL,
    bay          TEXT NOT NULL,
    level        TEXT NOT NULL,
    x            DOUBLE PRECISION NOT NULL CHECK (x BETWEEN 0 AND 100000),
    y            DOUBLE PRECISION NOT NULL CHECK (y BETWEEN 0 AND 100000),
    active       BOOLEAN NOT NULL DEFAULT true,
    created_at   TIMESTAMPTZ NOT NULL,
    UNIQUE (warehouse_id, code)
);

-- +goose Down
DROP TABLE bins;
DROP TABLE warehouse_regions;
DROP TABLE warehouses;
