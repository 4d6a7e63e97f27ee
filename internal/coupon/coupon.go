package coupon

import (
	"strings"
	"time"

	"github.com/waybill/waybill/internal/risk"
)

// Coupon is a discount code as stored and shown to administrators. Pricing
// reads it inside the engine's batch; the caller of an order never states
// what a coupon is worth.
//
// The window is [StartsAt, EndsAt): a coupon is valid from the instant it
// starts and no longer at the instant it ends; no EndsAt means no end.
type Coupon struct {
	Code               string     `json:"code" doc:"What the customer types; stored upper case"`
	Kind               string     `json:"kind" enum:"percent,amount"`
	PercentBP          int64      `json:"percent_bp" doc:"Percent coupons: basis points off the subtotal, 1 to 10000 (1000 = 10 %)"`
	AmountMinor        int64      `json:"amount_minor" doc:"Amount coupons: minor units off, in currency"`
	Currency           string     `json:"currency" doc:"Orders in this currency only; empty for a percent coupon that fits any currency"`
	MinSpendMinor      int64      `json:"min_spend_minor" doc:"The order's subtotal (before discounts) must be at least this, in currency"`
	StartsAt           time.Time  `json:"starts_at" doc:"Valid from this instant, inclusive"`
	EndsAt             *time.Time `json:"ends_at,omitempty" doc:"Valid until this instant, exclusive; absent for no end"`
	MaxUses            int64      `json:"max_uses" doc:"Orders that may use it in total; 0 for no limit"`
	MaxUsesPerCustomer int64      `json:"max_uses_per_customer" doc:"Orders one customer (by email) may use it on; 0 for no limit"`
	Uses               int64      `json:"uses" doc:"Orders using it now; a cancelled order gives its use back"`
	Active             bool       `json:"active" doc:"An inactive coupon is refused at checkout but kept for history"`
	CreatedAt          time.Time  `json:"created_at"`
	UpdatedAt          time.Time  `json:"updated_at" doc:"Last change by an administrator (uses do not count)"`
}

// The coupon kinds.
const (
	Percent = "percent"
	Amount  = "amount"
)

// Why an order's coupon was refused: the code of its coupons[i] field error,
// so a storefront can tell the customer precisely. A coupon the system does
// not know is errs.CodeUnknown like any unknown value.
const (
	Inactive      = "coupon_inactive"       // deactivated by an administrator
	NotYetValid   = "coupon_not_yet_valid"  // before starts_at
	Expired       = "coupon_expired"        // at or after ends_at
	UsedUp        = "coupon_used_up"        // max_uses reached
	CustomerLimit = "coupon_customer_limit" // max_uses_per_customer reached for this email
	MinSpend      = "coupon_min_spend"      // subtotal below min_spend_minor
	WrongCurrency = "coupon_currency"       // the order is in another currency
)

// Input creates a coupon. The struct tags document the shape in
// OpenAPI; Validate enforces every rule, so Go callers get the same checks.
type Input struct {
	Code               string     `json:"code" maxLength:"32" doc:"1 to 32 letters, digits, '_' or '-'; stored upper case; unique"`
	Kind               string     `json:"kind" enum:"percent,amount"`
	PercentBP          int64      `json:"percent_bp,omitempty" minimum:"0" maximum:"10000" doc:"Required for percent coupons: 1 to 10000 basis points"`
	AmountMinor        int64      `json:"amount_minor,omitempty" minimum:"0" maximum:"1000000000000" doc:"Required for amount coupons: minor units off"`
	Currency           string     `json:"currency,omitempty" maxLength:"3" doc:"ISO 4217; required for amount coupons and for any minimum spend"`
	MinSpendMinor      int64      `json:"min_spend_minor,omitempty" minimum:"0" maximum:"1000000000000" doc:"Minimum subtotal in currency; 0 for none"`
	StartsAt           *time.Time `json:"starts_at,omitempty" doc:"Default: now"`
	EndsAt             *time.Time `json:"ends_at,omitempty" doc:"Must be after starts_at; absent for no end"`
	MaxUses            int64      `json:"max_uses,omitempty" minimum:"0" maximum:"1000000000" doc:"0 (default) for no limit"`
	MaxUsesPerCustomer int64      `json:"max_uses_per_customer,omitempty" minimum:"0" maximum:"1000000000" doc:"0 (default) for no limit"`
	Active             *bool      `json:"active,omitempty" doc:"Default true"`
}

// Patch changes what may change once customers hold a code: whether it
// is active, its window and its limits. Its kind and value stay, because
// orders already priced with it must keep meaning what they meant. A nil field
// keeps the stored value; the result is validated as a whole.
type Patch struct {
	Active             *bool      `json:"active,omitempty" doc:"false deactivates the coupon"`
	StartsAt           *time.Time `json:"starts_at,omitempty"`
	EndsAt             *time.Time `json:"ends_at,omitempty" doc:"Moves the end; an end cannot be removed"`
	MinSpendMinor      *int64     `json:"min_spend_minor,omitempty" minimum:"0" maximum:"1000000000000"`
	MaxUses            *int64     `json:"max_uses,omitempty" minimum:"0" maximum:"1000000000" doc:"0 for no limit; else at least the current uses"`
	MaxUsesPerCustomer *int64     `json:"max_uses_per_customer,omitempty" minimum:"0" maximum:"1000000000"`
}

// customerKey is who a per-customer limit counts: the same identity the
// risk rules count a customer by (risk.NormalizeEmail: lower case, plus tags
// cut, dots of Gmail addresses dropped), so bob+1@ and b.o.b@gmail.com are
// one customer and cannot take a once-per-customer coupon twice.
func customerKey(email string) string { return risk.NormalizeEmail(email) }

// normalizeCode is how codes are compared everywhere: trimmed, upper case,
// the same rule the order request applies to its coupons.
func normalizeCode(code string) string { return strings.ToUpper(strings.TrimSpace(code)) }

// validCode reports whether code (normalised) could name a stored coupon, so
// malformed input never reaches a query.
func validCode(code string) bool {
	if code == "" || len(code) > maxCode {
		return false
	}
	for i := 0; i < len(code); i++ {
		c := code[i]
		if !(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}
