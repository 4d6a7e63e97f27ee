-- +goose Up
-- The earliest expiry date of what a bin holds of a product, a local date
-- 'YYYY-MM-DD' like fulfilments.ships_on; NULL when none is known. Waves
-- pick the earliest expiry first (first expired, first out).
ALTER TABLE bin_stock ADD COLUMN expires_on TEXT;

-- +goose Down
ALTER TABLE bin_stock DROP COLUMN expires_on;
