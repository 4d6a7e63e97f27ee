-- +goose Up
-- On SQLite the search follower's state lives in the search file
-- (internal/db/search.go), which the follower itself brings to the new
-- layout (internal/order/searchindex.go: searchStateColumns); this file
-- keeps the two dialects' versions in step.
SELECT 1;

-- +goose Down
SELECT 1;
