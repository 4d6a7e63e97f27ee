-- +goose Up
-- The timeline is stored as batches: one row per writing call holds every
-- timeline entry it made, as a JSON array, so the order engine writes one
-- row for a batch of orders instead of a row and two index entries per
-- entry (issue 15). order_timeline finds an order's batches.
--
-- Feed order stays what 00014 made it: (xid, seq) of the batch, served only
-- below the oldest running transaction; within a batch, array order. Each
-- old entry becomes a batch of its own with its xid and seq, so a feed
-- position issued before this migration still means the same place.
CREATE TABLE order_event_batches (
    seq    BIGINT PRIMARY KEY,
    xid    xid8 NOT NULL DEFAULT pg_current_xact_id(),
    at     TIMESTAMPTZ NOT NULL,
    events TEXT NOT NULL
);
CREATE SEQUENCE order_event_batches_seq OWNED BY order_event_batches.seq;
INSERT INTO order_event_batches (seq, xid, at, events)
    SELECT seq, xid, at, json_build_array(json_build_object('id', id, 'order', order_id, 'type', type, 'status', status,
        'payment', payment_status, 'actor', actor, 'detail', detail))::text
    FROM order_events;
SELECT setval('order_event_batches_seq', COALESCE((SELECT max(seq) FROM order_event_batches), 0) + 1, false);
ALTER TABLE order_event_batches ALTER COLUMN seq SET DEFAULT nextval('order_event_batches_seq');
CREATE INDEX order_event_batches_feed ON order_event_batches (xid, seq);
CREATE TABLE order_timeline (
    order_id TEXT NOT NULL REFERENCES orders (id),
    batch    BIGINT NOT NULL,
    PRIMARY KEY (order_id, batch)
);
INSERT INTO order_timeline (order_id, batch) SELECT order_id, seq FROM order_events;
DROP TABLE order_events;
ALTER TABLE webhook_cursor ADD COLUMN idx INTEGER NOT NULL DEFAULT 0;

-- Read-only, for ad-hoc SQL and tests: one row per entry, as the table
-- was. The application reads batches itself (internal/order/timeline.go).
CREATE VIEW order_events AS
    SELECT b.seq, b.xid, (e.n - 1)::int AS idx, e.v ->> 'id' AS id, e.v ->> 'order' AS order_id, b.at,
        e.v ->> 'type' AS type, e.v ->> 'status' AS status, e.v ->> 'payment' AS payment_status,
        e.v ->> 'actor' AS actor, (e.v -> 'detail')::jsonb AS detail
    FROM order_event_batches b, json_array_elements(b.events::json) WITH ORDINALITY AS e(v, n);

-- +goose Down
DROP VIEW order_events;
CREATE TABLE order_events (
    id             TEXT PRIMARY KEY,
    order_id       TEXT NOT NULL REFERENCES orders (id),
    at             TIMESTAMPTZ NOT NULL,
    type           TEXT NOT NULL,
    status         TEXT NOT NULL,
    payment_status TEXT NOT NULL,
    actor          TEXT NOT NULL,
    detail         JSONB NOT NULL,
    seq            BIGINT NOT NULL,
    xid            xid8 NOT NULL DEFAULT pg_current_xact_id()
);
CREATE SEQUENCE order_events_seq OWNED BY order_events.seq;
INSERT INTO order_events (id, order_id, at, type, status, payment_status, actor, detail, seq, xid)
    SELECT e.v ->> 'id', e.v ->> 'order', b.at, e.v ->> 'type', e.v ->> 'status', e.v ->> 'payment', e.v ->> 'actor',
        (e.v -> 'detail')::jsonb, row_number() OVER (ORDER BY b.xid, b.seq, e.n), b.xid
    FROM order_event_batches b, json_array_elements(b.events::json) WITH ORDINALITY AS e(v, n);
SELECT setval('order_events_seq', COALESCE((SELECT max(seq) FROM order_events), 0) + 1, false);
ALTER TABLE order_events ALTER COLUMN seq SET DEFAULT nextval('order_events_seq');
CREATE INDEX order_events_order ON order_events (order_id, id);
CREATE INDEX order_events_feed ON order_events (xid, seq);
DROP TABLE order_timeline;
DROP TABLE order_event_batches;
ALTER TABLE webhook_cursor DROP COLUMN idx;
