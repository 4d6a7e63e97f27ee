-- +goose Up
-- People who sign in to the console (issue 11), separate from API keys:
-- one account per e-mail address whatever its case. password_hash is an
-- argon2id encoding with its parameters and salt, '' until the person has
-- used their set-up link.
CREATE TABLE people (
    id            TEXT PRIMARY KEY,
    email         TEXT NOT NULL CHECK (length(email) BETWEEN 3 AND 254),
    name          TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    role          TEXT NOT NULL CHECK (role IN ('admin', 'integration', 'customer_service', 'warehouse', 'finance')),
    locale        TEXT NOT NULL CHECK (locale IN ('en', 'zh')),
    active        BOOLEAN NOT NULL,
    password_hash TEXT NOT NULL,
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX people_email ON people (lower(email));

-- One-time set-up links: only a SHA-256 of the 256-bit token is kept.
CREATE TABLE person_setup_tokens (
    token_hash TEXT PRIMARY KEY,
    person_id  TEXT NOT NULL REFERENCES people (id),
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    used_at    TIMESTAMP
);
CREATE INDEX person_setup_tokens_person ON person_setup_tokens (person_id);

-- Console sessions: only a SHA-256 of the 256-bit id in the cookie is kept.
CREATE TABLE sessions (
    id_hash      TEXT PRIMARY KEY,
    person_id    TEXT NOT NULL REFERENCES people (id),
    created_at   TIMESTAMP NOT NULL,
    last_seen_at TIMESTAMP NOT NULL,
    expires_at   TIMESTAMP NOT NULL
);
CREATE INDEX sessions_person ON sessions (person_id);

-- Failed sign-ins of the last minutes, counted per account and per client
-- address to slow down guessing; a success clears its account's rows.
CREATE TABLE sign_in_failures (
    id          TEXT PRIMARY KEY,
    at          TIMESTAMP NOT NULL,
    email       TEXT NOT NULL,
    remote_addr TEXT NOT NULL
);
CREATE INDEX sign_in_failures_email ON sign_in_failures (email, at);
CREATE INDEX sign_in_failures_addr ON sign_in_failures (remote_addr, at);

-- +goose Down
DROP TABLE sign_in_failures;
DROP TABLE sessions;
DROP TABLE person_setup_tokens;
DROP TABLE people;
