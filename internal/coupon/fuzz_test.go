package coupon

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
		var gross []int64 // each line's unit price times quantity
		var subtotal int64
		for len(raw) >= 7 && len(gross) < 100 {
			price := int64(binary.LittleEndian.Uint32(raw[:4])) * int64(raw[4]%24+1) % (100_000_000_000 + 1)
			qty := int64(binary.LittleEndian.Uint16(raw[5:7]))%10_000 + 1
			gross = append(gross, price*qty)
			subtotal += price * qty
			raw = raw[7:]
		}
		var cs []Coupon
		for _, bp := range []uint16{p1, p2} {
			if bp%10_001 != 0 {
				cs = append(cs, Coupon{Kind: Percent, PercentBP: int64(bp % 10_001)})
			}
		}
		for _, a := range []int64{a1, a2} {
			if a = nonNeg(a) % (maxMinor + 1); a != 0 {
				cs = append(cs, Coupon{Kind: Amount, AmountMinor: a})
			}
		}
		if len(cs) > 1 && perm%2 == 1 {
			cs[0], cs[len(cs)-1] = cs[len(cs)-1], cs[0]
		}

		each := discounts(subtotal, cs)
		left := subtotal
		var discount int64
		for i, c := range cs {
			discount += each[i]
			if c.Kind != Percent {
				continue
			}
			if want := halfUp(left, c.PercentBP); each[i] != want {
				t.Fatalf("%d bp of %d: got %d, want %d", c.PercentBP, left, each[i], want)
			}
			left -= each[i]
		}
		if discount < 0 || discount > subtotal {
			t.Fatalf("discount %d of subtotal %d", discount, subtotal)
		}
		lines := LineDiscounts(gross, cs)
		if len(lines) != len(gross) {
			t.Fatalf("%d line discounts for %d lines", len(lines), len(gross))
		}
		var sum, net int64
		for i, d := range lines {
			total := gross[i] - d
			if d < 0 || total < 0 {
				t.Fatalf("line %d: %d off %d", i, d, gross[i])
			}
			exact := new(big.Rat).SetFrac(new(big.Int).Mul(big.NewInt(discount), big.NewInt(gross[i])), big.NewInt(max(subtotal, 1)))
			diff := new(big.Rat).Sub(exact, new(big.Rat).SetInt64(d))
			if diff.Abs(diff).Cmp(big.NewRat(1, 1)) >= 0 {
				t.Fatalf("line discount %d is a unit or more from its share %s", d, exact.FloatString(3))
			}
			sum += d
			net += total
		}
		if sum != discount || net != subtotal-discount {
			t.Fatalf("lines sum to %d off (%d net); order says %d off %d", sum, net, discount, subtotal)
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
