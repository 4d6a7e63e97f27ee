package order

import (
	"encoding/binary"
	"math/big"
	"testing"
)

// FuzzDiscount prices random orders with up to two percent and two amount
// coupons in a random order, and checks the arithmetic's promises: no
// negative discount, line or total; the percent rounding matches exact
// rational arithmetic; line discounts sum exactly to the order's discount,
// each within one minor unit of its exact proportional share.
func FuzzDiscount(f *testing.F) {
	f.Add([]byte{0x0a, 0, 0, 0, 0, 1, 0}, uint16(1000), uint16(0), int64(0), int64(0), uint8(0))
	f.Fuzz(func(t *testing.T, raw []byte, p1, p2 uint16, a1, a2 int64, perm uint8) {
		o := Order{}
		for len(raw) >= 7 && len(o.Lines) < 100 {
			price := int64(binary.LittleEndian.Uint32(raw[:4])) * int64(raw[4]%24+1) % (100_000_000_000 + 1)
			qty := int64(binary.LittleEndian.Uint16(raw[5:7]))%10_000 + 1
			o.Lines = append(o.Lines, Line{UnitPriceMinor: price, Quantity: qty, TotalMinor: price * qty})
			o.SubtotalMinor += price * qty
			raw = raw[7:]
		}
		var cs []Coupon
		for _, bp := range []uint16{p1, p2} {
			if bp%10_001 != 0 {
				cs = append(cs, Coupon{Kind: PercentCoupon, PercentBP: int64(bp % 10_001)})
			}
		}
		for _, a := range []int64{a1, a2} {
			if a = nonNeg(a) % (maxCouponMinor + 1); a != 0 {
				cs = append(cs, Coupon{Kind: AmountCoupon, AmountMinor: a})
			}
		}
		if len(cs) > 1 && perm%2 == 1 {
			cs[0], cs[len(cs)-1] = cs[len(cs)-1], cs[0]
		}

		each := discounts(o.SubtotalMinor, cs)
		left := o.SubtotalMinor
		for i, c := range cs {
			if c.Kind != PercentCoupon {
				continue
			}
			if want := halfUp(left, c.PercentBP); each[i] != want {
				t.Fatalf("%d bp of %d: got %d, want %d", c.PercentBP, left, each[i], want)
			}
			left -= each[i]
		}
		o.applyCoupons(cs)
		if o.DiscountMinor < 0 || o.DiscountMinor > o.SubtotalMinor {
			t.Fatalf("discount %d of subtotal %d", o.DiscountMinor, o.SubtotalMinor)
		}
		var sum, net int64
		for _, l := range o.Lines {
			gross := l.UnitPriceMinor * l.Quantity
			if l.DiscountMinor < 0 || l.TotalMinor < 0 || l.TotalMinor != gross-l.DiscountMinor {
				t.Fatalf("line %+v", l)
			}
			exact := new(big.Rat).SetFrac(new(big.Int).Mul(big.NewInt(o.DiscountMinor), big.NewInt(gross)), big.NewInt(max(o.SubtotalMinor, 1)))
			diff := new(big.Rat).Sub(exact, new(big.Rat).SetInt64(l.DiscountMinor))
			if diff.Abs(diff).Cmp(big.NewRat(1, 1)) >= 0 {
				t.Fatalf("line discount %d is a unit or more from its share %s", l.DiscountMinor, exact.FloatString(3))
			}
			sum += l.DiscountMinor
			net += l.TotalMinor
		}
		if sum != o.DiscountMinor || net != o.SubtotalMinor-o.DiscountMinor {
			t.Fatalf("lines sum to %d off (%d net); order says %d off %d", sum, net, o.DiscountMinor, o.SubtotalMinor)
		}
	})
}

// halfUp is amount×bp/10000 rounded half up, in exact big-integer arithmetic.
func halfUp(amount, bp int64) int64 {
	n := new(big.Int).Mul(big.NewInt(amount), big.NewInt(bp))
	n.Add(n, big.NewInt(5000))
	return n.Quo(n, big.NewInt(10000)).Int64()
}

func nonNeg(n int64) int64 {
	if n < 0 {
		return -(n + 1) // no overflow at MinInt64
	}
	return n
}
