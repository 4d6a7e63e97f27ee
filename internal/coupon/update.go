package coupon

import (
	"context"
	"fmt"
	"slices"

	"github.com/waybill/waybill/internal/audit"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/order"
)

// Update applies an administrator's change (deactivate, move the
// window, change the limits) and validates the result as a whole, so a patch
// cannot leave a coupon that Create would refuse. Lowering max_uses
// below the uses already made is a Conflict: those orders stand.
func (s *Store) Update(ctx context.Context, code string, patch Patch) (Coupon, error) {
	code = normalizeCode(code)
	if !validCode(code) {
		return Coupon{}, errs.E(errs.NotFound, "no coupon %q", errs.Clip(code))
	}
	var c Coupon
	err := s.db.Write(ctx, func(tx *db.Tx) error {
		cur, err := couponTx(ctx, tx, code, true)
		if err != nil {
			return err
		}
		c = patch.apply(cur)
		if err := c.check().Err(); err != nil {
			return err
		}
		if c.MaxUses > 0 && c.MaxUses < c.Uses {
			var f errs.Fields
			f.Add("max_uses", errs.CodeOutOfRange, "coupon %s is already used by %d orders; max_uses must be 0 or at least that", c.Code, c.Uses)
			return &errs.Error{Kind: errs.Conflict, Message: "max_uses is below the uses already made", Fields: f}
		}
		c.UpdatedAt = tx.Now
		if _, err := tx.ExecContext(ctx, `UPDATE coupons SET active = $1, starts_at = $2, ends_at = $3,
			min_spend_minor = $4, max_uses = $5, max_uses_per_customer = $6, updated_at = $7 WHERE code = $8`,
			c.Active, c.StartsAt, c.EndsAt, c.MinSpendMinor, c.MaxUses, c.MaxUsesPerCustomer, c.UpdatedAt, c.Code); err != nil {
			return fmt.Errorf("update coupon: %w", err)
		}
		return audit.Record(ctx, tx, "coupon.update", "coupon", c.Code, patch)
	})
	if err != nil {
		return Coupon{}, err
	}
	return c, nil
}

// GiveBack is the order cancel hook that gives back the uses of a
// cancelled order, so that abandoned or refused orders do not burn a
// limited coupon: its redemptions are marked released (kept for history, no
// longer counted against the customer) and each coupon's uses drop by one.
// Giving an order back twice changes nothing.
func GiveBack(ctx context.Context, tx *db.Tx, c order.Cancellation) error {
	return giveBack(ctx, tx, c.Order.ID)
}

func giveBack(ctx context.Context, tx *db.Tx, orderID string) error {
	// Marking the redemptions first makes the give-back its own guard: of
	// two at once for one order, only one finds them unreleased.
	rows, err := tx.QueryContext(ctx, `UPDATE coupon_redemptions SET released_at = $1
		WHERE order_id = $2 AND released_at IS NULL RETURNING code`, tx.Now, orderID)
	if err != nil {
		return fmt.Errorf("release coupon redemptions: %w", err)
	}
	var codes []string
	for rows.Next() {
		var code string
		if err := rows.Scan(&code); err != nil {
			rows.Close()
			return err
		}
		codes = append(codes, code)
	}
	if err := rows.Close(); err != nil {
		return err
	}
	slices.Sort(codes) // the engine's lock order
	for _, code := range codes {
		if _, err := tx.ExecContext(ctx, `UPDATE coupons SET uses = uses - 1 WHERE code = $1`, code); err != nil {
			return fmt.Errorf("give back coupon %s: %w", code, err)
		}
	}
	return nil
}
