package coupon_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/clock"
	"github.com/waybill/waybill/internal/coupon"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/flowtest"
	"github.com/waybill/waybill/internal/order"
)

// TestCouponRefusals: every reason a coupon is refused, each beside the
// nearest case that passes; a refused order writes nothing and uses nothing.
func TestCouponRefusals(t *testing.T) {
	eachAt(t, func(t *testing.T, d *db.DB, _ *clock.Fixed) {
		r := shop(t, d)
		pct := func(code string) coupon.Input {
			return coupon.Input{Code: code, Kind: coupon.Percent, PercentBP: 1000}
		}
		usd := func(code, cur string) coupon.Input {
			return coupon.Input{Code: code, Kind: coupon.Amount, AmountMinor: 500, Currency: cur}
		}
		at := func(in coupon.Input, starts time.Time, ends *time.Time) coupon.Input {
			in.StartsAt, in.EndsAt = &starts, ends
			return in
		}
		spend := func(code string, minor int64) coupon.Input {
			in := pct(code)
			in.Currency, in.MinSpendMinor = "USD", minor
			return in
		}
		inactive := pct("OFF")
		inactive.Active = addr(false)
		hour := time.Hour
		for i, c := range []struct {
			name   string
			coupon *coupon.Input // nil: none is created
			code   string        // as the customer types it
			units  int64         // of SKU-000 at 10.00
			want   string        // refusal code; "" for accepted
		}{
			{"unknown", nil, "NOPE", 1, errs.CodeUnknown},
			{"malformed", nil, "NO PE!", 1, errs.CodeUnknown},
			{"known, typed in lower case", addr(pct("TEN")), "ten", 1, ""},
			{"inactive", &inactive, "OFF", 1, coupon.Inactive},
			{"starts a microsecond from now", addr(at(pct("SOON"), couponNow.Add(time.Microsecond), nil)), "SOON", 1, coupon.NotYetValid},
			{"starts now: the start is inclusive", addr(at(pct("NOW"), couponNow, nil)), "NOW", 1, ""},
			{"ends now: the end is exclusive", addr(at(pct("ENDED"), couponNow.Add(-hour), addr(couponNow))), "ENDED", 1, coupon.Expired},
			{"ends a microsecond from now", addr(at(pct("LAST"), couponNow.Add(-hour), addr(couponNow.Add(time.Microsecond)))), "LAST", 1, ""},
			{"amount in another currency", addr(usd("EURO", "EUR")), "EURO", 1, coupon.WrongCurrency},
			{"percent limited to the order's currency", addr(spend("USPCT", 0)), "USPCT", 1, ""},
			{"amount in the order's currency", addr(usd("DOLLAR", "USD")), "DOLLAR", 1, ""},
			{"min spend missed by one minor unit", addr(spend("SPEND1", 3001)), "SPEND1", 3, coupon.MinSpend},
			{"min spend exactly met", addr(spend("SPEND2", 3000)), "SPEND2", 3, ""},
		} {
			t.Run(c.name, func(t *testing.T) {
				if c.coupon != nil {
					addCoupon(t, r, *c.coupon)
				}
				rep := r.Place(withCoupons(fmt.Sprintf("ref-%d", i), "ada@example.com",
					[]order.LineInput{flowtest.Line("SKU-000", c.units)}, c.code))
				if c.want == "" {
					o := flowtest.Placed(t, rep)
					require.Equal(t, c.units*1000-o.TotalMinor, o.DiscountMinor)
					require.Positive(t, o.DiscountMinor)
					return
				}
				require.Equal(t, map[string]string{"coupons[0]": c.want}, flowtest.RefusedAt(t, rep), "%v", rep.Err)
				require.Equal(t, errs.Invalid, errs.KindOf(rep.Err))
			})
		}
		eur := usd("EUROPCT", "EUR")
		eur.Kind, eur.PercentBP, eur.AmountMinor = coupon.Percent, 1000, 0
		addCoupon(t, r, eur)
		rep := r.Place(withCoupons("ref-eur", "ada@example.com", []order.LineInput{flowtest.Line("SKU-000", 1)}, "EUROPCT", "TEN"))
		require.Equal(t, map[string]string{"coupons[0]": coupon.WrongCurrency}, flowtest.RefusedAt(t, rep), "only the bad coupon is named")

		list, err := r.Orders.List(r.Ctx, order.Filter{Limit: 100})
		require.NoError(t, err)
		require.Len(t, list, 6, "the accepted cases only")
		require.Equal(t, int64(8), r.Reserved(t, shopWarehouse, "SKU-000"), "3 units for SPEND2, 1 for each other accepted case")
		for code, uses := range map[string]int64{"TEN": 1, "OFF": 0, "SOON": 0, "ENDED": 0, "EURO": 0, "SPEND1": 0, "SPEND2": 1, "EUROPCT": 0} {
			c, err := r.Coupons.Get(r.Ctx, code)
			require.NoError(t, err)
			require.Equal(t, uses, c.Uses, code)
		}
		require.Equal(t, 6, countRows(t, d, `SELECT COUNT(*) FROM coupon_redemptions`))
	})
}

