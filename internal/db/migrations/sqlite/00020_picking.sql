-- +goose NO TRANSACTION
-- +goose Up
-- Warehouse execution (stage 3). The ledger learns two more balances:
-- units of a bin promised to pick lines (bin_stock.allocated, never above
-- on_hand) and units picked into totes but not yet shipped
-- (stock_balances.picked); a pick moves a unit from a bin's on_hand and the
-- warehouse's reserved into picked. Fulfilments gain the states of the
-- floor (and admit the later stages'). Both tables' CHECKs change, which
-- SQLite does by rebuilding them; foreign keys are off while it does, on
-- this one connection, and checked before the commit.
PRAGMA foreign_keys = OFF;
BEGIN IMMEDIATE;

CREATE TABLE fulfilments_new (
    id           TEXT PRIMARY KEY,
    order_id     TEXT NOT NULL REFERENCES orders (id),
    warehouse_id TEXT NOT NULL REFERENCES warehouses (id),
    status       TEXT NOT NULL CHECK (status IN ('ready_to_pick', 'picking', 'picked', 'packed', 'shipped', 'delivered', 'cancelled')),
    ships_on     TEXT NOT NULL,
    created_at   TIMESTAMP NOT NULL,
    updated_at   TIMESTAMP NOT NULL,
    gift_wrap    BOOLEAN NOT NULL DEFAULT FALSE,
    gift_message TEXT NOT NULL DEFAULT '',
    wave_id      TEXT
);
INSERT INTO fulfilments_new (id, order_id, warehouse_id, status, ships_on, created_at, updated_at, gift_wrap, gift_message)
    SELECT id, order_id, warehouse_id, status, ships_on, created_at, updated_at, gift_wrap, gift_message FROM fulfilments;
DROP TABLE fulfilments;
ALTER TABLE fulfilments_new RENAME TO fulfilments;
CREATE INDEX fulfilments_order ON fulfilments (order_id);
CREATE INDEX fulfilments_queue ON fulfilments (warehouse_id, status, ships_on, id);

CREATE TABLE stock_entries_new (
    id              TEXT PRIMARY KEY,
    movement_id     TEXT NOT NULL,
    at              TIMESTAMP NOT NULL,
    kind            TEXT NOT NULL CHECK (kind IN ('receive', 'adjust', 'move', 'transfer', 'reserve', 'release', 'pick', 'ship',
                        'return', 'allocate', 'deallocate', 'putaway', 'count')),
    warehouse_id    TEXT NOT NULL REFERENCES warehouses (id),
    product_id      TEXT NOT NULL REFERENCES products (id),
    bin_id          TEXT,
    on_hand_delta   INTEGER NOT NULL,
    reserved_delta  INTEGER NOT NULL,
    reason          TEXT NOT NULL DEFAULT '' CHECK (length(reason) <= 32),
    reference       TEXT NOT NULL DEFAULT '' CHECK (length(reference) <= 100),
    note            TEXT NOT NULL DEFAULT '' CHECK (length(note) <= 500),
    actor           TEXT NOT NULL,
    allocated_delta INTEGER NOT NULL DEFAULT 0,
    picked_delta    INTEGER NOT NULL DEFAULT 0,
    CHECK (on_hand_delta <> 0 OR reserved_delta <> 0 OR allocated_delta <> 0 OR picked_delta <> 0),
    CHECK ((on_hand_delta = 0 AND allocated_delta = 0) OR bin_id IS NOT NULL),
    FOREIGN KEY (bin_id, warehouse_id) REFERENCES bins (id, warehouse_id)
);
INSERT INTO stock_entries_new (id, movement_id, at, kind, warehouse_id, product_id, bin_id, on_hand_delta, reserved_delta,
        reason, reference, note, actor)
    SELECT id, movement_id, at, kind, warehouse_id, product_id, bin_id, on_hand_delta, reserved_delta, reason, reference, note, actor
    FROM stock_entries;
DROP TABLE stock_entries;
ALTER TABLE stock_entries_new RENAME TO stock_entries;
CREATE INDEX stock_entries_product ON stock_entries (product_id, warehouse_id, id);
CREATE INDEX stock_entries_warehouse ON stock_entries (warehouse_id, id);
CREATE INDEX stock_entries_movement ON stock_entries (movement_id);

ALTER TABLE stock_balances ADD COLUMN picked INTEGER NOT NULL DEFAULT 0 CHECK (picked >= 0);
ALTER TABLE bin_stock ADD COLUMN allocated INTEGER NOT NULL DEFAULT 0 CHECK (allocated >= 0 AND allocated <= on_hand);
-- When the bin's stock last went from none to some: first in, first out
-- across bins picks the oldest first.
ALTER TABLE bin_stock ADD COLUMN since TIMESTAMP;
UPDATE bin_stock SET since = updated_at;
-- Units of an allocation already picked: a cancel releases only the rest.
ALTER TABLE order_allocations ADD COLUMN picked INTEGER NOT NULL DEFAULT 0 CHECK (picked >= 0 AND picked <= quantity);

-- A wave: ready fulfilments of one warehouse released to the floor
-- together, with the rules that chose them and the strategy that cut
-- them into walks.
CREATE TABLE pick_waves (
    id           TEXT PRIMARY KEY,
    warehouse_id TEXT NOT NULL REFERENCES warehouses (id),
    strategy     TEXT NOT NULL CHECK (strategy IN ('order', 'cluster', 'putwall')),
    ships_by     TEXT NOT NULL,
    zone         TEXT NOT NULL DEFAULT '',
    max_orders   INTEGER NOT NULL CHECK (max_orders BETWEEN 1 AND 10000),
    max_lines    INTEGER NOT NULL CHECK (max_lines BETWEEN 1 AND 100000),
    cart_totes   INTEGER NOT NULL CHECK (cart_totes BETWEEN 1 AND 100),
    status       TEXT NOT NULL CHECK (status IN ('released', 'done', 'cancelled')),
    detail       TEXT NOT NULL DEFAULT '{}',
    actor        TEXT NOT NULL,
    created_at   TIMESTAMP NOT NULL,
    updated_at   TIMESTAMP NOT NULL
);
CREATE INDEX pick_waves_warehouse ON pick_waves (warehouse_id, id);

-- A pick task: one walk with a cart. claimed_by is who walks it; a task
-- is claimed by one person at a time (the UPDATE that claims it checks).
CREATE TABLE pick_tasks (
    id             TEXT PRIMARY KEY,
    wave_id        TEXT NOT NULL REFERENCES pick_waves (id),
    warehouse_id   TEXT NOT NULL REFERENCES warehouses (id),
    strategy       TEXT NOT NULL CHECK (strategy IN ('order', 'cluster', 'putwall')),
    zone           TEXT NOT NULL DEFAULT '',
    seq            INTEGER NOT NULL,
    status         TEXT NOT NULL CHECK (status IN ('open', 'claimed', 'done', 'cancelled')),
    claimed_by     TEXT,
    claimed_at     TIMESTAMP,
    distance       REAL NOT NULL DEFAULT 0,
    distance_alone REAL NOT NULL DEFAULT 0,
    route_method   TEXT NOT NULL DEFAULT '',
    created_at     TIMESTAMP NOT NULL,
    updated_at     TIMESTAMP NOT NULL,
    CHECK (status <> 'claimed' OR claimed_by IS NOT NULL),
    CHECK (status <> 'open' OR claimed_by IS NULL)
);
CREATE INDEX pick_tasks_queue ON pick_tasks (warehouse_id, status, seq);
CREATE INDEX pick_tasks_wave ON pick_tasks (wave_id);

-- A tote on a task's cart: the fulfilment whose units it carries. A tote
-- code carries one fulfilment's picks at a time in a warehouse until
-- packing empties it.
CREATE TABLE pick_totes (
    task_id       TEXT NOT NULL REFERENCES pick_tasks (id),
    fulfilment_id TEXT NOT NULL REFERENCES fulfilments (id),
    warehouse_id  TEXT NOT NULL,
    position      INTEGER NOT NULL,
    tote          TEXT,
    PRIMARY KEY (task_id, fulfilment_id)
);
CREATE UNIQUE INDEX pick_totes_code ON pick_totes (warehouse_id, tote) WHERE tote IS NOT NULL;
CREATE INDEX pick_totes_fulfilment ON pick_totes (fulfilment_id);

-- A pick line: units of one fulfilment line to take from one bin, in the
-- task's route order. picked + short never passes quantity.
CREATE TABLE pick_lines (
    id            TEXT PRIMARY KEY,
    task_id       TEXT NOT NULL REFERENCES pick_tasks (id),
    seq           INTEGER NOT NULL,
    fulfilment_id TEXT NOT NULL REFERENCES fulfilments (id),
    order_id      TEXT NOT NULL,
    line_no       INTEGER NOT NULL,
    warehouse_id  TEXT NOT NULL,
    bin_id        TEXT NOT NULL,
    product_id    TEXT NOT NULL REFERENCES products (id),
    quantity      INTEGER NOT NULL CHECK (quantity > 0),
    picked        INTEGER NOT NULL DEFAULT 0 CHECK (picked >= 0),
    short         INTEGER NOT NULL DEFAULT 0 CHECK (short >= 0),
    cancelled     INTEGER NOT NULL DEFAULT 0 CHECK (cancelled >= 0),
    verified_by   TEXT,
    CHECK (picked + short + cancelled <= quantity),
    FOREIGN KEY (bin_id, warehouse_id) REFERENCES bins (id, warehouse_id)
);
CREATE INDEX pick_lines_task ON pick_lines (task_id, seq);
CREATE INDEX pick_lines_fulfilment ON pick_lines (fulfilment_id);

-- Every accepted scan: who, where, when, what. scan_id is the device's
-- key for one confirmation, so a repeated post books nothing twice.
CREATE TABLE pick_scans (
    id           TEXT PRIMARY KEY,
    task_id      TEXT NOT NULL REFERENCES pick_tasks (id),
    line_id      TEXT,
    scan_id      TEXT NOT NULL CHECK (length(scan_id) BETWEEN 1 AND 64),
    kind         TEXT NOT NULL,
    at           TIMESTAMP NOT NULL,
    actor        TEXT NOT NULL,
    bin          TEXT NOT NULL DEFAULT '',
    item         TEXT NOT NULL DEFAULT '',
    tote         TEXT NOT NULL DEFAULT '',
    quantity     INTEGER NOT NULL DEFAULT 0,
    detail       TEXT NOT NULL DEFAULT '{}',
    UNIQUE (task_id, scan_id)
);

-- A difference found on the floor (a short pick, a count) and the count
-- task it opens for its bin.
CREATE TABLE stock_discrepancies (
    id           TEXT PRIMARY KEY,
    warehouse_id TEXT NOT NULL REFERENCES warehouses (id),
    bin_id       TEXT NOT NULL,
    product_id   TEXT NOT NULL REFERENCES products (id),
    source       TEXT NOT NULL CHECK (source IN ('short_pick', 'count')),
    expected     INTEGER NOT NULL,
    found        INTEGER NOT NULL,
    reference    TEXT NOT NULL DEFAULT '',
    actor        TEXT NOT NULL,
    at           TIMESTAMP NOT NULL,
    FOREIGN KEY (bin_id, warehouse_id) REFERENCES bins (id, warehouse_id)
);
CREATE INDEX stock_discrepancies_bin ON stock_discrepancies (bin_id, id);

CREATE TABLE count_tasks (
    id           TEXT PRIMARY KEY,
    warehouse_id TEXT NOT NULL REFERENCES warehouses (id),
    bin_id       TEXT NOT NULL,
    reason       TEXT NOT NULL CHECK (reason IN ('discrepancy', 'schedule', 'recount', 'manual')),
    status       TEXT NOT NULL CHECK (status IN ('open', 'claimed', 'counted', 'approved', 'cancelled')),
    claimed_by   TEXT,
    started_at   TIMESTAMP,
    expected     TEXT NOT NULL DEFAULT '{}',
    counted      TEXT NOT NULL DEFAULT '{}',
    recount_of   TEXT,
    actor        TEXT NOT NULL,
    created_at   TIMESTAMP NOT NULL,
    updated_at   TIMESTAMP NOT NULL,
    FOREIGN KEY (bin_id, warehouse_id) REFERENCES bins (id, warehouse_id)
);
CREATE UNIQUE INDEX count_tasks_open ON count_tasks (bin_id) WHERE status IN ('open', 'claimed');
CREATE INDEX count_tasks_queue ON count_tasks (warehouse_id, status, id);

-- Picked units with nowhere to go (their order was cancelled): put back
-- into a bin, then the ledger's picked becomes on_hand again.
CREATE TABLE putaway_tasks (
    id            TEXT PRIMARY KEY,
    warehouse_id  TEXT NOT NULL REFERENCES warehouses (id),
    fulfilment_id TEXT NOT NULL REFERENCES fulfilments (id),
    product_id    TEXT NOT NULL REFERENCES products (id),
    tote          TEXT NOT NULL DEFAULT '',
    bin_id        TEXT NOT NULL,
    quantity      INTEGER NOT NULL CHECK (quantity > 0),
    status        TEXT NOT NULL CHECK (status IN ('open', 'done')),
    to_bin_id     TEXT,
    actor         TEXT NOT NULL,
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL
);
CREATE INDEX putaway_tasks_queue ON putaway_tasks (warehouse_id, status, id);

PRAGMA foreign_key_check;
COMMIT;
PRAGMA foreign_keys = ON;

-- +goose Down
PRAGMA foreign_keys = OFF;
BEGIN IMMEDIATE;
DROP TABLE putaway_tasks;
DROP TABLE count_tasks;
DROP TABLE stock_discrepancies;
DROP TABLE pick_scans;
DROP TABLE pick_lines;
DROP TABLE pick_totes;
DROP TABLE pick_tasks;
DROP TABLE pick_waves;
ALTER TABLE order_allocations DROP COLUMN picked;
ALTER TABLE bin_stock DROP COLUMN since;
ALTER TABLE bin_stock DROP COLUMN allocated;
ALTER TABLE stock_balances DROP COLUMN picked;
COMMIT;
PRAGMA foreign_keys = ON;
