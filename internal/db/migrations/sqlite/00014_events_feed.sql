-- +goose Up
-- The changes feed (GET /v1/events) and outbound webhooks (internal/webhook).
--
-- Feed order: seq, a number that only rises (AUTOINCREMENT never reuses one).
-- SQLite has one writer at a time, so rows commit in seq order and a reader
-- that has seen seq N will never later see a row below N: "after N" is
-- gap-free. The table is rebuilt because a column that numbers rows cannot
-- be added in place, and the implicit rowid may change on VACUUM.
CREATE TABLE order_events_feed (
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
INSERT INTO order_events_feed (id, order_id, at, type, status, payment_status, actor, detail)
    SELECT id, order_id, at, type, status, payment_status, actor, detail FROM order_events ORDER BY at, id;
DROP TABLE order_events;
ALTER TABLE order_events_feed RENAME TO order_events;
CREATE INDEX order_events_order ON order_events (order_id, id);

-- Subscriptions. The secret signs deliveries, so it is kept as it was
-- issued; the API shows it once, in the answer that creates the endpoint.
-- failing_since is the first failed attempt since the last success; an
-- endpoint failing for long enough is disabled (disabled_at, disabled_reason).
CREATE TABLE webhook_endpoints (
    id              TEXT PRIMARY KEY,
    url             TEXT NOT NULL CHECK (length(url) BETWEEN 1 AND 2048),
    description     TEXT NOT NULL DEFAULT '',
    event_types     TEXT NOT NULL,
    enabled         BOOLEAN NOT NULL,
    secret          TEXT NOT NULL,
    created_at      TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL,
    failing_since   TIMESTAMP,
    disabled_at     TIMESTAMP,
    disabled_reason TEXT NOT NULL DEFAULT ''
);

-- One delivery per (event, endpoint), made once by the dispatcher; payload
-- is the body as signed, so every attempt sends the same bytes.
CREATE TABLE webhook_deliveries (
    id              TEXT PRIMARY KEY,
    endpoint_id     TEXT NOT NULL REFERENCES webhook_endpoints (id),
    event_id        TEXT NOT NULL,
    event_type      TEXT NOT NULL,
    payload         TEXT NOT NULL,
    state           TEXT NOT NULL CHECK (state IN ('pending', 'delivered', 'failed')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    last_status     INTEGER NOT NULL DEFAULT 0,
    last_error      TEXT NOT NULL DEFAULT '',
    next_attempt_at TIMESTAMP,
    created_at      TIMESTAMP NOT NULL,
    delivered_at    TIMESTAMP,
    UNIQUE (event_id, endpoint_id)
);
CREATE INDEX webhook_deliveries_endpoint ON webhook_deliveries (endpoint_id, id);

-- The delivery log: one row per HTTP attempt. job_id is the job that made
-- it, so a job run again after a crash does not send a second time.
CREATE TABLE webhook_attempts (
    delivery_id TEXT NOT NULL REFERENCES webhook_deliveries (id),
    attempt     INTEGER NOT NULL,
    job_id      TEXT NOT NULL UNIQUE,
    at          TIMESTAMP NOT NULL,
    replay      BOOLEAN NOT NULL,
    status_code INTEGER NOT NULL,
    duration_ms INTEGER NOT NULL,
    error       TEXT NOT NULL,
    response    TEXT NOT NULL,
    PRIMARY KEY (delivery_id, attempt)
);

-- The dispatcher's place in the feed (one row per reader of the feed).
CREATE TABLE webhook_cursor (
    name       TEXT PRIMARY KEY,
    xid        BIGINT NOT NULL,
    seq        BIGINT NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

-- +goose Down
DROP TABLE webhook_cursor;
DROP TABLE webhook_attempts;
DROP TABLE webhook_deliveries;
DROP TABLE webhook_endpoints;
CREATE TABLE order_events_old (
    id             TEXT PRIMARY KEY,
    order_id       TEXT NOT NULL REFERENCES orders (id),
    at             TIMESTAMP NOT NULL,
    type           TEXT NOT NULL,
    status         TEXT NOT NULL,
    payment_status TEXT NOT NULL,
    actor          TEXT NOT NULL,
    detail         TEXT NOT NULL
);
INSERT INTO order_events_old SELECT id, order_id, at, type, status, payment_status, actor, detail FROM order_events;
DROP TABLE order_events;
ALTER TABLE order_events_old RENAME TO order_events;
CREATE INDEX order_events_order ON order_events (order_id, id);
