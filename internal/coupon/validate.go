package coupon

import (
	"strings"
	"time"

	"github.com/bojanz/currency"

	"github.com/waybill/waybill/internal/errs"
)

// The limits of a coupon. The CHECKs in migrations/*/00007_coupons.sql and
// the struct tags of Input repeat them; change them together.
const (
	maxCode      = 32
	maxPercentBP = 10_000
	maxMinor     = 1_000_000_000_000
	maxUses      = 1_000_000_000
)

// Validate normalises the input in place (code and currency upper case,
// times in UTC to the microsecond both databases store) and reports every
// problem at once under its JSON path. A missing starts_at means "when
// stored", so ends_at is checked against it again then.
func (in *Input) Validate() error {
	in.Code = normalizeCode(in.Code)
	in.Currency = strings.ToUpper(strings.TrimSpace(in.Currency))
	in.StartsAt, in.EndsAt = instant(in.StartsAt), instant(in.EndsAt)
	return in.coupon(time.Time{}).check().Err()
}

// coupon is the coupon the input describes, starting at now unless it says.
func (in Input) coupon(now time.Time) Coupon {
	c := Coupon{Code: in.Code, Kind: in.Kind, PercentBP: in.PercentBP, AmountMinor: in.AmountMinor,
		Currency: in.Currency, MinSpendMinor: in.MinSpendMinor, StartsAt: now, EndsAt: in.EndsAt,
		MaxUses: in.MaxUses, MaxUsesPerCustomer: in.MaxUsesPerCustomer, Active: true, CreatedAt: now, UpdatedAt: now}
	if in.StartsAt != nil {
		c.StartsAt = *in.StartsAt
	}
	if in.Active != nil {
		c.Active = *in.Active
	}
	return c
}

// apply returns c with the patch's fields, normalised like an input's.
func (p Patch) apply(c Coupon) Coupon {
	if p.Active != nil {
		c.Active = *p.Active
	}
	if s := instant(p.StartsAt); s != nil {
		c.StartsAt = *s
	}
	if e := instant(p.EndsAt); e != nil {
		c.EndsAt = e
	}
	patchField(&c.MinSpendMinor, p.MinSpendMinor)
	patchField(&c.MaxUses, p.MaxUses)
	patchField(&c.MaxUsesPerCustomer, p.MaxUsesPerCustomer)
	return c
}

// check lists everything wrong with a whole coupon, the rules the table's
// CHECKs also enforce, so that a bad coupon is refused with its field named.
func (c Coupon) check() errs.Fields {
	var f errs.Fields
	switch {
	case c.Code == "":
		f.Add("code", errs.CodeRequired, "code is required")
	case !validCode(c.Code):
		f.Add("code", errs.CodeFormat, "code must be 1 to %d letters, digits, '_' or '-'", maxCode)
	}
	switch c.Kind {
	case Percent:
		if c.PercentBP < 1 || c.PercentBP > maxPercentBP {
			f.Add("percent_bp", errs.CodeOutOfRange, "a percent coupon takes 1 to %d basis points (0.01 %% to 100 %%), got %d", maxPercentBP, c.PercentBP)
		}
		if c.AmountMinor != 0 {
			f.Add("amount_minor", errs.CodeUnexpected, "a percent coupon takes percent_bp, not amount_minor")
		}
	case Amount:
		if c.AmountMinor < 1 || c.AmountMinor > maxMinor {
			f.Add("amount_minor", errs.CodeOutOfRange, "an amount coupon takes 1 to %d minor units, got %d", int64(maxMinor), c.AmountMinor)
		}
		if c.PercentBP != 0 {
			f.Add("percent_bp", errs.CodeUnexpected, "an amount coupon takes amount_minor, not percent_bp")
		}
	case "":
		f.Add("kind", errs.CodeRequired, "kind is required: percent or amount")
	default:
		f.Add("kind", errs.CodeUnknown, "kind must be percent or amount")
	}
	switch {
	case c.Currency == "" && c.Kind == Amount:
		f.Add("currency", errs.CodeRequired, "an amount coupon needs the currency of its amount")
	case c.Currency == "" && c.MinSpendMinor > 0:
		f.Add("currency", errs.CodeRequired, "a minimum spend needs a currency: 5000 minor units is 50 USD but 5000 JPY")
	case c.Currency != "" && (len(c.Currency) != 3 || !currency.IsValid(c.Currency)):
		f.Add("currency", errs.CodeUnknown, "currency must be an ISO 4217 code such as USD")
	}
	if c.MinSpendMinor < 0 || c.MinSpendMinor > maxMinor {
		f.Add("min_spend_minor", errs.CodeOutOfRange, "min_spend_minor must be 0 to %d", int64(maxMinor))
	}
	if c.EndsAt != nil && !c.EndsAt.After(c.StartsAt) {
		f.Add("ends_at", errs.CodeOutOfRange, "ends_at must be after starts_at (%s)", c.StartsAt.Format(time.RFC3339))
	}
	if c.MaxUses < 0 || c.MaxUses > maxUses {
		f.Add("max_uses", errs.CodeOutOfRange, "max_uses must be 0 (no limit) to %d", maxUses)
	}
	if c.MaxUsesPerCustomer < 0 || c.MaxUsesPerCustomer > maxUses {
		f.Add("max_uses_per_customer", errs.CodeOutOfRange, "max_uses_per_customer must be 0 (no limit) to %d", maxUses)
	}
	return f
}

// instant is t in UTC to the microsecond, so what is compared at the window's
// edges is exactly what both databases store.
func instant(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC().Truncate(time.Microsecond)
	return &u
}

func patchField[T any](dst *T, src *T) {
	if src != nil {
		*dst = *src
	}
}
