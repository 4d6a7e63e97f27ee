-- +goose Up
-- The timeline is stored as batches: one row per writing call holds every
-- timeline entry it made, as a JSON array, so the order engine writes one
-- row for a batch of a thousand orders instead of a thousand rows and their
-- two index entries each (issue 15: pages and rows, not bytes, are what a
-- write costs here). order_timeline finds an order's batches: one narrow
-- row per (order, batch), appended in key order at intake, where order ids
-- rise with time.
--
-- Feed order stays what 00014 made it: seq only rises and SQLite commits in
-- seq order; within a batch, entries are in array order. Each old entry
-- becomes a batch of its own with its seq, so a feed position issued before
-- this migration (seq N) still means the same place.
CREATE TABLE order_event_batches (
    seq    INTEGER PRIMARY KEY AUTOINCREMENT,
    at     TIMESTAMP NOT NULL,
    events TEXT NOT NULL
);
INSERT INTO order_event_batches (seq, at, events)
    SELECT seq, at, json_array(json_object('id', id, 'order', order_id, 'type', type, 'status', status,
        'payment', payment_status, 'actor', actor, 'detail', json(detail)))
    FROM order_events ORDER BY seq;
CREATE TABLE order_timeline (
    order_id TEXT NOT NULL REFERENCES orders (id),
    batch    INTEGER NOT NULL,
    PRIMARY KEY (order_id, batch)
) WITHOUT ROWID;
INSERT INTO order_timeline (order_id, batch) SELECT order_id, seq FROM order_events;
DROP TABLE order_events;
ALTER TABLE webhook_cursor ADD COLUMN idx INTEGER NOT NULL DEFAULT 0;

-- Read-only, for ad-hoc SQL and tests: one row per entry, as the table
-- was. The application reads batches itself (internal/order/timeline.go).
CREATE VIEW order_events AS
    SELECT b.seq AS seq, CAST(e.key AS INTEGER) AS idx, e.value ->> '$.id' AS id, e.value ->> '$.order' AS order_id,
        b.at AS at, e.value ->> '$.type' AS type, e.value ->> '$.status' AS status,
        e.value ->> '$.payment' AS payment_status, e.value ->> '$.actor' AS actor, e.value -> '$.detail' AS detail
    FROM order_event_batches b, json_each(b.events) e;

-- +goose Down
DROP VIEW order_events;
CREATE TABLE order_events (
    seq            INTEGER PRIMARY KEY AUTOINCREMENT,
    id             TEXT NOT NULL UNIQUE,
    order_id       TEXT NOT NULL REFERENCES orders (id),
    at             TIMESTAMP NOT NULL,
    type           TEXT NOT NULL,
    status         TEXT NOT NULL,
    payment_status TEXT NOT NULL,
    actor          TEXT NOT NULL,
    detail         TEXT NOT NULL
);
-- Entries of one batch get consecutive numbers after every earlier batch's.
INSERT INTO order_events (id, order_id, at, type, status, payment_status, actor, detail)
    SELECT e.value ->> '$.id', e.value ->> '$.order', b.at, e.value ->> '$.type', e.value ->> '$.status',
        e.value ->> '$.payment', e.value ->> '$.actor', e.value -> '$.detail'
    FROM order_event_batches b, json_each(b.events) e ORDER BY b.seq, e.key;
CREATE INDEX order_events_order ON order_events (order_id, id);
DROP TABLE order_timeline;
DROP TABLE order_event_batches;
ALTER TABLE webhook_cursor DROP COLUMN idx;
