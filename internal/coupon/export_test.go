package coupon

import (
	"context"
	"fmt"

	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/order"
)

// BatchView is what an engine batch naming code for email counts, read in tx
// as LoadBatch reads it: the coupon's uses and the customer's live
// redemptions of it (read only when the coupon limits customers). It lets
// the external tests see the engine's view without placing an order.
func BatchView(ctx context.Context, tx *db.Tx, code, email string) (uses, customerUses int64, err error) {
	cb, err := Intake{}.LoadBatch(ctx, tx, []order.CouponUse{{Codes: []string{code}, Email: email}})
	if err != nil {
		return 0, 0, err
	}
	b := cb.(*book)
	c, ok := b.byCode[code]
	if !ok {
		return 0, 0, fmt.Errorf("the batch does not know coupon %s", code)
	}
	return c.Uses, b.perCustomer[[2]string{code, customerKey(email)}], nil
}
