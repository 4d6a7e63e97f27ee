-- +goose Up
-- Shipping. Carriers whose rates are tables (the built-in carrier): their
-- rate data as the JSON document ship/rate parses.
CREATE TABLE carriers (
    code       TEXT PRIMARY KEY,
    data       TEXT NOT NULL,
    active     BOOLEAN NOT NULL DEFAULT TRUE,
    updated_at TIMESTAMPTZ NOT NULL
);

-- The serials a table carrier's tracking numbers are drawn from, per
-- series (service prefix and country).
CREATE TABLE carrier_serials (
    series TEXT PRIMARY KEY,
    next   BIGINT NOT NULL CHECK (next >= 0)
);

-- A shipment: a packed fulfilment booked with a carrier's service, with
-- the rate shopping's choice and alternatives. A fulfilment has at most
-- one shipment not voided; attempt numbers its bookings, so a booking
-- retried after a timeout reuses its idempotency key and a new one after
-- a void does not.
CREATE TABLE shipments (
    id                  TEXT PRIMARY KEY,
    fulfilment_id       TEXT NOT NULL REFERENCES fulfilments (id),
    warehouse_id        TEXT NOT NULL REFERENCES warehouses (id),
    attempt             BIGINT NOT NULL CHECK (attempt > 0),
    carrier             TEXT NOT NULL,
    service             TEXT NOT NULL,
    carrier_shipment_id TEXT NOT NULL,
    status              TEXT NOT NULL CHECK (status IN ('labelled', 'manifested', 'handed_over', 'voided')),
    price_minor         BIGINT NOT NULL,
    currency            TEXT NOT NULL,
    ship_date           TEXT NOT NULL,
    delivery_date       TEXT NOT NULL,
    choice              TEXT NOT NULL,
    manifest_id         TEXT,
    created_by          TEXT NOT NULL,
    created_at          TIMESTAMPTZ NOT NULL,
    updated_at          TIMESTAMPTZ NOT NULL,
    handed_over_at      TIMESTAMPTZ,
    UNIQUE (fulfilment_id, attempt)
);
CREATE UNIQUE INDEX shipments_live ON shipments (fulfilment_id) WHERE status <> 'voided';
CREATE INDEX shipments_lane ON shipments (warehouse_id, carrier, status, ship_date);

-- A parcel's tracking number and routing code on its shipment, where it is
-- staged, and when the driver took it.
CREATE TABLE shipment_parcels (
    shipment_id     TEXT NOT NULL REFERENCES shipments (id),
    parcel_id       TEXT NOT NULL REFERENCES parcels (id),
    seq             BIGINT NOT NULL,
    tracking_number TEXT NOT NULL,
    routing_code    TEXT NOT NULL,
    lane            TEXT,
    staged_at       TIMESTAMPTZ,
    handed_over_at  TIMESTAMPTZ,
    PRIMARY KEY (shipment_id, parcel_id)
);
CREATE INDEX shipment_parcels_tracking ON shipment_parcels (tracking_number);
CREATE INDEX shipment_parcels_parcel ON shipment_parcels (parcel_id);

-- An end-of-day manifest of one carrier at one warehouse: the shipments
-- staged for its pickup, closed with the carrier; handed over when the
-- driver's scans took every parcel on it.
CREATE TABLE manifests (
    id                  TEXT PRIMARY KEY,
    warehouse_id        TEXT NOT NULL REFERENCES warehouses (id),
    carrier             TEXT NOT NULL,
    ship_date           TEXT NOT NULL,
    carrier_manifest_id TEXT NOT NULL,
    status              TEXT NOT NULL CHECK (status IN ('closed', 'partial', 'handed_over')),
    parcels             BIGINT NOT NULL,
    created_by          TEXT NOT NULL,
    created_at          TIMESTAMPTZ NOT NULL,
    updated_at          TIMESTAMPTZ NOT NULL
);

-- Each handover: the driver's scans and what they showed.
CREATE TABLE handovers (
    id          TEXT PRIMARY KEY,
    manifest_id TEXT NOT NULL REFERENCES manifests (id),
    scans       TEXT NOT NULL,
    missing     TEXT NOT NULL,
    extra       TEXT NOT NULL,
    actor       TEXT NOT NULL,
    at          TIMESTAMPTZ NOT NULL
);

-- A shipped fulfilment's carrier and tracking numbers, as the order shows
-- them (space-separated, in parcel order).
ALTER TABLE fulfilments ADD COLUMN carrier TEXT NOT NULL DEFAULT '';
ALTER TABLE fulfilments ADD COLUMN tracking TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE fulfilments DROP COLUMN tracking;
ALTER TABLE fulfilments DROP COLUMN carrier;
DROP TABLE handovers;
DROP TABLE manifests;
DROP TABLE shipment_parcels;
DROP TABLE shipments;
DROP TABLE carrier_serials;
DROP TABLE carriers;
