-- +goose Up
-- The durable job outbox (internal/job): work that follows a change (a
-- confirmation message, the prepaid payment timeout, webhooks out) is a row
-- inserted in the same transaction as the change, so a crash cannot forget
-- it. (kind, dedupe_key) is unique so a job enqueued twice (a retried
-- request, a replayed event) runs once. Finished rows stay as history
-- (state done or failed, finished_at set). attempts counts claims; a running
-- job whose locked_until has passed is claimed again (its runner died), and
-- the attempt number fences the late finish of the runner that lost it.
-- payload is JSON kept as TEXT, the same on both databases.
CREATE TABLE jobs (
    id           TEXT PRIMARY KEY,
    kind         TEXT NOT NULL CHECK (kind <> ''),
    dedupe_key   TEXT NOT NULL,
    payload      TEXT NOT NULL,
    state        TEXT NOT NULL CHECK (state IN ('queued', 'running', 'done', 'failed')),
    attempts     INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    max_attempts INTEGER NOT NULL CHECK (max_attempts > 0),
    run_at       TIMESTAMP NOT NULL,
    locked_until TIMESTAMP,
    last_error   TEXT NOT NULL DEFAULT '',
    created_at   TIMESTAMP NOT NULL,
    finished_at  TIMESTAMP,
    UNIQUE (kind, dedupe_key)
);
-- The claim query reads only these two small slices of the table.
CREATE INDEX jobs_queued ON jobs (run_at) WHERE state = 'queued';
CREATE INDEX jobs_running ON jobs (locked_until) WHERE state = 'running';

-- +goose Down
DROP TABLE jobs;
