-- +goose Up
-- Replenishment of pick faces. A pick face holding a product has a
-- minimum and a maximum (in units): when pickers take it below the
-- minimum, or a wave has to promise units from reserve while a face with
-- limits exists, a replenish task moves stock from the reserve bin with
-- the oldest stock up to the face's maximum.
CREATE TABLE pick_face_limits (
    warehouse_id TEXT NOT NULL REFERENCES warehouses (id),
    bin_id       TEXT NOT NULL,
    product_id   TEXT NOT NULL REFERENCES products (id),
    min_units    INTEGER NOT NULL,
    max_units    INTEGER NOT NULL,
    actor        TEXT NOT NULL,
    updated_at   TIMESTAMP NOT NULL,
    PRIMARY KEY (bin_id, product_id),
    CHECK (min_units >= 0 AND min_units < max_units),
    FOREIGN KEY (bin_id, warehouse_id) REFERENCES bins (id, warehouse_id)
);
CREATE INDEX pick_face_limits_product ON pick_face_limits (warehouse_id, product_id);

-- A replenish task: units to carry from a reserve bin to a pick face.
-- One person holds a claimed task; moved is what the completing scan
-- carried (at most quantity). A face has at most one unfinished task per
-- product (the partial unique index), so a run of picks opens one.
CREATE TABLE replenish_tasks (
    id           TEXT PRIMARY KEY,
    warehouse_id TEXT NOT NULL REFERENCES warehouses (id),
    product_id   TEXT NOT NULL REFERENCES products (id),
    from_bin_id  TEXT NOT NULL,
    to_bin_id    TEXT NOT NULL,
    quantity     INTEGER NOT NULL CHECK (quantity > 0),
    moved        INTEGER NOT NULL DEFAULT 0 CHECK (moved >= 0 AND moved <= quantity),
    reason       TEXT NOT NULL CHECK (reason IN ('below_min', 'wave')),
    status       TEXT NOT NULL CHECK (status IN ('open', 'claimed', 'done', 'cancelled')),
    claimed_by   TEXT,
    claimed_at   TIMESTAMP,
    movement_id  TEXT,
    created_at   TIMESTAMP NOT NULL,
    updated_at   TIMESTAMP NOT NULL,
    CHECK (status <> 'claimed' OR claimed_by IS NOT NULL),
    CHECK (status <> 'open' OR claimed_by IS NULL),
    CHECK (from_bin_id <> to_bin_id),
    FOREIGN KEY (from_bin_id, warehouse_id) REFERENCES bins (id, warehouse_id),
    FOREIGN KEY (to_bin_id, warehouse_id) REFERENCES bins (id, warehouse_id)
);
CREATE UNIQUE INDEX replenish_tasks_unfinished ON replenish_tasks (to_bin_id, product_id) WHERE status IN ('open', 'claimed');
CREATE INDEX replenish_tasks_queue ON replenish_tasks (warehouse_id, status, id);
CREATE INDEX replenish_tasks_source ON replenish_tasks (from_bin_id, product_id) WHERE status IN ('open', 'claimed');

-- +goose Down
DROP TABLE replenish_tasks;
DROP TABLE pick_face_limits;
