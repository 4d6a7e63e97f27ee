-- +goose Up
-- Tracking: every handed-over parcel's journey as its carrier reports it.
-- status is the parcel's normalised state, moved forward only (see
-- track.Next): status_at is when the event that set it happened
-- (status_event, the carrier's id for it, breaks ties), and
-- last_event_at the latest event of any kind (the silence clock). token
-- opens the parcel's public tracking page; it shows no personal data.
CREATE TABLE parcel_tracking (
    parcel_id           TEXT PRIMARY KEY REFERENCES parcels (id),
    shipment_id         TEXT NOT NULL REFERENCES shipments (id),
    fulfilment_id       TEXT NOT NULL REFERENCES fulfilments (id),
    carrier             TEXT NOT NULL,
    tracking_number     TEXT NOT NULL,
    token               TEXT NOT NULL UNIQUE,
    status              TEXT NOT NULL CHECK (status IN ('label_created', 'picked_up', 'in_transit', 'out_for_delivery',
                            'delivery_attempted', 'available_for_pickup', 'delivered', 'exception', 'returned_to_sender', 'lost')),
    reason              TEXT NOT NULL DEFAULT '',
    location            TEXT NOT NULL DEFAULT '',
    status_at           TIMESTAMPTZ NOT NULL,
    status_event        TEXT NOT NULL DEFAULT '',
    last_event_at       TIMESTAMPTZ NOT NULL,
    promised_date       TEXT NOT NULL,
    delivered_at        TIMESTAMPTZ,
    cod_collected_minor BIGINT,
    cod_currency        TEXT NOT NULL DEFAULT '',
    poll_at             TIMESTAMPTZ,
    polls               BIGINT NOT NULL DEFAULT 0,
    created_at          TIMESTAMPTZ NOT NULL,
    updated_at          TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX parcel_tracking_number ON parcel_tracking (carrier, tracking_number);
CREATE INDEX parcel_tracking_fulfilment ON parcel_tracking (fulfilment_id);
CREATE INDEX parcel_tracking_poll ON parcel_tracking (poll_at) WHERE poll_at IS NOT NULL;
CREATE INDEX parcel_tracking_silence ON parcel_tracking (last_event_at)
    WHERE status NOT IN ('delivered', 'returned_to_sender', 'lost');

-- Every carrier event received, once: (carrier, event_id) is the carrier's
-- identity of the event, so a repeated delivery is recognised. applied
-- says whether it moved the parcel (a late or repeated one does not);
-- raw is the carrier's own form.
CREATE TABLE tracking_events (
    carrier             TEXT NOT NULL,
    event_id            TEXT NOT NULL,
    parcel_id           TEXT NOT NULL REFERENCES parcels (id),
    status              TEXT NOT NULL,
    reason              TEXT NOT NULL DEFAULT '',
    description         TEXT NOT NULL DEFAULT '',
    location            TEXT NOT NULL DEFAULT '',
    occurred_at         TIMESTAMPTZ NOT NULL,
    received_at         TIMESTAMPTZ NOT NULL,
    applied             BOOLEAN NOT NULL,
    cod_collected_minor BIGINT,
    cod_currency        TEXT NOT NULL DEFAULT '',
    source              TEXT NOT NULL CHECK (source IN ('webhook', 'poll', 'api')),
    raw                 TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (carrier, event_id)
);
CREATE INDEX tracking_events_parcel ON tracking_events (parcel_id, occurred_at);

-- Exceptions as cases for customer service: one open case per parcel and
-- kind; due_at is the SLA by which someone must act.
CREATE TABLE tracking_cases (
    id          TEXT PRIMARY KEY,
    kind        TEXT NOT NULL CHECK (kind IN ('no_scan', 'attempted', 'address', 'damaged', 'lost', 'late', 'refused',
                    'exception', 'problem')),
    parcel_id   TEXT REFERENCES parcels (id),
    order_id    TEXT NOT NULL REFERENCES orders (id),
    status      TEXT NOT NULL CHECK (status IN ('open', 'closed')),
    detail      TEXT NOT NULL DEFAULT '',
    opened_at   TIMESTAMPTZ NOT NULL,
    due_at      TIMESTAMPTZ NOT NULL,
    claimed_by  TEXT,
    claimed_at  TIMESTAMPTZ,
    outcome     TEXT NOT NULL DEFAULT '',
    closed_by   TEXT,
    closed_at   TIMESTAMPTZ,
    updated_at  TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX tracking_cases_one_open ON tracking_cases (parcel_id, kind) WHERE status = 'open';
CREATE INDEX tracking_cases_queue ON tracking_cases (status, due_at);
CREATE INDEX tracking_cases_order ON tracking_cases (order_id);

-- The operator's tracking rules, one row: how long a delivered order waits
-- for a problem before it completes, how long a parcel may go without a
-- scan, how often a carrier without webhooks is polled and when polling
-- gives up, and the cases' SLA.
CREATE TABLE tracking_rules (
    id              BIGINT PRIMARY KEY CHECK (id = 1),
    complete_after  BIGINT NOT NULL CHECK (complete_after BETWEEN 0 AND 7776000),
    no_scan_after   BIGINT NOT NULL CHECK (no_scan_after BETWEEN 3600 AND 2592000),
    poll_every      BIGINT NOT NULL CHECK (poll_every BETWEEN 60 AND 86400),
    poll_silence    BIGINT NOT NULL CHECK (poll_silence BETWEEN 3600 AND 7776000),
    case_sla        BIGINT NOT NULL CHECK (case_sla BETWEEN 600 AND 2592000),
    updated_at      TIMESTAMPTZ NOT NULL
);

-- +goose Down
DROP TABLE tracking_rules;
DROP TABLE tracking_cases;
DROP TABLE tracking_events;
DROP TABLE parcel_tracking;
