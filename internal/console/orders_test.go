package console_test

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/flowtest"
	"github.com/waybill/waybill/internal/order"
	"github.com/waybill/waybill/internal/shortage"
)

// The one search box finds an order by whatever a caller reads out (its
// number in any case, the shop's reference, a SKU in any case, the e-mail
// in any case, the phone as typed), and the filters narrow the list; each
// answer lists exactly the orders that match.
func TestOrdersSearchAndFilters(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, b *bundle) {
		skus := b.rig.AddProducts(t, 3)
		b.rig.AddWarehouse(t, "EWR")
		b.rig.Receive(t, "EWR", skus[0], 100)
		b.rig.Receive(t, "EWR", skus[1], 100)
		ctx := actor.With(b.rig.Ctx, actor.CLI("test"))
		_, err := b.rig.Shortages.Set(ctx, skus[2], "", shortage.Policy{Kind: order.PolicyBackorder, MaxWaiting: 100})
		require.NoError(t, err)

		ada := b.rig.Accepted(t, flowtest.Request("shop-ada", flowtest.Line(skus[0], 1)))
		b.clk.Advance(24 * time.Hour)
		req := flowtest.Request("shop-bob", flowtest.Line(skus[1], 2))
		req.Customer.Email, req.Customer.Phone, req.Customer.Name = "Bob@Example.org", "+1 (415) 555-0132", "Bob Stone"
		bob := b.rig.Accepted(t, req)
		b.clk.Advance(24 * time.Hour)
		cod := b.rig.COD(t, "shop-cod", flowtest.Line(skus[0], 1)) // COD is not offered by default: held
		short := b.rig.Accepted(t, flowtest.Request("shop-short", flowtest.Line(skus[2], 1)))
		require.True(t, short.Short)

		br := b.browser(t)
		br.signIn("customer_service@example.com")
		list := func(query string) []string {
			t.Helper()
			p := br.get("/orders?" + query)
			require.Equal(t, http.StatusOK, p.status, p.body)
			at := map[string]int{} // where each listed order is on the page
			var found []string
			for _, o := range []order.Order{ada, bob, cod, short} {
				if i := strings.Index(p.body, `href="/orders/`+o.ID+`"`); i >= 0 {
					at[o.ExternalRef] = i
					found = append(found, o.ExternalRef)
				}
			}
			slices.SortFunc(found, func(a, b string) int { return at[a] - at[b] })
			return found
		}
		q := func(s string) string { return "q=" + url.QueryEscape(s) }
		require.Equal(t, []string{"shop-bob"}, list(q(strings.ToLower(bob.Number))))
		require.Equal(t, []string{"shop-ada"}, list(q("shop-ada")))
		require.Equal(t, []string{"shop-bob"}, list(q(strings.ToLower(skus[1]))))
		require.Equal(t, []string{"shop-bob"}, list(q("bob@EXAMPLE.org")))
		require.Equal(t, []string{"shop-bob"}, list(q("415-555-0132")), "a US number without +1")
		require.Empty(t, list(q("nobody@example.com")))
		require.Contains(t, br.get("/orders?"+q("nobody@example.com")).body, "No order matches this search.")

		require.Equal(t, []string{"shop-cod"}, list("status=on_hold"))
		require.Equal(t, []string{"shop-cod"}, list("hold=any"))
		require.Equal(t, []string{"shop-cod"}, list("hold=cod_rules"))
		require.Empty(t, list("hold=review"))
		require.Equal(t, []string{"shop-short"}, list("short=1"))
		require.Equal(t, []string{"shop-short", "shop-cod"}, list("from="+b.clk.Now().Format(time.DateOnly)), "newest first")
		require.Equal(t, []string{"shop-bob"}, list("from="+bob.CreatedAt.Format(time.DateOnly)+"&to="+bob.CreatedAt.Format(time.DateOnly)))
		require.Equal(t, []string{"shop-ada"}, list("to="+ada.CreatedAt.Format(time.DateOnly)))
		require.Equal(t, []string{"shop-cod"}, list("channel=web&payment=cod_pending"))
		require.Empty(t, list("channel=app"))
		require.Equal(t, []string{"shop-ada"}, list(q(skus[0])+"&status=placed"), "search and filter together")

		// Paging keeps the search: two per page here.
		p := br.get("/orders?" + q("ada@example.com"))
		require.Equal(t, 2, strings.Count(p.body, `href="/orders/ord_`))
		next := p.body[strings.Index(p.body, `href="/orders?cursor=`)+len(`href="`):]
		next = strings.ReplaceAll(next[:strings.IndexByte(next, '"')], "&amp;", "&")
		p = br.get(next)
		require.Equal(t, 1, strings.Count(p.body, `href="/orders/ord_`))
		require.Contains(t, p.body, `href="/orders/`+ada.ID+`"`, "the second page of the same search")

		// What cannot be read is shown at its field, kept as typed; nothing is listed.
		for query, field := range map[string]string{
			"status=lost": "status", "payment=maybe": "payment", "hold=why": "hold", "from=2026-13-01": "from",
			"from=2026-03-05&to=2026-03-01": "to", "q=" + strings.Repeat("x", 300): "q", "to=yesterday": "to",
		} {
			p := br.get("/orders?" + query)
			require.Equal(t, http.StatusUnprocessableEntity, p.status, query)
			require.Contains(t, p.body, `id="`+field+`-error"`, query)
			require.Contains(t, p.body, `aria-invalid="true"`, query)
			require.NotContains(t, p.body, `href="/orders/ord_`, query)
		}
		require.Contains(t, br.get("/orders?to=yesterday").body, `value="yesterday"`)
	})
}
