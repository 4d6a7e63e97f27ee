package order_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/db/dbtest"
	"github.com/waybill/waybill/internal/flowtest"
	"github.com/waybill/waybill/internal/order"
)

// A SKU filter and a search by SKU list the same orders, newest first,
// whether the SKU is rare (its lines gathered from their index) or
// popular (the orders walked newest first), in any case of the SKU, and
// page the same way.
func TestSKUSearchIsTheSameForRareAndPopularSKUs(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		r := setup(t, d, order.Config{})
		skus := r.AddProducts(t, 2)
		r.AddWarehouse(t, "EWR")
		r.Receive(t, "EWR", skus[0], 100)
		r.Receive(t, "EWR", skus[1], 100)
		var want []string
		for i := range 7 {
			lines := []order.LineInput{flowtest.Line(skus[1], 1)}
			if i%2 == 0 {
				lines = append(lines, flowtest.Line(skus[0], 1))
			}
			o := r.Accepted(t, flowtest.Request("sku-"+string(rune('a'+i)), lines...))
			if i%2 == 0 {
				want = append([]string{o.ID}, want...)
			}
		}
		ids := func(f order.Filter) []string {
			var out []string
			for {
				f.Limit = 2
				page, err := r.Orders.List(r.Ctx, f)
				require.NoError(t, err)
				for _, o := range page {
					out = append(out, o.ID)
				}
				if len(page) < 2 {
					return out
				}
				f.Before = page[len(page)-1].ID
			}
		}
		for _, popular := range []bool{false, true} {
			if popular {
				defer order.SetPopularLines(1)()
			}
			require.Equal(t, want, ids(order.Filter{SKU: skus[0]}), "filter, popular=%v", popular)
			require.Equal(t, want, ids(order.Filter{Search: " " + skus[0] + " "}), "search, popular=%v", popular)
			require.Equal(t, want, ids(order.Filter{Search: "sku-000"}), "search in lower case, popular=%v", popular)
			require.Len(t, ids(order.Filter{Search: skus[1]}), 7)
			require.Equal(t, want[len(want)-1:], ids(order.Filter{SKU: skus[0], Search: "sku-a"}), "a reference and a SKU, popular=%v", popular)
			require.Empty(t, ids(order.Filter{SKU: skus[0], Search: "sku-b"}), "sku-b has no line of it, popular=%v", popular)
		}
	})
}
