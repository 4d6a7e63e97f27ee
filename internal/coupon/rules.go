package coupon

import (
	"strconv"
	"time"
)

// refusal says why c cannot apply to an order in currency with subtotal, at
// now, for a customer who has used it customerUses times; "" when it applies.
// The window is [starts_at, ends_at). A minimum spend is met by a subtotal
// equal to it, and is judged only when the whole subtotal is known (priced).
// Limits count live uses: stored ones plus those of the current batch.
func (c *Coupon) refusal(now time.Time, currency string, subtotal int64, priced bool, customerUses int64) (code, msg string) {
	switch {
	case !c.Active:
		return Inactive, "is no longer active"
	case now.Before(c.StartsAt):
		return NotYetValid, "is valid from " + c.StartsAt.Format(time.RFC3339)
	case c.EndsAt != nil && !now.Before(*c.EndsAt):
		return Expired, "expired at " + c.EndsAt.Format(time.RFC3339)
	case c.Currency != "" && c.Currency != currency:
		return WrongCurrency, "applies to orders in " + c.Currency + ", this order is in " + currency
	case priced && subtotal < c.MinSpendMinor:
		return MinSpend, "needs a subtotal of at least " + minorUnits(c.MinSpendMinor, c.Currency) +
			"; this order's is " + minorUnits(subtotal, currency)
	case c.MaxUses > 0 && c.Uses >= c.MaxUses:
		return UsedUp, "has reached its limit of " + timesText(c.MaxUses, "use")
	case c.MaxUsesPerCustomer > 0 && customerUses >= c.MaxUsesPerCustomer:
		return CustomerLimit, "may be used only " + timesText(c.MaxUsesPerCustomer, "time") + " per customer"
	}
	return "", ""
}

func minorUnits(amount int64, currency string) string {
	return strconv.FormatInt(amount, 10) + " minor units of " + currency
}

func timesText(n int64, unit string) string {
	if n == 1 {
		return "1 " + unit
	}
	return strconv.FormatInt(n, 10) + " " + unit + "s"
}
