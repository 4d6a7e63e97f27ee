package order

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/errs"
)

var redemptionColumns = []string{"code", "order_id", "customer_key", "at"}

// couponBook is what one engine batch knows of the coupons its orders name:
// the stored rows (locked on PostgreSQL, in code order, after the stock) and
// the uses counted so far, stored plus taken by this batch's accepted orders,
// so two orders in one batch cannot both take a coupon's last use.
type couponBook struct {
	byCode      map[string]*Coupon  // Uses includes this batch's
	taken       map[string]int64    // uses this batch adds, for the one UPDATE per coupon
	perCustomer map[[2]string]int64 // (code, customer key) → live redemptions, this batch's included
}

// loadCoupons reads the batch's coupons in one query and the redemptions of
// its customers for the coupons that limit them in another. A batch without
// coupons costs nothing.
func (b *batch) loadCoupons(ctx context.Context, pending []*pending) error {
	b.coupons = couponBook{byCode: map[string]*Coupon{}, taken: map[string]int64{}, perCustomer: map[[2]string]int64{}}
	var codes, customers []string
	for _, p := range pending {
		for _, c := range p.req.Coupons {
			if validCode(c) { // anything else is certainly unknown
				codes = append(codes, c)
			}
		}
		if len(p.req.Coupons) > 0 {
			customers = append(customers, customerKey(p.req.Customer.Email))
		}
	}
	if len(codes) == 0 {
		return nil
	}
	codes, customers = distinctSorted(codes), distinctSorted(customers) // sorted: chunks lock in code order
	lock := ""
	if b.tx.Dialect == db.Postgres {
		lock = ` FOR UPDATE`
	}
	var limited []string
	err := inChunks(codes, func(part []any) error {
		return eachRow(ctx, b.tx, `SELECT `+couponColumns+` FROM coupons WHERE code IN (`+
			b.tx.Placeholders(1, len(part))+`) ORDER BY code`+lock, part, func(sc scanner) error {
			c, err := scanCoupon(sc)
			if err != nil {
				return err
			}
			b.coupons.byCode[c.Code] = &c
			if c.MaxUsesPerCustomer > 0 {
				limited = append(limited, c.Code)
			}
			return nil
		})
	})
	if err != nil || len(limited) == 0 {
		return withContext(err, "read coupons")
	}
	// The locks above are taken before this read, so on PostgreSQL another
	// engine's redemptions of these coupons are committed or not yet begun.
	return withContext(inChunks(limited, func(codes []any) error {
		return inChunks(customers, func(who []any) error {
			q := `SELECT code, customer_key, COUNT(*) FROM coupon_redemptions WHERE released_at IS NULL
				AND code IN (` + b.tx.Placeholders(1, len(codes)) + `)
				AND customer_key IN (` + b.tx.Placeholders(len(codes)+1, len(who)) + `) GROUP BY code, customer_key`
			return eachRow(ctx, b.tx, q, append(slices.Clip(codes), who...), func(sc scanner) error {
				var k [2]string
				var n int64
				if err := sc.Scan(&k[0], &k[1], &n); err != nil {
					return err
				}
				b.coupons.perCustomer[k] = n
				return nil
			})
		})
	}), "read coupon redemptions")
}

// check decides each of an order's coupons against the batch's view, adding
// a coupons[i] field error for each refused one, and returns those that
// apply. The minimum spend is judged only when every line could be priced.
func (cb *couponBook) check(f *errs.Fields, req PlaceRequest, subtotal int64, priced bool, now time.Time) []Coupon {
	var out []Coupon
	who := customerKey(req.Customer.Email)
	for i, code := range req.Coupons {
		c, ok := cb.byCode[code]
		if !ok {
			f.Add(fmt.Sprintf("coupons[%d]", i), errs.CodeUnknown, "no coupon %q", errs.Clip(code))
			continue
		}
		if why, msg := c.refusal(now, req.Currency, subtotal, priced, cb.perCustomer[[2]string{code, who}]); why != "" {
			f.Add(fmt.Sprintf("coupons[%d]", i), why, "coupon %s %s", code, msg)
			continue
		}
		out = append(out, *c)
	}
	return out
}

// redeem counts an accepted order's coupons against the batch and queues its
// redemption rows.
func (cb *couponBook) redeem(r *rows, o Order, now time.Time) {
	who := customerKey(o.Customer.Email)
	for _, code := range o.Coupons {
		cb.byCode[code].Uses++
		cb.taken[code]++
		cb.perCustomer[[2]string{code, who}]++
		r.redemptions = append(r.redemptions, []any{code, o.ID, who, now})
	}
}

// countUses adds the batch's uses to each coupon with one UPDATE per coupon,
// in code order. The table's CHECK (uses <= max_uses) refuses the write if
// the counts were ever wrong; the batch then fails and its orders are
// retried one by one against fresh counts.
func (cb *couponBook) countUses(ctx context.Context, tx *db.Tx) error {
	codes := make([]string, 0, len(cb.taken))
	for code := range cb.taken {
		codes = append(codes, code)
	}
	slices.Sort(codes)
	for _, code := range codes {
		_, err := tx.ExecPrepared(ctx, `UPDATE coupons SET uses = uses + $1 WHERE code = $2`, cb.taken[code], code)
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
