package pick

import (
	"context"
	"database/sql"
	"errors"

	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/pick/route"
	"github.com/waybill/waybill/internal/warehouse"
)

// floorPlan is a warehouse as a wave sees it: its layout in the router's
// terms, where each bin is, and its zones.
type floorPlan struct {
	id, code string
	routed   bool // the layout converted; otherwise walks are by bin code
	layout   route.Layout
	at       map[string]route.Location // bin code -> location
	place    map[string]warehouse.Placement
}

// loadFloor reads the warehouse named by code and its layout.
func loadFloor(ctx context.Context, tx *db.Tx, code string) (floorPlan, error) {
	fl := floorPlan{code: code}
	var active bool
	err := tx.QueryRowContext(ctx, `SELECT id, active FROM warehouses WHERE code = $1`, code).Scan(&fl.id, &active)
	if errors.Is(err, sql.ErrNoRows) {
		return fl, errs.Field("warehouse", errs.CodeUnknown, "there is no warehouse %s", errs.Clip(code))
	}
	if err != nil {
		return fl, err
	}
	if !active {
		return fl, errs.E(errs.Conflict, "warehouse %s is inactive", code)
	}
	l, err := warehouse.FloorLayout(ctx, tx, fl.id)
	if err != nil && !errs.Is(err, errs.Conflict) { // no bins: nothing to route, and nothing will be allocated
		return fl, err
	}
	fl.place = map[string]warehouse.Placement{}
	for _, p := range l.Bins {
		fl.place[p.Bin] = p
	}
	if rl, at, err := RouteLayout(l); err == nil {
		fl.routed, fl.layout, fl.at = true, rl, at
	}
	return fl, nil
}

// fromDepot is how far a bin is from the depot; unplaced bins are far.
func (fl floorPlan) fromDepot(bin string) float64 {
	if loc, ok := fl.at[bin]; ok && fl.routed {
		return fl.layout.FromDepot(loc)
	}
	return 1e9
}
