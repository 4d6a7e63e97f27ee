-- +goose Up
-- One row per SKU. Weights in grams, dimensions in millimetres, prices in
-- integer minor units of an ISO 4217 currency. The CHECKs repeat the API's
-- limits so that no path into the table can store an absurd value.
CREATE TABLE products (
    id          TEXT PRIMARY KEY,
    sku         TEXT NOT NULL UNIQUE CHECK (length(sku) BETWEEN 1 AND 64),
    name        TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    category    TEXT NOT NULL DEFAULT '',
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
    currency    TEXT NOT NULL CHECK (length(currency) = 3),
    active      BOOLEAN NOT NULL DEFAULT true,
    created_at  TIMESTAMPTZ NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX products_category ON products (category, id);

-- Barcodes are unique across the catalogue: a scan must name one SKU.
CREATE TABLE product_barcodes (
    barcode    TEXT PRIMARY KEY,
    product_id TEXT NOT NULL REFERENCES products (id) ON DELETE CASCADE
);
CREATE INDEX product_barcodes_product ON product_barcodes (product_id);

-- +goose Down
DROP TABLE product_barcodes;
DROP TABLE products;
