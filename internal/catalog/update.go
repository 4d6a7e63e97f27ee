package catalog

import (
	"context"
	"fmt"

	"github.com/waybill/waybill/internal/audit"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/errs"
)

// Update applies a partial change to a product and validates the result as a
// whole, so a patch cannot leave a product that Create would refuse.
func (s *Store) Update(ctx context.Context, productID string, patch ProductPatch) (Product, error) {
	if !isText(productID) {
		return Product{}, errs.E(errs.NotFound, "no product with id %q", errs.Clip(productID))
	}
	var p Product
	err := s.db.Write(ctx, func(tx *db.Tx) error {
		cur, err := getTx(ctx, tx, byRef, productID, true)
		if err != nil {
			return err
		}
		in := patch.apply(cur.input())
		if err := in.Validate(); err != nil {
			return err
		}
		if err := checkUnique(ctx, tx, cur.ID, in); err != nil {
			return err
		}
		p = cur
		p.fill(in)
		p.UpdatedAt = tx.Now
		if err := updateProduct(ctx, tx, p); err != nil {
			return err
		}
		return audit.Record(ctx, tx, "product.update", "product", p.ID, patch)
	})
	if err != nil {
		return Product{}, err
	}
	return p, nil
}

// Deactivate stops a product from being ordered while keeping it for the
// orders, stock and history that name it. Deactivating an inactive product
// changes nothing and records nothing.
func (s *Store) Deactivate(ctx context.Context, productID string) (Product, error) {
	return s.setActive(ctx, productID, false)
}

// Activate makes a deactivated product orderable again.
func (s *Store) Activate(ctx context.Context, productID string) (Product, error) {
	return s.setActive(ctx, productID, true)
}

func (s *Store) setActive(ctx context.Context, productID string, active bool) (Product, error) {
	if !isText(productID) {
		return Product{}, errs.E(errs.NotFound, "no product with id %q", errs.Clip(productID))
	}
	var p Product
	err := s.db.Write(ctx, func(tx *db.Tx) error {
		var err error
		if p, err = getTx(ctx, tx, byRef, productID, true); err != nil || p.Active == active {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE products SET active = $1, updated_at = $2 WHERE id = $3`,
			active, tx.Now, p.ID); err != nil {
			return fmt.Errorf("set active: %w", err)
		}
		p.Active, p.UpdatedAt = active, tx.Now
		action := "product.deactivate"
		if active {
			action = "product.activate"
		}
		return audit.Record(ctx, tx, action, "product", p.ID, nil)
	})
	if err != nil {
		return Product{}, err
	}
	return p, nil
}
