-- +goose Up
-- A carrier event is known by its parcel and the carrier's id for it, not
-- by the carrier and its id alone: some carriers number events per
-- shipment (1, 2, 3 ...), and keyed by carrier two parcels' first events
-- were one event, the second dropped as a repeat. One index, clustered by
-- parcel, also replaces the two the table had (every event wrote a random
-- page of each): a parcel's history and its known events are one range.
CREATE TABLE tracking_events_by_parcel (
    carrier             TEXT NOT NULL,
    event_id            TEXT NOT NULL,
    parcel_id           TEXT NOT NULL REFERENCES parcels (id),
    status              TEXT NOT NULL,
    reason              TEXT NOT NULL DEFAULT '',
    description         TEXT NOT NULL DEFAULT '',
    location            TEXT NOT NULL DEFAULT '',
    occurred_at         TIMESTAMP NOT NULL,
    received_at         TIMESTAMP NOT NULL,
    applied             BOOLEAN NOT NULL,
    cod_collected_minor INTEGER,
    cod_currency        TEXT NOT NULL DEFAULT '',
    source              TEXT NOT NULL CHECK (source IN ('webhook', 'poll', 'api')),
    raw                 TEXT NOT NULL DEFAULT ''
);
INSERT INTO tracking_events_by_parcel SELECT carrier, event_id, parcel_id, status, reason, description, location, occurred_at,
    received_at, applied, cod_collected_minor, cod_currency, source, raw FROM tracking_events ORDER BY received_at, parcel_id;
DROP TABLE tracking_events;
ALTER TABLE tracking_events_by_parcel RENAME TO tracking_events;
CREATE UNIQUE INDEX tracking_events_parcel ON tracking_events (parcel_id, event_id);

-- +goose Down
CREATE TABLE tracking_events_by_carrier (
    carrier             TEXT NOT NULL,
    event_id            TEXT NOT NULL,
    parcel_id           TEXT NOT NULL REFERENCES parcels (id),
    status              TEXT NOT NULL,
    reason              TEXT NOT NULL DEFAULT '',
    description         TEXT NOT NULL DEFAULT '',
    location            TEXT NOT NULL DEFAULT '',
    occurred_at         TIMESTAMP NOT NULL,
    received_at         TIMESTAMP NOT NULL,
    applied             BOOLEAN NOT NULL,
    cod_collected_minor INTEGER,
    cod_currency        TEXT NOT NULL DEFAULT '',
    source              TEXT NOT NULL CHECK (source IN ('webhook', 'poll', 'api')),
    raw                 TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (carrier, event_id)
);
INSERT OR IGNORE INTO tracking_events_by_carrier SELECT carrier, event_id, parcel_id, status, reason, description, location,
    occurred_at, received_at, applied, cod_collected_minor, cod_currency, source, raw FROM tracking_events ORDER BY received_at;
DROP TABLE tracking_events;
ALTER TABLE tracking_events_by_carrier RENAME TO tracking_events;
CREATE INDEX tracking_events_parcel ON tracking_events (parcel_id, occurred_at);
