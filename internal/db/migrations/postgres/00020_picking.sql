-- +goose Up
-- Warehouse execution (stage 3). The ledger learns two more balances:
-- units of a bin promised to pick lines (bin_stock.allocated, never above
-- on_hand) and units picked into totes but not yet shipped
-- (stock_balances.picked); a pick moves a unit from a bin's on_hand and the
-- warehouse's reserved into picked. Fulfilments gain the states of the
-- floor (and admit the later stages').
ALTER TABLE fulfilments DROP CONSTRAINT fulfilments_status_check;
ALTER TABLE fulfilments ADD CONSTRAINT fulfilments_status_check
    CHECK (status IN ('ready_to_pick', 'picking', 'picked', 'packed', 'shipped', 'delivered', 'cancelled'));
ALTER TABLE fulfilments ADD COLUMN wave_id TEXT;

ALTER TABLE stock_entries DROP CONSTRAINT stock_entries_kind_check;
ALTER TABLE stock_entries ADD CONSTRAINT stock_entries_kind_check CHECK (kind IN ('receive', 'adjust', 'move', 'transfer',
    'reserve', 'release', 'pick', 'ship', 'return', 'allocate', 'deallocate', 'putaway', 'count'));
ALTER TABLE stock_entries ADD COLUMN allocated_delta BIGINT NOT NULL DEFAULT 0;
ALTER TABLE stock_entries ADD COLUMN picked_delta BIGINT NOT NULL DEFAULT 0;
ALTER TABLE stock_entries DROP CONSTRAINT stock_entries_check;
ALTER TABLE stock_entries DROP CONSTRAINT stock_entries_check1;
ALTER TABLE stock_entries ADD CONSTRAINT stock_entries_moves CHECK
    (on_hand_delta <> 0 OR reserved_delta <> 0 OR allocated_delta <> 0 OR picked_delta <> 0);
ALTER TABLE stock_entries ADD CONSTRAINT stock_entries_bin CHECK ((on_hand_delta = 0 AND allocated_delta = 0) OR bin_id IS NOT NULL);

ALTER TABLE stock_balances ADD COLUMN picked BIGINT NOT NULL DEFAULT 0 CHECK (picked >= 0);
ALTER TABLE bin_stock ADD COLUMN allocated BIGINT NOT NULL DEFAULT 0;
ALTER TABLE bin_stock ADD CONSTRAINT bin_stock_allocated CHECK (allocated >= 0 AND allocated <= on_hand);
-- When the bin's stock last went from none to some: first in, first out
-- across bins picks the oldest first.
ALTER TABLE bin_stock ADD COLUMN since TIMESTAMPTZ;
UPDATE bin_stock SET since = updated_at;
-- Units of an allocation already picked: a cancel releases only the rest.
ALTER TABLE order_allocations ADD COLUMN picked BIGINT NOT NULL DEFAULT 0;
ALTER TABLE order_allocations ADD CONSTRAINT order_allocations_picked CHECK (picked >= 0 AND picked <= quantity);

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
    created_at   TIMESTAMPTZ NOT NULL,
    updated_at   TIMESTAMPTZ NOT NULL
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
    claimed_at     TIMESTAMPTZ,
    distance       DOUBLE PRECISION NOT NULL DEFAULT 0,
    distance_alone DOUBLE PRECISION NOT NULL DEFAULT 0,
    route_method   TEXT NOT NULL DEFAULT '',
    created_at     TIMESTAMPTZ NOT NULL,
    updated_at     TIMESTAMPTZ NOT NULL,
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
    quantity      BIGINT NOT NULL CHECK (quantity > 0),
    picked        BIGINT NOT NULL DEFAULT 0 CHECK (picked >= 0),
    short         BIGINT NOT NULL DEFAULT 0 CHECK (short >= 0),
    cancelled     BIGINT NOT NULL DEFAULT 0 CHECK (cancelled >= 0),
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
    at           TIMESTAMPTZ NOT NULL,
    actor        TEXT NOT NULL,
    bin          TEXT NOT NULL DEFAULT '',
    item         TEXT NOT NULL DEFAULT '',
    tote         TEXT NOT NULL DEFAULT '',
    quantity     BIGINT NOT NULL DEFAULT 0,
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
    expected     BIGINT NOT NULL,
    found        BIGINT NOT NULL,
    reference    TEXT NOT NULL DEFAULT '',
    actor        TEXT NOT NULL,
    at           TIMESTAMPTZ NOT NULL,
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
    started_at   TIMESTAMPTZ,
    expected     TEXT NOT NULL DEFAULT '{}',
    counted      TEXT NOT NULL DEFAULT '{}',
    recount_of   TEXT,
    actor        TEXT NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    updated_at   TIMESTAMPTZ NOT NULL,
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
    quantity      BIGINT NOT NULL CHECK (quantity > 0),
    status        TEXT NOT NULL CHECK (status IN ('open', 'done')),
    to_bin_id     TEXT,
    actor         TEXT NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL,
    updated_at    TIMESTAMPTZ NOT NULL
);
CREATE INDEX putaway_tasks_queue ON putaway_tasks (warehouse_id, status, id);


-- +goose Down
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
ALTER TABLE stock_entries DROP CONSTRAINT stock_entries_bin;
ALTER TABLE stock_entries DROP CONSTRAINT stock_entries_moves;
ALTER TABLE stock_entries DROP COLUMN picked_delta;
ALTER TABLE stock_entries DROP COLUMN allocated_delta;
ALTER TABLE fulfilments DROP COLUMN wave_id;
