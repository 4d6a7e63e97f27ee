-- +goose Up
-- A carrier event is known by its parcel and the carrier's id for it, not
-- by the carrier and its id alone: some carriers number events per
-- shipment (1, 2, 3 ...), and keyed by carrier two parcels' first events
-- were one event, the second dropped as a repeat. One index, by parcel,
-- also replaces the two the table had: a parcel's history and its known
-- events are one range.
ALTER TABLE tracking_events DROP CONSTRAINT tracking_events_pkey;
DROP INDEX tracking_events_parcel;
ALTER TABLE tracking_events ADD PRIMARY KEY (parcel_id, event_id);

-- +goose Down
ALTER TABLE tracking_events DROP CONSTRAINT tracking_events_pkey;
DELETE FROM tracking_events a USING tracking_events b
    WHERE a.carrier = b.carrier AND a.event_id = b.event_id AND (a.received_at, a.parcel_id) > (b.received_at, b.parcel_id);
ALTER TABLE tracking_events ADD PRIMARY KEY (carrier, event_id);
CREATE INDEX tracking_events_parcel ON tracking_events (parcel_id, occurred_at);
