package coupon

import (
	"math/bits"
	"sort"
)

// How coupons price an order, all in int64 minor units, never floats:
//
//   - Percent coupons apply first, in the order the customer listed them, each
//     to what the previous ones left (10 % then 20 % off 100.00 is 10.00 then
//     18.00). Compounding means two 50 % coupons give 75 % off, not a free
//     order, which is what a merchant who allows stacking expects.
//   - A percent discount is rounded to the nearest minor unit, halves up
//     (in the customer's favour): 5 % of 10.10 is 0.505, so 0.51 off.
//   - Amount coupons apply next, in listed order, each capped at what is left,
//     so the discount never exceeds the subtotal and the total never goes
//     below zero (shipping is not discounted).
//   - The order's discount is spread over its lines in proportion to their
//     totals by largest remainder: each line gets the floor of its share, and
//     the minor units left go one each to the lines with the largest
//     remainders (the earlier line on a tie), so the line discounts sum to the
//     order discount exactly and no line's discount exceeds its total.

// percentOf returns bp basis points of amount, rounded half up. It splits
// amount by 10000 first so amount*bp cannot overflow for any int64 amount.
func percentOf(amount, bp int64) int64 {
	q, r := amount/maxPercentBP, amount%maxPercentBP
	return q*bp + (r*bp+maxPercentBP/2)/maxPercentBP
}

// discounts returns what each coupon takes off subtotal, by the rules above;
// the result is indexed like cs and sums to at most subtotal.
func discounts(subtotal int64, cs []Coupon) []int64 {
	out := make([]int64, len(cs))
	left := subtotal
	for i, c := range cs {
		if c.Kind == Percent {
			out[i] = min(percentOf(left, c.PercentBP), left)
			left -= out[i]
		}
	}
	for i, c := range cs {
		if c.Kind == Amount {
			out[i] = min(c.AmountMinor, left)
			left -= out[i]
		}
	}
	return out
}

// spread divides discount (at most the sum of totals) over the lines in
// proportion to totals, by largest remainder. Shares are computed in 128 bits,
// so no product of two large amounts overflows.
func spread(discount int64, totals []int64) []int64 {
	out := make([]int64, len(totals))
	var sum int64
	for _, t := range totals {
		sum += t
	}
	if discount <= 0 || sum <= 0 {
		return out
	}
	rems := make([]uint64, len(totals))
	left := discount
	for i, t := range totals {
		hi, lo := bits.Mul64(uint64(discount), uint64(t))
		q, r := bits.Div64(hi, lo, uint64(sum)) // hi < sum because discount <= sum
		out[i], rems[i] = int64(q), r
		left -= int64(q)
	}
	order := make([]int, len(totals))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return rems[order[a]] > rems[order[b]] })
	for _, i := range order[:left] {
		out[i]++
	}
	return out
}

// LineDiscounts is what the coupons cs take off an order whose lines cost
// gross (unit price times quantity) before discounts: the order's discount
// by the rules above, spread over its lines.
func LineDiscounts(gross []int64, cs []Coupon) []int64 {
	var subtotal, discount int64
	for _, g := range gross {
		subtotal += g
	}
	for _, d := range discounts(subtotal, cs) {
		discount += d
	}
	return spread(discount, gross)
}
