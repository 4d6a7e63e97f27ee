-- +goose Up
-- Return labels. A return shipment is booked with the carrier of a
-- shipment that went out: the customer's address as sender, the
-- warehouse as recipient, one tracking number per parcel that went out.
-- What the label prints (both addresses, the order number) is kept, so
-- printing again is the same label and books nothing. A shipment has at
-- most one return not voided; attempt numbers its bookings, so a booking
-- retried after a timeout reuses its idempotency key
-- (return:<shipment>:<attempt>) and a new one after a void does not.
CREATE TABLE return_shipments (
    id                  TEXT PRIMARY KEY,
    shipment_id         TEXT NOT NULL REFERENCES shipments (id),
    attempt             INTEGER NOT NULL CHECK (attempt > 0),
    carrier             TEXT NOT NULL,
    service             TEXT NOT NULL,
    carrier_shipment_id TEXT NOT NULL,
    status              TEXT NOT NULL CHECK (status IN ('labelled', 'voided')),
    price_minor         INTEGER NOT NULL,
    currency            TEXT NOT NULL,
    sender              TEXT NOT NULL,
    recipient           TEXT NOT NULL,
    sender_phone        TEXT NOT NULL,
    order_number        TEXT NOT NULL,
    created_by          TEXT NOT NULL,
    created_at          TIMESTAMP NOT NULL,
    updated_at          TIMESTAMP NOT NULL,
    UNIQUE (shipment_id, attempt)
);
CREATE UNIQUE INDEX return_shipments_live ON return_shipments (shipment_id) WHERE status <> 'voided';

-- A return's parcel: the outbound parcel it answers, its tracking number
-- and the routing code to the warehouse.
CREATE TABLE return_parcels (
    return_id       TEXT NOT NULL REFERENCES return_shipments (id),
    seq             INTEGER NOT NULL,
    parcel_id       TEXT NOT NULL REFERENCES parcels (id),
    tracking_number TEXT NOT NULL,
    routing_code    TEXT NOT NULL,
    weight_g        INTEGER NOT NULL,
    PRIMARY KEY (return_id, seq)
);
CREATE INDEX return_parcels_tracking ON return_parcels (tracking_number);

-- +goose Down
DROP TABLE return_parcels;
DROP TABLE return_shipments;
