-- +goose Up
-- One row per SKU. Weights in grams, dimensions in millimetres, prices in
-- integer minor units of an ISO 4217 currency. The CHECKs repeat the API's
-- limits (internal/catalog/validate.go) so that no path into the table can
-- store an absurd value. SQLite's file makes the same checks.
CREATE TABLE products (
    id          TEXT PRIMARY KEY,
    sku         TEXT NOT NULL UNIQUE
                CHECK (length(sku) BETWEEN 1 AND 64 AND sku ~ '^[A-Za-z0-9._-]+$'),
    name        TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    -- lower-cased name, written by the store, so that name search is
    -- case-insensitive for every script on both databases.
    name_lower  TEXT NOT NULL,
    category    TEXT NOT NULL DEFAULT '' CHECK (length(category) <= 100),
    attributes  JSONB NOT NULL DEFAULT '{}',
    weight_g    BIGINT NOT NULL CHECK (weight_g BETWEEN 1 AND 1000000),
    length_mm   BIGINT NOT NULL CHECK (length_mm BETWEEN 1 AND 10000),
    width_mm    BIGINT NOT NULL CHECK (width_mm BETWEEN 1 AND 10000),
    height_mm   BIGINT NOT NULL CHECK (height_mm BETWEEN 1 AND 10000),
    fragile     BOOLEAN NOT NULL DEFAULT false,
    liquid      BOOLEAN NOT NULL DEFAULT false,
    valuable    BOOLEAN NOT NULL DEFAULT false,
    hazmat      BOOLEAN NOT NULL DEFAULT false,
    price_minor BIGINT NOT NULL CHECK (price_minor BETWEEN 0 AND 100000000000),
    currency    TEXT NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    active      BOOLEAN NOT NULL DEFAULT true,
    created_at  TIMESTAMPTZ NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX products_category ON products (category, id);

-- Barcodes are unique across the catalogue: a scan must name one SKU. The key
-- is the GTIN-14 form (zero-padded), so a UPC-A and the EAN-13 of the same
-- item collide; barcode keeps the digits as given, position their order.
CREATE TABLE product_barcodes (
    gtin       TEXT PRIMARY KEY CHECK (gtin ~ '^[0-9]{14}$'),
    barcode    TEXT NOT NULL CHECK (length(barcode) IN (8, 12, 13, 14) AND barcode ~ '^[0-9]+$'),
    product_id TEXT NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    position   INTEGER NOT NULL CHECK (position BETWEEN 0 AND 19),
    UNIQUE (product_id, position)
);

-- +goose Down
DROP TABLE product_barcodes;
DROP TABLE products;
