-- +goose Up
-- A parcel's cases, open or closed: which parcels a case reshipped (they
-- collect no cash on delivery, and their fulfilment no longer holds its
-- order back) is asked of every settlement with a COD order in it.
CREATE INDEX tracking_cases_parcel ON tracking_cases (parcel_id) WHERE parcel_id IS NOT NULL;

-- +goose Down
DROP INDEX tracking_cases_parcel;
