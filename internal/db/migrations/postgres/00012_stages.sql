-- +goose Up
-- The order code was split into one package per stage (docs/ARCHITECTURE.md);
-- what the stages used to infer from words and event rows is now stored.

-- When the automatic review ran: only a reviewed order is released. It was
-- the existence of an order.reviewed event.
ALTER TABLE orders ADD COLUMN reviewed_at TIMESTAMPTZ;
UPDATE orders SET reviewed_at = (SELECT MIN(e.at) FROM order_events e
    WHERE e.order_id = orders.id AND e.type = 'order.reviewed');

-- Why an order is on hold, as a type the stages act on; hold_reason keeps
-- the words for people. '' when not held; payment_mismatch (a payment task
-- waits), cod_rules (intake's cash-on-delivery rules), review (tasks for
-- people), stock (short units; their stock's arrival lifts it). It was read
-- from the words' prefix.
ALTER TABLE orders ADD COLUMN hold_kind TEXT NOT NULL DEFAULT '';
UPDATE orders SET hold_kind = CASE
    WHEN hold_reason LIKE 'payment mismatch: %' THEN 'payment_mismatch'
    WHEN hold_reason LIKE 'waiting for stock: %' THEN 'stock'
    WHEN hold_reason LIKE 'cash on delivery %' AND reviewed_at IS NULL THEN 'cod_rules'
    ELSE 'review' END
WHERE status = 'on_hold';

-- A fulfilment's timeline: one row per change, written in its transaction
-- (created, an order's lines removed, cancelled; later picked, packed,
-- shipped), with the status after it.
CREATE TABLE fulfilment_events (
    id            TEXT PRIMARY KEY,
    fulfilment_id TEXT NOT NULL REFERENCES fulfilments (id),
    at            TIMESTAMPTZ NOT NULL,
    type          TEXT NOT NULL,
    status        TEXT NOT NULL,
    actor         TEXT NOT NULL,
    detail        TEXT NOT NULL
);
CREATE INDEX fulfilment_events_fulfilment ON fulfilment_events (fulfilment_id, id);

-- Jobs carry typed payloads: the order jobs still waiting name their order
-- in the payload, as new ones do, not only in their dedupe key
-- ("ord_…" or "ord_…@…").
UPDATE jobs SET payload = '{"order_id":"' ||
    split_part(dedupe_key, '@', 1) || '"}'
WHERE kind IN ('order.confirmation', 'order.payment_timeout', 'order.cancellation', 'order.review', 'order.release')
    AND state IN ('queued', 'running') AND payload = '{}';

-- +goose Down
DROP TABLE fulfilment_events;
ALTER TABLE orders DROP COLUMN hold_kind;
ALTER TABLE orders DROP COLUMN reviewed_at;
