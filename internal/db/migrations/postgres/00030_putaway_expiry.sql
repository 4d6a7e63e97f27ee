-- +goose Up
-- The expiry date picked units carry back to a bin when their order is
-- cancelled: their source bin's when the put-away was made, so goods put
-- back into an empty bin keep their date (first expired, first out).
ALTER TABLE putaway_tasks ADD COLUMN expires_on TEXT;

-- +goose Down
ALTER TABLE putaway_tasks DROP COLUMN expires_on;
