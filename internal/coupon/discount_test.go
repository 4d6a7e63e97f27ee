package coupon

import (
	"math"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestPercentRounding(t *testing.T) {
	for _, c := range []struct {
		amount, bp, want int64
		why              string
	}{
		{1010, 500, 51, "5 % of 10.10 is 0.505: a half rounds up"},
		{1009, 500, 50, "0.5045 rounds down"},
		{1011, 500, 51, "0.5055 rounds up"},
		{1, 5000, 1, "half a minor unit rounds up"},
		{1, 4999, 0, "just under half rounds down"},
		{15000, 1, 2, "1 bp of 150.00 is 1.5 minor units"},
		{100, 3333, 33, "33.33 % of 1.00"},
		{999, 1000, 100, "99.9 rounds up"},
		{0, 10000, 0, "nothing off nothing"},
		{12345, 10000, 12345, "100 % is everything"},
		{math.MaxInt64, 10000, math.MaxInt64, "no overflow at the top"},
		{math.MaxInt64, 5000, math.MaxInt64/2 + 1, "half of an odd number rounds up, without overflow"},
	} {
		require.Equal(t, c.want, percentOf(c.amount, c.bp), c.why)
	}
}

func TestDiscountStacking(t *testing.T) {
	pct := func(bp int64) Coupon { return Coupon{Kind: Percent, PercentBP: bp} }
	amt := func(m int64) Coupon { return Coupon{Kind: Amount, AmountMinor: m} }
	for _, c := range []struct {
		subtotal int64
		coupons  []Coupon
		want     []int64
		why      string
	}{
		{10000, []Coupon{pct(1000), pct(2000)}, []int64{1000, 1800}, "the second percent applies to what the first left"},
		{10000, []Coupon{pct(2000), pct(1000)}, []int64{2000, 800}, "either order, 28 % in all"},
		{10000, []Coupon{pct(5000), pct(5000)}, []int64{5000, 2500}, "two halves are three quarters, not free"},
		{10000, []Coupon{amt(3000), pct(1000)}, []int64{3000, 1000}, "percent first even when listed second"},
		{10000, []Coupon{amt(8000), amt(5000)}, []int64{8000, 2000}, "amounts cap at what is left"},
		{10000, []Coupon{pct(10000), amt(500)}, []int64{10000, 0}, "nothing left for the amount"},
		{999, []Coupon{pct(1000), amt(99)}, []int64{100, 99}, "99.9 rounds to 100, then 99 off 899"},
		{0, []Coupon{pct(1000), amt(100)}, []int64{0, 0}, "a free order stays free, never negative"},
	} {
		got := discounts(c.subtotal, c.coupons)
		require.Equal(t, c.want, got, c.why)
	}
}

func TestSpreadLargestRemainder(t *testing.T) {
	for _, c := range []struct {
		discount int64
		totals   []int64
		want     []int64
		why      string
	}{
		{2, []int64{1, 1, 1}, []int64{1, 1, 0}, "equal remainders: earlier lines first"},
		{10, []int64{3000, 1000, 0}, []int64{8, 2, 0}, "7.5 and 2.5: the tie goes to the earlier line"},
		{100, []int64{3000, 3000, 3000}, []int64{34, 33, 33}, "one unit left over"},
		{1000, []int64{500, 300, 200}, []int64{500, 300, 200}, "the whole subtotal: every line free"},
		{7, []int64{10, 20, 70}, []int64{1, 1, 5}, "0.7, 1.4, 4.9: remainders .7 and .9 take the two units left"},
		{0, []int64{10, 20}, []int64{0, 0}, "no discount"},
		{5, []int64{0, 0, 10}, []int64{0, 0, 5}, "free lines take no discount"},
		{math.MaxInt64 / 2, []int64{math.MaxInt64 / 2, math.MaxInt64 / 4}, []int64{3074457345618258602, 1537228672809129301}, "no overflow"},
	} {
		got := spread(c.discount, c.totals)
		require.Equal(t, c.want, got, c.why)
		var sum int64
		for i, d := range got {
			sum += d
			require.LessOrEqual(t, d, c.totals[i])
		}
		require.Equal(t, c.discount, sum, c.why)
	}
}