// TestCouponLimits: the total and per-customer limits, one order at a time;
// the customer is the email whatever its case; an order refused after
// pricing (short with reject_if_short) uses nothing.
func TestCouponLimits(t *testing.T) {
	eachAt(t, func(t *testing.T, d *db.DB, _ *clock.Fixed) {
		r := shop(t, d)
		addCoupon(t, r, coupon.Input{Code: "TWICE", Kind: coupon.Amount, AmountMinor: 100, Currency: "USD", MaxUses: 2})
		addCoupon(t, r, coupon.Input{Code: "ONCE-EACH", Kind: coupon.Percent, PercentBP: 500, MaxUsesPerCustomer: 1})
		one := []order.LineInput{flowtest.Line("SKU-000", 1)}

		flowtest.Placed(t, r.Place(withCoupons("t-1", "ada@example.com", one, "TWICE")))
		short := withCoupons("t-short", "bob@example.com", []order.LineInput{flowtest.Line("SKU-000", 10_000)}, "TWICE")
		short.RejectIfShort = true
		require.Equal(t, errs.Conflict, errs.KindOf(r.Place(short).Err))
		flowtest.Placed(t, r.Place(withCoupons("t-2", "bob@example.com", one, "TWICE")))
		rep := r.Place(withCoupons("t-3", "cy@example.com", one, "TWICE"))
		require.Equal(t, map[string]string{"coupons[0]": coupon.UsedUp}, flowtest.RefusedAt(t, rep))

		flowtest.Placed(t, r.Place(withCoupons("e-1", "Ada@Example.com", one, "ONCE-EACH")))
		rep = r.Place(withCoupons("e-2", "ADA@example.COM", one, "ONCE-EACH"))
		require.Equal(t, map[string]string{"coupons[0]": coupon.CustomerLimit}, flowtest.RefusedAt(t, rep))
		flowtest.Placed(t, r.Place(withCoupons("e-3", "bob@example.com", one, "ONCE-EACH")))
		// The customer is who the risk rules say: plus tags and Gmail's dots
		// do not make another one.
		rep = r.Place(withCoupons("e-4", "bob+again@example.com", one, "ONCE-EACH"))
		require.Equal(t, map[string]string{"coupons[0]": coupon.CustomerLimit}, flowtest.RefusedAt(t, rep))
		flowtest.Placed(t, r.Place(withCoupons("e-5", "dot.ty@gmail.com", one, "ONCE-EACH")))
		rep = r.Place(withCoupons("e-6", "DottY+2@googlemail.com", one, "ONCE-EACH"))
		require.Equal(t, map[string]string{"coupons[0]": coupon.CustomerLimit}, flowtest.RefusedAt(t, rep))

		require.Equal(t, 2, countRows(t, d, `SELECT COUNT(*) FROM coupon_redemptions WHERE code = 'TWICE'`))
		require.Equal(t, 1, countRows(t, d, `SELECT COUNT(*) FROM coupon_redemptions WHERE code = 'ONCE-EACH' AND customer_key = 'ada@example.com'`),
			"customer_key is the customer's normalised identity")

		// Raising the limit lets the next order in; lowering it below the uses is refused.
		_, err := r.Coupons.Update(r.Ctx, "twice", coupon.Patch{MaxUses: addr(int64(3))})
		require.NoError(t, err)
		flowtest.Placed(t, r.Place(withCoupons("t-4", "cy@example.com", one, "TWICE")))
		_, err = r.Coupons.Update(r.Ctx, "TWICE", coupon.Patch{MaxUses: addr(int64(2))})
		require.Equal(t, errs.Conflict, errs.KindOf(err), "%v", err)
	})
}

