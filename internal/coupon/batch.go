package coupon

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/order"
)

var redemptionColumns = []string{"code", "order_id", "customer_key", "at"}

// Intake prices coupons for the order engine (order.Coupons): one book per
// engine batch.
type Intake struct{}

// book is what one engine batch knows of the coupons its orders name:
// the stored rows (locked on PostgreSQL, in code order, after the stock) and
// the uses counted so far, stored plus taken by this batch's accepted orders,
// so two orders in one batch cannot both take a coupon's last use.
type book struct {
	byCode      map[string]*Coupon  // Uses includes this batch's
	taken       map[string]int64    // uses this batch adds, for the one UPDATE per coupon
	perCustomer map[[2]string]int64 // (code, customer key) → live redemptions, this batch's included
	redemptions [][]any             // rows for coupon_redemptions
}

// LoadBatch implements order.Coupons: it reads the batch's coupons in one
// query and the redemptions of its customers for the coupons that limit
// them in another. A batch without coupons costs nothing.
func (Intake) LoadBatch(ctx context.Context, tx *db.Tx, uses []order.CouponUse) (order.CouponBatch, error) {
	b := &book{byCode: map[string]*Coupon{}, taken: map[string]int64{}, perCustomer: map[[2]string]int64{}}
	var codes, customers []string
	for _, u := range uses {
		for _, c := range u.Codes {
			if validCode(c) { // anything else is certainly unknown
				codes = append(codes, c)
			}
		}
		if len(u.Codes) > 0 {
			customers = append(customers, customerKey(u.Email))
		}
	}
	if len(codes) == 0 {
		return b, nil
	}
	codes, customers = distinctSorted(codes), distinctSorted(customers) // sorted: chunks lock in code order
	lock := ""
	if tx.Dialect == db.Postgres {
		lock = ` FOR UPDATE`
	}
	var limited []string
	err := db.InChunks(codes, func(part []any) error {
		return eachRow(ctx, tx, `SELECT `+columns+` FROM coupons WHERE code IN (`+
			tx.Placeholders(1, len(part))+`) ORDER BY code`+lock, part, func(sc scanner) error {
			c, err := scanCoupon(sc)
			if err != nil {
				return err
			}
			b.byCode[c.Code] = &c
			if c.MaxUsesPerCustomer > 0 {
				limited = append(limited, c.Code)
			}
			return nil
		})
	})
	if err != nil || len(limited) == 0 {
		return b, withContext(err, "read coupons")
	}
	// The locks above are taken before this read, so on PostgreSQL another
	// engine's redemptions of these coupons are committed or not yet begun.
	return b, withContext(db.InChunks(limited, func(codes []any) error {
		return db.InChunks(customers, func(who []any) error {
			q := `SELECT code, customer_key, COUNT(*) FROM coupon_redemptions WHERE released_at IS NULL
				AND code IN (` + tx.Placeholders(1, len(codes)) + `)
				AND customer_key IN (` + tx.Placeholders(len(codes)+1, len(who)) + `) GROUP BY code, customer_key`
			return eachRow(ctx, tx, q, append(slices.Clip(codes), who...), func(sc scanner) error {
				var k [2]string
				var n int64
				if err := sc.Scan(&k[0], &k[1], &n); err != nil {
					return err
				}
				b.perCustomer[k] = n
				return nil
			})
		})
	}), "read coupon redemptions")
}

// Price implements order.CouponBatch: it decides each of an order's coupons
// against the batch's view, adding a coupons[i] field error for each
// refused one, and returns what the others take off each line (discount.go
// has the rules). The minimum spend is judged only when every line could
// be priced.
func (b *book) Price(f *errs.Fields, use order.CouponUse, currency string, gross []int64, priced bool, now time.Time) []int64 {
	var subtotal int64
	for _, g := range gross {
		subtotal += g
	}
	var applied []Coupon
	who := customerKey(use.Email)
	for i, code := range use.Codes {
		c, ok := b.byCode[code]
		if !ok {
			f.Add(fmt.Sprintf("coupons[%d]", i), errs.CodeUnknown, "no coupon %q", errs.Clip(code))
			continue
		}
		if why, msg := c.refusal(now, currency, subtotal, priced, b.perCustomer[[2]string{code, who}]); why != "" {
			f.Add(fmt.Sprintf("coupons[%d]", i), why, "coupon %s %s", code, msg)
			continue
		}
		applied = append(applied, *c)
	}
	return LineDiscounts(gross, applied)
}

// Redeem implements order.CouponBatch: it counts an accepted order's
// coupons against the batch and queues its redemption rows.
func (b *book) Redeem(orderID string, use order.CouponUse, now time.Time) {
	who := customerKey(use.Email)
	for _, code := range use.Codes {
		b.byCode[code].Uses++
		b.taken[code]++
		b.perCustomer[[2]string{code, who}]++
		b.redemptions = append(b.redemptions, []any{code, orderID, who, now})
	}
}

// Write implements order.CouponBatch: the batch's redemption rows, then
// its uses (countUses).
func (b *book) Write(ctx context.Context, tx *db.Tx) error {
	if err := db.InsertRows(ctx, tx, "coupon_redemptions", redemptionColumns, b.redemptions); err != nil {
		return err
	}
	return b.countUses(ctx, tx)
}

// countUses adds the batch's uses to each coupon with one UPDATE per coupon,
// in code order. The table's CHECK (uses <= max_uses) refuses the write if
// the counts were ever wrong; the batch then fails and its orders are
// retried one by one against fresh counts.
func (b *book) countUses(ctx context.Context, tx *db.Tx) error {
	codes := make([]string, 0, len(b.taken))
	for code := range b.taken {
		codes = append(codes, code)
	}
	slices.Sort(codes)
	for _, code := range codes {
		_, err := tx.ExecPrepared(ctx, `UPDATE coupons SET uses = uses + $1 WHERE code = $2`, b.taken[code], code)
		if db.ViolationOf(err) == db.CheckViolation {
			return errs.Wrap(errs.Conflict, err, "coupon "+code+" was used up by orders placed at the same time; retry")
		}
		if err != nil {
			return fmt.Errorf("count uses of coupon %s: %w", code, err)
		}
	}
	return nil
}

// eachRow runs q and calls each for every row.
func eachRow(ctx context.Context, tx *db.Tx, q string, args []any, each func(scanner) error) error {
	rows, err := tx.QueryContext(ctx, q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := each(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// distinctSorted returns the values sorted, each once.
func distinctSorted(values []string) []string {
	slices.Sort(values)
	return slices.Compact(values)
}

func withContext(err error, what string) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("%s: %w", what, err)
}
