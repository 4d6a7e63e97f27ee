-- +goose Up
-- The operator's rules that were constants (issue 10, defect 12): where and
-- up to what total cash on delivery is confirmed at once, how long a
-- prepaid order may stay unpaid, how long an Idempotency-Key replays its
-- answer, and whether a customer's note holds the order for a person. One
-- row; the defaults below are the values the code had before.
CREATE TABLE settings (
    id                            INTEGER PRIMARY KEY CHECK (id = 1),
    cod_countries                 TEXT NOT NULL,  -- ISO 3166 alpha-2 codes, comma-separated
    cod_max_total_minor           BIGINT NOT NULL CHECK (cod_max_total_minor BETWEEN 0 AND 1000000000000),
    payment_window_seconds        BIGINT NOT NULL CHECK (payment_window_seconds BETWEEN 60 AND 604800),
    idempotency_retention_seconds BIGINT NOT NULL CHECK (idempotency_retention_seconds BETWEEN 3600 AND 2592000),
    hold_on_customer_note         BOOLEAN NOT NULL,
    updated_at                    TIMESTAMPTZ NOT NULL
);
INSERT INTO settings (id, cod_countries, cod_max_total_minor, payment_window_seconds, idempotency_retention_seconds,
    hold_on_customer_note, updated_at)
VALUES (1, 'CN,TW,HK,IN,BR,JP', 500000, 1800, 86400, TRUE, now());

-- +goose Down
DROP TABLE settings;
