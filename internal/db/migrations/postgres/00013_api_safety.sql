-- +goose Up
-- Two skus that differ only in case (WB-APP-0001, wb-app-0001) would be one
-- product to every person and scanner: the catalogue refuses the second.
CREATE UNIQUE INDEX products_sku_folded ON products (lower(sku));

-- The e-mail filter matches an address whatever its case (intake keeps the
-- local part as written and lower-cases the domain).
DROP INDEX orders_email;
CREATE INDEX orders_email ON orders (lower(customer_email), id);

-- A key may be confined to some sales channels (an integration key: one
-- shop's storefront) or warehouses (a warehouse key: one site's devices):
-- JSON lists of channel names and warehouse codes; [] means all.
ALTER TABLE api_keys ADD COLUMN channels TEXT NOT NULL DEFAULT '[]';
ALTER TABLE api_keys ADD COLUMN warehouses TEXT NOT NULL DEFAULT '[]';

-- +goose Down
ALTER TABLE api_keys DROP COLUMN warehouses;
ALTER TABLE api_keys DROP COLUMN channels;
DROP INDEX orders_email;
CREATE INDEX orders_email ON orders (customer_email, id);
DROP INDEX products_sku_folded;
