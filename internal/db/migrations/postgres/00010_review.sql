-- +goose Up
-- Review tasks (internal/review): what a person must check before a held
-- order can go on. A task is open (in the queue), claimed (held by exactly
-- one reviewer: claiming is an UPDATE guarded by status = 'open') or done
-- (with an outcome, never changed again). The CHECK ties each status to the
-- columns it needs. An order has at most one unfinished task of a kind.
-- The order reference is checked at commit, so the order engine may open a
-- task before it writes the batch's orders. SQLite's file makes the same
-- checks.
CREATE TABLE review_tasks (
    id            TEXT PRIMARY KEY,
    order_id      TEXT NOT NULL REFERENCES orders (id) DEFERRABLE INITIALLY DEFERRED,
    kind          TEXT NOT NULL
                  CHECK (kind IN ('verify_address', 'coupon_case', 'special_request', 'payment_mismatch', 'risk_review')),
    reason        TEXT NOT NULL CHECK (length(reason) BETWEEN 1 AND 2000),
    status        TEXT NOT NULL CHECK (status IN ('open', 'claimed', 'done')),
    assignee      TEXT NOT NULL DEFAULT '',
    assignee_name TEXT NOT NULL DEFAULT '',
    due_at        TIMESTAMPTZ NOT NULL,
    outcome       TEXT NOT NULL DEFAULT '' CHECK (outcome IN ('', 'approve', 'correct_address', 'cancel')),
    outcome_note  TEXT NOT NULL DEFAULT '' CHECK (length(outcome_note) <= 2000),
    closed_by     TEXT NOT NULL DEFAULT '',
    created_at    TIMESTAMPTZ NOT NULL,
    claimed_at    TIMESTAMPTZ,
    closed_at     TIMESTAMPTZ,
    updated_at    TIMESTAMPTZ NOT NULL,
    CHECK ((status = 'open' AND assignee = '' AND claimed_at IS NULL AND outcome = '' AND closed_at IS NULL)
        OR (status = 'claimed' AND assignee <> '' AND claimed_at IS NOT NULL AND outcome = '' AND closed_at IS NULL)
        OR (status = 'done' AND outcome <> '' AND closed_by <> '' AND closed_at IS NOT NULL))
);
-- The queue is read by due time, whole or by status, kind or assignee.
CREATE INDEX review_tasks_due ON review_tasks (due_at, id);
CREATE INDEX review_tasks_status ON review_tasks (status, due_at, id);
CREATE INDEX review_tasks_kind ON review_tasks (kind, status, due_at, id);
CREATE INDEX review_tasks_assignee ON review_tasks (assignee, status, due_at, id);
CREATE INDEX review_tasks_order ON review_tasks (order_id);
CREATE UNIQUE INDEX review_tasks_unfinished ON review_tasks (order_id, kind) WHERE status <> 'done';

-- Risk rules (internal/risk) are data: operators add and change them through
-- the API. params is the kind's settings as JSON TEXT, validated by
-- risk.DecodeRule on the way in and again when read. A deleted rule is
-- only made inactive, so reasons recorded on old orders still name it.
CREATE TABLE risk_rules (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    kind       TEXT NOT NULL CHECK (kind IN ('velocity', 'coupon_abuse', 'flagged_address', 'high_value', 'cod_limit',
                                             'country_mismatch', 'new_customer_value')),
    weight     INTEGER NOT NULL CHECK (weight BETWEEN 0 AND 1000),
    action     TEXT NOT NULL CHECK (action IN ('pass', 'hold', 'reject')),
    active     BOOLEAN NOT NULL,
    params     TEXT NOT NULL CHECK (params <> ''),
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX risk_rules_active ON risk_rules (active, id);

-- The score thresholds, one row; 0 is off.
CREATE TABLE risk_settings (
    id           INTEGER PRIMARY KEY CHECK (id = 1),
    hold_score   INTEGER NOT NULL CHECK (hold_score BETWEEN 0 AND 1000000),
    reject_score INTEGER NOT NULL CHECK (reject_score BETWEEN 0 AND 1000000),
    updated_at   TIMESTAMPTZ NOT NULL,
    CHECK (hold_score = 0 OR reject_score = 0 OR reject_score > hold_score)
);
INSERT INTO risk_settings (id, hold_score, reject_score, updated_at) VALUES (1, 0, 0, now());

-- Each order's normalised keys (risk.Keys: address, phone, email, ip,
-- device; the customer, risk.CustomerKey; and per coupon code,
-- 'coupon:CODE' with the customer who used it as the key), which velocity
-- and coupon rules count later orders by. created_at is when the order was
-- placed. No foreign key: the engine records an order's keys before it
-- writes the batch's orders, and the keys are an index, not a record.
CREATE TABLE order_risk_keys (
    order_id   TEXT NOT NULL,
    dimension  TEXT NOT NULL
               CHECK (dimension IN ('address', 'phone', 'email', 'ip', 'device', 'customer') OR dimension LIKE 'coupon:%'),
    key        TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (order_id, dimension, key)
);
CREATE INDEX order_risk_keys_lookup ON order_risk_keys (dimension, key, created_at);

-- Cash-on-delivery parcels the customer refused or did not collect, one row
-- per order, written by the shipping stage; cod_limit rules count them.
CREATE TABLE cod_refusals (
    customer_key TEXT NOT NULL CHECK (customer_key <> ''),
    order_id     TEXT PRIMARY KEY REFERENCES orders (id) DEFERRABLE INITIALLY DEFERRED,
    at           TIMESTAMPTZ NOT NULL
);
CREATE INDEX cod_refusals_customer ON cod_refusals (customer_key);

-- +goose Down
DROP TABLE cod_refusals;
DROP TABLE order_risk_keys;
DROP TABLE risk_settings;
DROP TABLE risk_rules;
DROP TABLE review_tasks;
