-- +goose Up
-- The carrier's latest expected delivery date for a parcel (a delay, a
-- missed sort), from the newest event that gave one (estimate_at): the
-- delayed notice and the public page show it beside the promised date.
ALTER TABLE parcel_tracking ADD COLUMN estimated_date TEXT NOT NULL DEFAULT '';
ALTER TABLE parcel_tracking ADD COLUMN estimate_at TIMESTAMP;

-- +goose Down
ALTER TABLE parcel_tracking DROP COLUMN estimate_at;
ALTER TABLE parcel_tracking DROP COLUMN estimated_date;
