-- +goose Up
-- What happens to units no warehouse can cover at intake, per product and
-- optionally per channel (channel '' is the product's default; a channel's
-- own row overrides it). Without a row a short line waits on hold for stock
-- or a person.
--   backorder    accepted while the product's waiting units stay within
--                max_waiting; expected to ship lead_days from today
--   presale      accepted before release_on while within max_waiting (the
--                quota), reserved against expected stock; ships on release_on
--   split        what is there ships now, the rest as a later fulfilment
--   cancel_short the short units are cancelled and their amount is due back
CREATE TABLE shortage_policies (
    product_id  TEXT NOT NULL REFERENCES products (id),
    channel     TEXT NOT NULL DEFAULT '' CHECK (length(channel) <= 64),
    policy      TEXT NOT NULL CHECK (policy IN ('hold', 'backorder', 'presale', 'split', 'cancel_short')),
    max_waiting BIGINT NOT NULL DEFAULT 0 CHECK (max_waiting BETWEEN 0 AND 100000000),
    lead_days   INTEGER NOT NULL DEFAULT 0 CHECK (lead_days BETWEEN 0 AND 365),
    release_on  TEXT NOT NULL DEFAULT '',
    created_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL,
    PRIMARY KEY (product_id, channel)
);

-- A short line remembers the policy that took it and what it cancelled;
-- the partial index finds the lines waiting for a product's stock, oldest
-- order first, without touching the lines that are covered.
ALTER TABLE order_lines ADD COLUMN short_policy TEXT NOT NULL DEFAULT '';
ALTER TABLE order_lines ADD COLUMN cancelled_quantity BIGINT NOT NULL DEFAULT 0 CHECK (cancelled_quantity >= 0);
CREATE INDEX order_lines_waiting ON order_lines (product_id, short_policy, order_id) WHERE short_quantity > 0;
ALTER TABLE orders ADD COLUMN refund_due_minor BIGINT NOT NULL DEFAULT 0 CHECK (refund_due_minor >= 0);

-- The shopper's device as the channel identifies it, for the risk rules
-- (coupon abuse across accounts on one device). client_ip, from here on,
-- is the shopper's address as the channel reports it, not the caller's.
ALTER TABLE orders ADD COLUMN device_id TEXT NOT NULL DEFAULT '' CHECK (length(device_id) <= 128);

-- Gift wrap is a packing instruction on every fulfilment of the order, with
-- the fee the shop charges for it (0: free) as part of the order's total.
ALTER TABLE orders ADD COLUMN gift_wrap_minor BIGINT NOT NULL DEFAULT 0 CHECK (gift_wrap_minor >= 0);
ALTER TABLE fulfilments ADD COLUMN gift_wrap BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE fulfilments ADD COLUMN gift_message TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE orders DROP COLUMN device_id;
ALTER TABLE fulfilments DROP COLUMN gift_message;
ALTER TABLE fulfilments DROP COLUMN gift_wrap;
ALTER TABLE orders DROP COLUMN gift_wrap_minor;
ALTER TABLE orders DROP COLUMN refund_due_minor;
DROP INDEX order_lines_waiting;
ALTER TABLE order_lines DROP COLUMN cancelled_quantity;
ALTER TABLE order_lines DROP COLUMN short_policy;
DROP TABLE shortage_policies;
