package pick

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/id"
	"github.com/waybill/waybill/internal/inventory"
	"github.com/waybill/waybill/internal/warehouse"
)

// Why a replenish task was opened: a pick left a face's free units below
// its minimum, or a wave promised units from reserve (or drew a face below
// its minimum) while the face had limits.
const (
	ReasonBelowMin = "below_min"
	ReasonWave     = "wave"
)

// faceLimit is a face's limits for a product with what the face holds now.
type faceLimit struct {
	binID, productID            string
	min, max, onHand, allocated int64
}

func (l faceLimit) free() int64 { return l.onHand - l.allocated }

// replenish opens, in the caller's transaction, the replenish tasks that
// units just taken (picked, or promised by a wave) call for: for each face
// with limits for one of their products whose free units (on hand less
// promised) fell below its minimum, or (reason wave) for each such face of
// a product the wave promised from a reserve bin. A task carries from the
// reserve bin with the oldest stock enough to fill the face to its maximum,
// bounded by what that bin has free; a face has at most one unfinished task
// per product, so a run of picks opens one. Nothing to fill, or no reserve
// to fill it from, opens nothing: this never refuses the pick or the wave.
func replenish(ctx context.Context, tx *db.Tx, warehouseID, reason string, taken ...inventory.BinUnits) error {
	var products []string
	for _, u := range taken {
		if !slices.Contains(products, u.ProductID) {
			products = append(products, u.ProductID)
		}
	}
	limits, err := limitsOf(ctx, tx, warehouseID, products)
	if err != nil || len(limits) == 0 {
		return err
	}
	kinds, err := binKinds(ctx, tx, warehouseID)
	if err != nil {
		return err
	}
	fromReserve := map[string]bool{}
	for _, u := range taken {
		if k, ok := kinds[u.BinID]; ok && !k.face && reason == ReasonWave {
			fromReserve[u.ProductID] = true
		}
	}
	for _, l := range limits {
		if l.free() >= l.min && !fromReserve[l.productID] {
			continue
		}
		if err := openTask(ctx, tx, warehouseID, reason, l, kinds); err != nil {
			return err
		}
	}
	return nil
}

// openTask opens a task filling face l from the oldest reserve, unless the
// face is full, has an unfinished task, or no reserve bin has the product.
func openTask(ctx context.Context, tx *db.Tx, warehouseID, reason string, l faceLimit, kinds map[string]binKind) error {
	want := l.max - l.onHand
	if want <= 0 {
		return nil
	}
	var busy int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM replenish_tasks WHERE to_bin_id = $1 AND product_id = $2
		AND status IN ('open', 'claimed')`, l.binID, l.productID).Scan(&busy); err != nil || busy > 0 {
		return err
	}
	src, free, err := oldestReserve(ctx, tx, warehouseID, l.productID, kinds)
	if err != nil || src == "" {
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO replenish_tasks (id, warehouse_id, product_id, from_bin_id, to_bin_id, quantity, reason,
		status, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, 'open', $8, $8)
		ON CONFLICT (to_bin_id, product_id) WHERE status IN ('open', 'claimed') DO NOTHING`,
		id.New("rpl", tx.Now), warehouseID, l.productID, src, l.binID, min(want, free), reason, tx.Now)
	if err != nil {
		return fmt.Errorf("open a replenish task: %w", err)
	}
	return nil
}

