-- +goose Up
-- Customer service's work on tracking cases: who holds a case (by name, for
-- people), the closing note, and every step taken on a case in its
-- history: opened, claimed, released, each playbook action (contact the
-- customer, correct the address, tell the carrier, reship, a claim against
-- the carrier, a refund) and the closing. amount_minor is a claim's or a
-- refund's amount in the order's currency; detail is JSON.
ALTER TABLE tracking_cases ADD COLUMN claimed_name TEXT NOT NULL DEFAULT '';
ALTER TABLE tracking_cases ADD COLUMN outcome_note TEXT NOT NULL DEFAULT '';

-- A customer's problem is about the order, not a parcel: one open at a time.
CREATE UNIQUE INDEX tracking_cases_one_problem ON tracking_cases (order_id, kind) WHERE status = 'open' AND parcel_id IS NULL;

CREATE TABLE tracking_case_actions (
    id           TEXT PRIMARY KEY,
    case_id      TEXT NOT NULL REFERENCES tracking_cases (id),
    action       TEXT NOT NULL CHECK (action IN ('opened', 'claimed', 'released', 'contact_customer', 'correct_address',
                     'tell_carrier', 'reship', 'carrier_claim', 'refund', 'closed')),
    actor_id     TEXT NOT NULL,
    actor_name   TEXT NOT NULL DEFAULT '',
    note         TEXT NOT NULL DEFAULT '',
    amount_minor INTEGER,
    currency     TEXT NOT NULL DEFAULT '',
    detail       TEXT NOT NULL DEFAULT '{}',
    at           TIMESTAMP NOT NULL
);
CREATE INDEX tracking_case_actions_case ON tracking_case_actions (case_id, at, id);


-- +goose Down
DROP TABLE tracking_case_actions;
DROP INDEX tracking_cases_one_problem;
ALTER TABLE tracking_cases DROP COLUMN outcome_note;
ALTER TABLE tracking_cases DROP COLUMN claimed_name;
