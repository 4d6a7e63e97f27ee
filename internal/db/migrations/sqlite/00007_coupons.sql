-- +goose Up
-- Coupons are priced server-side by the order engine. Money is in integer
-- minor units; percent_bp is basis points (1000 = 10 %). The CHECKs repeat
-- the API's limits (internal/order/coupon_validate.go) so no path into the
-- table can store an absurd coupon; PostgreSQL's file makes the same checks.
-- The window is [starts_at, ends_at): inclusive start, exclusive end, no end
-- when ends_at is NULL. max_uses and max_uses_per_customer of 0 mean no limit.
-- uses counts live redemptions; the engine adds to it once per coupon per
-- batch, and the CHECK on it is the last guard against overspending a
-- limited coupon when several engines share one database.
CREATE TABLE coupons (
    code                  TEXT PRIMARY KEY
                          CHECK (length(code) BETWEEN 1 AND 32 AND code NOT GLOB '*[^A-Z0-9_-]*'),
    kind                  TEXT NOT NULL CHECK (kind IN ('percent', 'amount')),
    percent_bp            INTEGER NOT NULL DEFAULT 0,
    amount_minor          INTEGER NOT NULL DEFAULT 0,
    -- '' only for a percent coupon without a minimum spend: it fits any
    -- currency. Otherwise the coupon applies to orders in this currency only.
    currency              TEXT NOT NULL DEFAULT ''
                          CHECK (currency = '' OR (length(currency) = 3 AND currency NOT GLOB '*[^A-Z]*')),
    min_spend_minor       INTEGER NOT NULL DEFAULT 0 CHECK (min_spend_minor BETWEEN 0 AND 1000000000000),
    starts_at             TIMESTAMP NOT NULL,
    ends_at               TIMESTAMP,
    max_uses              INTEGER NOT NULL DEFAULT 0 CHECK (max_uses BETWEEN 0 AND 1000000000),
    max_uses_per_customer INTEGER NOT NULL DEFAULT 0 CHECK (max_uses_per_customer BETWEEN 0 AND 1000000000),
    uses                  INTEGER NOT NULL DEFAULT 0 CHECK (uses >= 0 AND (max_uses = 0 OR uses <= max_uses)),
    active                BOOLEAN NOT NULL DEFAULT 1,
    created_at            TIMESTAMP NOT NULL,
    updated_at            TIMESTAMP NOT NULL,
    CHECK ((kind = 'percent' AND percent_bp BETWEEN 1 AND 10000 AND amount_minor = 0)
        OR (kind = 'amount' AND percent_bp = 0 AND amount_minor BETWEEN 1 AND 1000000000000 AND currency <> '')),
    CHECK (min_spend_minor = 0 OR currency <> ''),
    CHECK (ends_at IS NULL OR ends_at > starts_at)
);

-- One row per coupon used by an order. customer_key is the order's
-- normalised email (address.NormalizeEmail) lower-cased as a whole, so the
-- per-customer limit counts Ada@Example.com and ada@example.com as one
-- customer; plus tags and dots are not folded (that is provider-specific and
-- belongs to review's coupon-abuse rule). released_at is set when the order
-- is cancelled and the use given back; live redemptions have it NULL.
CREATE TABLE coupon_redemptions (
    code         TEXT NOT NULL REFERENCES coupons (code),
    order_id     TEXT NOT NULL REFERENCES orders (id),
    customer_key TEXT NOT NULL,
    at           TIMESTAMP NOT NULL,
    released_at  TIMESTAMP,
    PRIMARY KEY (order_id, code)
);
CREATE INDEX coupon_redemptions_customer ON coupon_redemptions (code, customer_key);

-- +goose Down
DROP TABLE coupon_redemptions;
DROP TABLE coupons;
