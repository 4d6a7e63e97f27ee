-- +goose Up
-- An order has two separate dimensions, as merchants expect: where the money
-- is (payment_status) and how far the goods have got (status). Every change
-- of either is an order_events row written in the same transaction.
CREATE TABLE orders (
    id               TEXT PRIMARY KEY,
    number           TEXT NOT NULL UNIQUE,
    channel          TEXT NOT NULL CHECK (length(channel) BETWEEN 1 AND 64),
    external_ref     TEXT NOT NULL CHECK (length(external_ref) BETWEEN 1 AND 128),
    status           TEXT NOT NULL,
    payment_status   TEXT NOT NULL,
    payment_method   TEXT NOT NULL CHECK (payment_method IN ('prepaid', 'cod')),
    currency         TEXT NOT NULL CHECK (length(currency) = 3),
    subtotal_minor   BIGINT NOT NULL CHECK (subtotal_minor >= 0),
    discount_minor   BIGINT NOT NULL CHECK (discount_minor >= 0),
    shipping_minor   BIGINT NOT NULL CHECK (shipping_minor >= 0),
    total_minor      BIGINT NOT NULL CHECK (total_minor >= 0),
    customer_name    TEXT NOT NULL,
    customer_email   TEXT NOT NULL,
    customer_phone   TEXT NOT NULL,
    locale           TEXT NOT NULL,
    shipping_address JSONB NOT NULL,
    billing_address  JSONB,
    coupons          JSONB NOT NULL,
    special_requests JSONB NOT NULL,
    short            BOOLEAN NOT NULL DEFAULT false,
    hold_reason      TEXT NOT NULL DEFAULT '',
    client_ip        TEXT NOT NULL DEFAULT '',
    payment_due_at   TIMESTAMPTZ,
    created_at       TIMESTAMPTZ NOT NULL,
    updated_at       TIMESTAMPTZ NOT NULL,
    UNIQUE (channel, external_ref)
);
CREATE INDEX orders_created ON orders (created_at, id);
CREATE INDEX orders_status ON orders (status, id);
CREATE INDEX orders_email ON orders (customer_email, id);
CREATE INDEX orders_phone ON orders (customer_phone, id);

-- Lines keep the name and price the order was placed at: the catalogue may
-- change later, the order must not.
CREATE TABLE order_lines (
    order_id         TEXT NOT NULL REFERENCES orders (id),
    line_no          INTEGER NOT NULL CHECK (line_no >= 0),
    product_id       TEXT NOT NULL REFERENCES products (id),
    sku              TEXT NOT NULL,
    name             TEXT NOT NULL,
    quantity         BIGINT NOT NULL CHECK (quantity > 0),
    unit_price_minor BIGINT NOT NULL CHECK (unit_price_minor >= 0),
    discount_minor   BIGINT NOT NULL CHECK (discount_minor >= 0),
    total_minor      BIGINT NOT NULL CHECK (total_minor >= 0),
    short_quantity   BIGINT NOT NULL CHECK (short_quantity BETWEEN 0 AND quantity),
    PRIMARY KEY (order_id, line_no)
);
CREATE INDEX order_lines_sku ON order_lines (sku, order_id);

-- Where each line's stock is reserved. Released or consumed exactly once:
-- released_at is set once and the stock ledger carries the matching entry.
CREATE TABLE order_allocations (
    order_id     TEXT NOT NULL REFERENCES orders (id),
    line_no      INTEGER NOT NULL,
    warehouse_id TEXT NOT NULL REFERENCES warehouses (id),
    product_id   TEXT NOT NULL REFERENCES products (id),
    quantity     BIGINT NOT NULL CHECK (quantity > 0),
    released_at  TIMESTAMPTZ,
    PRIMARY KEY (order_id, line_no, warehouse_id)
);

CREATE TABLE order_events (
    id             TEXT PRIMARY KEY,
    order_id       TEXT NOT NULL REFERENCES orders (id),
    at             TIMESTAMPTZ NOT NULL,
    type           TEXT NOT NULL,
    status         TEXT NOT NULL,
    payment_status TEXT NOT NULL,
    actor          TEXT NOT NULL,
    detail         JSONB NOT NULL
);
CREATE INDEX order_events_order ON order_events (order_id, id);

-- Idempotency keys remember the first answer to a write so a retry gets the
-- same bytes back. Keys belong to the caller (one API key cannot replay
-- another's) and expire.
CREATE TABLE idempotency_keys (
    actor_id     TEXT NOT NULL,
    key          TEXT NOT NULL,
    operation    TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    status_code  INTEGER NOT NULL,
    response     TEXT NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    expires_at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (actor_id, key)
);
CREATE INDEX idempotency_keys_expiry ON idempotency_keys (expires_at);

-- +goose Down
DROP TABLE idempotency_keys;
DROP TABLE order_events;
DROP TABLE order_allocations;
DROP TABLE order_lines;
DROP TABLE orders;