// oldestReserve is the active reserve bin holding the oldest free units of
// a product (less what unfinished tasks will take from it), not being
// counted, and those units; "" when there is none.
func oldestReserve(ctx context.Context, tx *db.Tx, warehouseID, productID string, kinds map[string]binKind) (string, int64, error) {
	rows, err := tx.QueryContext(ctx, `SELECT s.bin_id, s.on_hand - s.allocated - coalesce((SELECT sum(r.quantity - r.moved)
		FROM replenish_tasks r WHERE r.from_bin_id = s.bin_id AND r.product_id = s.product_id AND r.status IN ('open', 'claimed')), 0)
		FROM bin_stock s JOIN bins b ON b.id = s.bin_id
		WHERE s.warehouse_id = $1 AND s.product_id = $2 AND b.active AND s.on_hand > s.allocated
		AND NOT EXISTS (SELECT 1 FROM count_tasks c WHERE c.bin_id = s.bin_id AND c.status IN ('open', 'claimed'))
		ORDER BY coalesce(s.since, s.updated_at), b.code`, warehouseID, productID)
	if err != nil {
		return "", 0, fmt.Errorf("read reserve stock: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var bin string
		var free int64
		if err := rows.Scan(&bin, &free); err != nil {
			return "", 0, err
		}
		if k, ok := kinds[bin]; ok && !k.face && free > 0 {
			return bin, free, nil
		}
	}
	return "", 0, rows.Err()
}

// limitsOf reads the limits of the warehouse's faces for the products,
// with what each face holds now.
func limitsOf(ctx context.Context, tx *db.Tx, warehouseID string, products []string) ([]faceLimit, error) {
	if len(products) == 0 {
		return nil, nil
	}
	args := []any{warehouseID}
	for _, p := range products {
		args = append(args, p)
	}
	rows, err := tx.QueryContext(ctx, `SELECT l.bin_id, l.product_id, l.min_units, l.max_units, coalesce(s.on_hand, 0), coalesce(s.allocated, 0)
		FROM pick_face_limits l LEFT JOIN bin_stock s ON s.bin_id = l.bin_id AND s.product_id = l.product_id
		WHERE l.warehouse_id = $1 AND l.product_id IN (`+db.Placeholders(2, len(products))+`) ORDER BY l.bin_id, l.product_id`, args...)
	if err != nil {
		return nil, fmt.Errorf("read pick face limits: %w", err)
	}
	defer rows.Close()
	var out []faceLimit
	for rows.Next() {
		var l faceLimit
		if err := rows.Scan(&l.binID, &l.productID, &l.min, &l.max, &l.onHand, &l.allocated); err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	return out, rows.Err()
}

// binKind is a bin of a warehouse and whether pickers pick from it.
type binKind struct {
	id, code     string
	face, active bool
}

// binKinds reads a warehouse's bins by id, each a pick face or reserve as
// its layout says (the stored one, else the one derived from bin codes:
// levels 1 and 2 are faces); a bin the layout does not place is a face, as
// a wave treats it.
func binKinds(ctx context.Context, tx *db.Tx, warehouseID string) (map[string]binKind, error) {
	l, err := warehouse.FloorLayout(ctx, tx, warehouseID)
	if err != nil && !errs.Is(err, errs.Conflict) { // no bins: nothing is a face
		return nil, err
	}
	face := map[string]bool{}
	for _, p := range l.Bins {
		face[p.Bin] = p.PickFace
	}
	rows, err := tx.QueryContext(ctx, `SELECT id, code, active FROM bins WHERE warehouse_id = $1`, warehouseID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]binKind{}
	for rows.Next() {
		var k binKind
		if err := rows.Scan(&k.id, &k.code, &k.active); err != nil {
			return nil, err
		}
		f, placed := face[k.code]
		k.face = !placed || f
		out[k.id] = k
	}
	return out, rows.Err()
}

// ReplenishTask is units to carry from a reserve bin to a pick face.
type ReplenishTask struct {
	ID        string     `json:"id" doc:"rpl_…"`
	Warehouse string     `json:"warehouse"`
	SKU       string     `json:"sku"`
	Name      string     `json:"name"`
	FromBin   string     `json:"from_bin" doc:"The reserve bin to take the units from"`
	ToBin     string     `json:"to_bin" doc:"The pick face to fill"`
	Quantity  int64      `json:"quantity" doc:"Units to carry: up to the face's maximum, at most what the reserve bin had free"`
	Moved     int64      `json:"moved" doc:"Units the completing scan carried"`
	Reason    string     `json:"reason" enum:"below_min,wave"`
	Status    string     `json:"status" enum:"open,claimed,done,cancelled"`
	ClaimedBy string     `json:"claimed_by,omitempty"`
	ClaimedAt *time.Time `json:"claimed_at,omitempty"`
	Movement  string     `json:"movement,omitempty" doc:"The stock movement the completion booked"`
	CreatedAt time.Time  `json:"created_at"`
	UpdatedAt time.Time  `json:"updated_at"`
}
