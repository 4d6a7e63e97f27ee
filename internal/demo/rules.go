package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/order"
	"github.com/waybill/waybill/internal/review"
	"github.com/waybill/waybill/internal/risk"
	"github.com/waybill/waybill/internal/setting"
	"github.com/waybill/waybill/internal/shortage"
)

// HighValueMinor is the total above which the demo's risk rules hold an
// order for a person (USD cents).
const HighValueMinor = 150_000

// scarceCount is how many products the demo stocks with a single unit.
const scarceCount = 4

// ScarceSKUs are the products the demo stocks with one unit only, so that
// orders for them are short and their shortage policies decide: the last
// products of the catalogue that are not valuables.
func ScarceSKUs(products []Product) []string {
	var out []string
	for i := len(products) - 1; i >= 0 && len(out) < scarceCount; i-- {
		if !products[i].Valuable {
			out = append(out, products[i].SKU)
		}
	}
	return out
}

// loadRules sets the operator's rules a shop would have: risk rules that
// hold high-value orders and PO boxes for review, a different shortage
// policy on each scarce product, and cash on delivery offered in the US.
// It returns the number of risk rules and of shortage policies it set.
func loadRules(ctx context.Context, d *db.DB, scarce []string) (rules, policies int, err error) {
	risky := []risk.Rule{
		{Name: "Orders over $1,500", Kind: risk.HighValue, Weight: 60, Action: risk.Hold, Active: true,
			Params: risk.HighValueParams{Currency: "USD", MaxTotalMinor: HighValueMinor}},
		{Name: "PO box addresses", Kind: risk.FlaggedAddress, Weight: 40, Action: risk.Hold, Active: true,
			Params: risk.FlaggedAddressParams{POBox: true}},
	}
	reviews := review.NewStore(d, review.Config{})
	for _, r := range risky {
		if _, err := reviews.CreateRule(ctx, r); err != nil {
			return rules, policies, fmt.Errorf("demo risk rule %q: %w", r.Name, err)
		}
		rules++
	}
	presale := d.Clock().Now().UTC().AddDate(0, 0, 21).Format(time.DateOnly)
	kinds := []shortage.Policy{
		{Kind: order.PolicyBackorder, MaxWaiting: 50, LeadDays: 7},
		{Kind: order.PolicyPresale, MaxWaiting: 100, ReleaseOn: presale},
		{Kind: order.PolicySplit},
		{Kind: order.PolicyCancelShort},
	}
	shortages := shortage.NewStore(d)
	for i, sku := range scarce {
		if _, err := shortages.Set(ctx, sku, "", kinds[i%len(kinds)]); err != nil {
			return rules, policies, fmt.Errorf("demo shortage policy of %s: %w", sku, err)
		}
		policies++
	}
	cod := append(setting.Defaults().CODCountries, "US")
	if _, err := setting.NewStore(d).Update(ctx, setting.Patch{CODCountries: &cod}); err != nil {
		return rules, policies, fmt.Errorf("demo settings: %w", err)
	}
	return rules, policies, nil
}
