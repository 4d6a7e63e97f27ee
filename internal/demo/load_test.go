package demo

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/db/dbtest"
	"github.com/waybill/waybill/internal/inventory"
	"github.com/waybill/waybill/internal/review"
	"github.com/waybill/waybill/internal/setting"
	"github.com/waybill/waybill/internal/shortage"
)

// The demo is a shop with its rules set: a policy on each scarce product,
// which has a single unit in stock; risk rules that hold high values and PO
// boxes; cash on delivery confirmed in the US.
func TestLoadSetsTheShopsRules(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		sum, err := Load(ctx, d, 1)
		require.NoError(t, err)
		require.Equal(t, 2, sum.RiskRules)
		require.Equal(t, 4, sum.ShortagePolicies)

		scarce := ScarceSKUs(Products(1, CatalogueSize))
		require.Len(t, scarce, 4)
		stock := inventory.NewStore(d)
		kinds := map[string]bool{}
		for _, sku := range scarce {
			rules, err := shortage.NewStore(d).List(ctx, sku)
			require.NoError(t, err)
			require.Len(t, rules, 1, sku)
			kinds[rules[0].Kind] = true
			balances, err := stock.Balances(ctx, inventory.Filter{SKU: sku, Limit: 10})
			require.NoError(t, err)
			var units int64
			for _, b := range balances {
				units += b.OnHand
			}
			require.Equal(t, int64(1), units, "%s has a single unit", sku)
		}
		require.Len(t, kinds, 4, "each scarce product has a different policy")

		rules, err := review.NewStore(d, review.Config{}).RiskRules(ctx, review.RuleFilter{Limit: 10})
		require.NoError(t, err)
		require.Len(t, rules, 2)
		v, err := setting.NewStore(d).Current(ctx)
		require.NoError(t, err)
		require.True(t, v.CODOffered("US"))
	})
}
