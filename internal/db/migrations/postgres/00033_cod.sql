-- +goose Up
-- Cash on delivery: the carriers' remittances of the cash their drivers
-- collected, and the returned parcels whose stock came back.
--
-- A remittance is one payment of a carrier, named by the carrier's own id
-- for it (reference): importing the same remittance again adds nothing.
CREATE TABLE cod_remittances (
    id          TEXT PRIMARY KEY,
    carrier     TEXT NOT NULL,
    reference   TEXT NOT NULL,
    remitted_on TEXT NOT NULL,
    lines       BIGINT NOT NULL CHECK (lines > 0),
    imported_by TEXT NOT NULL,
    imported_at TIMESTAMPTZ NOT NULL,
    UNIQUE (carrier, reference)
);

-- One row of a remittance file, reconciled when it was imported: matched
-- (the parcel's cash paid in full), short (paid less than collected), or
-- extra (paid for a parcel that is unknown, not delivered, not COD, in
-- another currency, paid already, or paid more than collected).
-- counted says whether the amount counts toward the parcel's cash (a
-- payment for something else does not); expected_minor is what the
-- parcel's cash still lacked before the row.
CREATE TABLE cod_remittance_lines (
    remittance_id   TEXT NOT NULL REFERENCES cod_remittances (id),
    row_no          BIGINT NOT NULL,
    tracking_number TEXT NOT NULL,
    parcel_id       TEXT REFERENCES parcels (id),
    amount_minor    BIGINT NOT NULL CHECK (amount_minor >= 0),
    currency        TEXT NOT NULL,
    expected_minor  BIGINT,
    outcome         TEXT NOT NULL CHECK (outcome IN ('matched', 'short', 'extra')),
    reason          TEXT NOT NULL DEFAULT '',
    counted         BOOLEAN NOT NULL,
    PRIMARY KEY (remittance_id, row_no)
);
CREATE INDEX cod_remittance_lines_parcel ON cod_remittance_lines (parcel_id) WHERE parcel_id IS NOT NULL;

-- A parcel returned to the sender whose units were booked back into stock:
-- one row per parcel, so a repeated return event books nothing twice.
CREATE TABLE parcel_returns (
    parcel_id    TEXT PRIMARY KEY REFERENCES parcels (id),
    warehouse_id TEXT NOT NULL REFERENCES warehouses (id),
    bin_id       TEXT NOT NULL REFERENCES bins (id),
    movement_id  TEXT NOT NULL,
    received_at  TIMESTAMPTZ NOT NULL
);

-- +goose Down
DROP TABLE parcel_returns;
DROP TABLE cod_remittance_lines;
DROP TABLE cod_remittances;
