-- +goose Up
-- The changes feed (GET /v1/events) and outbound webhooks (internal/webhook).
--
-- Feed order is (xid, seq): the writing transaction's id, then a sequence.
-- Sequence numbers are taken before commit, so a row with a lower seq can
-- commit after one with a higher seq, and "seq > N" would skip it. The feed
-- therefore serves only rows whose transaction is below the oldest one still
-- running (pg_snapshot_xmin(pg_current_snapshot())): that set is final, and
-- every row committed later has a larger xid, so it sorts after every row
-- already served. Rows from before this migration get xid 0, seq in (at, id)
-- order.
ALTER TABLE order_events ADD COLUMN seq BIGINT, ADD COLUMN xid xid8;
CREATE SEQUENCE order_events_seq OWNED BY order_events.seq;
UPDATE order_events e SET seq = n.rn, xid = '0'::xid8
    FROM (SELECT id, row_number() OVER (ORDER BY at, id) AS rn FROM order_events) n WHERE e.id = n.id;
SELECT setval('order_events_seq', COALESCE((SELECT max(seq) FROM order_events), 0) + 1, false);
ALTER TABLE order_events
    ALTER COLUMN seq SET DEFAULT nextval('order_events_seq'), ALTER COLUMN seq SET NOT NULL,
    ALTER COLUMN xid SET DEFAULT pg_current_xact_id(), ALTER COLUMN xid SET NOT NULL;
CREATE INDEX order_events_feed ON order_events (xid, seq);

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
    created_at      TIMESTAMPTZ NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL,
    failing_since   TIMESTAMPTZ,
    disabled_at     TIMESTAMPTZ,
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
    next_attempt_at TIMESTAMPTZ,
    created_at      TIMESTAMPTZ NOT NULL,
    delivered_at    TIMESTAMPTZ,
    UNIQUE (event_id, endpoint_id)
);
CREATE INDEX webhook_deliveries_endpoint ON webhook_deliveries (endpoint_id, id);

-- The delivery log: one row per HTTP attempt. job_id is the job that made
-- it, so a job run again after a crash does not send a second time.
CREATE TABLE webhook_attempts (
    delivery_id TEXT NOT NULL REFERENCES webhook_deliveries (id),
    attempt     INTEGER NOT NULL,
    job_id      TEXT NOT NULL UNIQUE,
    at          TIMESTAMPTZ NOT NULL,
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
    updated_at TIMESTAMPTZ NOT NULL
);

-- +goose Down
DROP TABLE webhook_cursor;
DROP TABLE webhook_attempts;
DROP TABLE webhook_deliveries;
DROP TABLE webhook_endpoints;
DROP INDEX order_events_feed;
ALTER TABLE order_events DROP COLUMN xid, DROP COLUMN seq;