// TestCouponPricing: stacking order, rounding and the spread over lines, as
// answered and as stored.
func TestCouponPricing(t *testing.T) {
	eachAt(t, func(t *testing.T, d *db.DB, _ *clock.Fixed) {
		r := shop(t, d)
		addCoupon(t, r, coupon.Input{Code: "MINUS333", Kind: coupon.Amount, AmountMinor: 333, Currency: "USD"})
		addCoupon(t, r, coupon.Input{Code: "FIFTEEN", Kind: coupon.Percent, PercentBP: 1500})
		addCoupon(t, r, coupon.Input{Code: "FREE", Kind: coupon.Percent, PercentBP: 10_000})
		addCoupon(t, r, coupon.Input{Code: "BIG", Kind: coupon.Amount, AmountMinor: 50_000, Currency: "USD"})

		// 70.00: 15 % is 10.50 (listed second, applied first), then 3.33 off 59.50.
		// 13.83 spread 1:2:4 is 1.9757, 3.9514, 7.9028: floors sum to 13.82,
		// the unit left goes to the largest remainder, line 0.
		lines := []order.LineInput{flowtest.Line("SKU-000", 1), flowtest.Line("SKU-001", 2), flowtest.Line("SKU-002", 4)}
		o := flowtest.Placed(t, r.Place(withCoupons("p-1", "ada@example.com", lines, "MINUS333", "FIFTEEN")))
		require.Equal(t, []int64{7000, 1383, 5617}, []int64{o.SubtotalMinor, o.DiscountMinor, o.TotalMinor})
		require.Equal(t, [][2]int64{{198, 802}, {395, 1605}, {790, 3210}}, lineFigures(o))
		stored, err := r.Orders.Get(r.Ctx, o.ID)
		require.NoError(t, err)
		require.Equal(t, []int64{7000, 1383, 5617}, []int64{stored.SubtotalMinor, stored.DiscountMinor, stored.TotalMinor})
		require.Equal(t, lineFigures(o), lineFigures(stored))
		require.Equal(t, []string{"MINUS333", "FIFTEEN"}, stored.Coupons)

		o = flowtest.Placed(t, r.Place(withCoupons("p-2", "ada@example.com", lines, "FREE", "BIG")))
		require.Equal(t, []int64{7000, 7000, 0}, []int64{o.SubtotalMinor, o.DiscountMinor, o.TotalMinor}, "never below zero")
		require.Equal(t, [][2]int64{{1000, 0}, {2000, 0}, {4000, 0}}, lineFigures(o))

		o = flowtest.Placed(t, r.Place(withCoupons("p-3", "ada@example.com", lines[:1], "BIG")))
		require.Equal(t, []int64{1000, 1000, 0}, []int64{o.SubtotalMinor, o.DiscountMinor, o.TotalMinor}, "an amount caps at the subtotal")
	})
}

// lineFigures is each line's (discount, total).
func lineFigures(o order.Order) [][2]int64 {
	var out [][2]int64
	for _, l := range o.Lines {
		out = append(out, [2]int64{l.DiscountMinor, l.TotalMinor})
	}
	return out
}
