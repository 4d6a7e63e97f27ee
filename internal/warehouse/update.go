package warehouse

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/waybill/waybill/internal/audit"
	"github.com/waybill/waybill/internal/db"
)

// Update applies p to the warehouse named by ref (id or code) and returns the
// result. The merged warehouse is validated as a whole, so a patch cannot
// leave it in a state Create would refuse. An empty patch changes nothing.
func (s *Store) Update(ctx context.Context, ref string, p Patch) (Warehouse, error) {
	var w Warehouse
	err := s.db.Write(ctx, func(tx *db.Tx) error {
		cur, err := getTx(ctx, tx, ref)
		if err != nil {
			return err
		}
		if p == (Patch{}) {
			w = cur
			return nil
		}
		in, f := p.apply(cur).check()
		if err := f.Err(); err != nil {
			return err
		}
		cats, err := json.Marshal(in.Categories)
		if err != nil {
			return fmt.Errorf("encode categories: %w", err)
		}
		a := in.Address
		_, err = tx.ExecContext(ctx, `UPDATE warehouses SET name = $2, address_line1 = $3, address_line2 = $4,
			city = $5, region = $6, postal_code = $7, country = $8, latitude = $9, longitude = $10,
			categories = $11, cutoff_time = $12, timezone = $13, active = $14, updated_at = $15 WHERE id = $1`,
			cur.ID, in.Name, a.Line1, a.Line2, a.City, a.Region, a.PostalCode, a.Country, in.Latitude, in.Longitude,
			string(cats), in.CutoffTime, in.Timezone, *in.Active, tx.Now)
		if err != nil {
			return fmt.Errorf("update warehouse: %w", err)
		}
		if p.RegionsServed != nil {
			if err := writeRegions(ctx, tx, cur.ID, in.RegionsServed); err != nil {
				return err
			}
		}
		if w, err = getTx(ctx, tx, cur.ID); err != nil {
			return err
		}
		return audit.Record(ctx, tx, "warehouse.update", "warehouse", cur.ID, p)
	})
	return w, err
}
