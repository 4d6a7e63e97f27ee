package console_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/catalog"
	"github.com/waybill/waybill/internal/flowtest"
	"github.com/waybill/waybill/internal/fulfilment"
	"github.com/waybill/waybill/internal/order"
)

// released is a released order of two units of the first SKU (fragile),
// gift wrapped with a message, in warehouse EWR, and its fulfilment.
func released(t *testing.T, b *bundle) (order.Order, fulfilment.Fulfilment) {
	skus := stocked(t, b, 2)
	products := catalog.NewStore(b.d)
	p, err := products.GetBySKU(b.rig.Ctx, skus[0])
	require.NoError(t, err)
	fragile := true
	_, err = products.Update(b.rig.Ctx, p.ID, catalog.ProductPatch{Fragile: &fragile})
	require.NoError(t, err)
	req := flowtest.Request("gift-1", flowtest.Line(skus[0], 2))
	req.SpecialRequests.GiftWrap, req.SpecialRequests.GiftMessage = true, "Happy birthday, Grace"
	o := b.rig.Accepted(t, req)
	b.rig.Pay(t, o, "evt-gift-1", o.TotalMinor)
	b.rig.RunJobs(t)
	o = b.rig.Get(t, o.ID)
	require.Equal(t, order.Released, o.Status, o.HoldReason)
	require.Len(t, o.Fulfilments, 1)
	return o, o.Fulfilments[0]
}

func TestFulfilmentPagesRolesMatchTheirOperation(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, b *bundle) {
		o, f := released(t, b)
		requireRoles(t, b, []access{
			{http.MethodGet, "/fulfilments", "list-fulfilments", nil},
			{http.MethodGet, "/fulfilments?warehouse=EWR", "list-fulfilments", nil},
			{http.MethodGet, "/fulfilments/" + f.ID, "list-fulfilments", nil},
			{http.MethodPost, "/fulfilments/scan", "list-fulfilments", url.Values{"code": {o.Number}}},
		})
	})
}

func TestFulfilmentQueueShowsLinesAndPacking(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, b *bundle) {
		o, f := released(t, b)
		b.rig.AddWarehouse(t, "SFO")
		br := b.browser(t)
		br.signIn(b.emails[actor.Warehouse])
		p := br.get("/fulfilments?warehouse=ewr")
		require.Equal(t, http.StatusOK, p.status)
		require.Contains(t, p.body, `<option value="EWR" selected>`, "the choice is kept")
		require.Contains(t, p.body, `action="/fulfilments/scan?warehouse=EWR"`)
		require.Contains(t, p.body, `<a href="/fulfilments/`+f.ID+`">`+f.ID+`</a>`)
		require.Contains(t, p.body, `<a href="/orders/`+o.ID+`">`+o.Number+`</a>`)
		require.Regexp(t, `<code>A-01-01-1</code></td>\s*<td><code>SKU-000</code></td>\s*<td class="num">2</td>\s*<td>Product SKU-000 <span class="tag warn">fragile</span></td>`,
			p.body, "bin, SKU, name, quantity")
		require.Contains(t, p.body, "Gift wrap")
		require.Contains(t, p.body, "Happy birthday, Grace")
		require.Contains(t, p.body, `<span class="tag warn">fragile</span>`)
		require.NotContains(t, p.body, ">valuable<")
		require.Contains(t, p.body, "ready to pick")

		other := br.get("/fulfilments?warehouse=SFO")
		require.Equal(t, http.StatusOK, other.status)
		require.NotContains(t, other.body, f.ID, "another warehouse's queue")
		require.Contains(t, other.body, "Nothing to pick.")
		unknown := br.get("/fulfilments?warehouse=NOPE")
		require.Equal(t, http.StatusUnprocessableEntity, unknown.status)
		require.Contains(t, unknown.body, `id="warehouse-error">There is no warehouse with this code.`)
		require.Equal(t, http.StatusBadRequest, br.get("/fulfilments?cursor=xyz").status)

		one := br.get("/fulfilments/" + f.ID)
		require.Equal(t, http.StatusOK, one.status)
		require.Contains(t, one.body, "<h1>Fulfilment "+f.ID+"</h1>")
		require.Contains(t, one.body, o.Number)
		require.Contains(t, one.body, `href="/fulfilments?warehouse=EWR"`, "back to its warehouse's queue")
		missing := br.get("/fulfilments/ful_nope")
		require.Equal(t, http.StatusNotFound, missing.status)
		require.Contains(t, missing.body, "There is no fulfilment with this id.")
	})
}

func TestScanOpensAFulfilment(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, b *bundle) {
		o, f := released(t, b)
		waiting := b.rig.Accepted(t, flowtest.Request("unpaid-1", flowtest.Line(f.Lines[0].SKU, 1)))
		br := b.browser(t)
		br.signIn(b.emails[actor.Warehouse])
		for _, code := range []string{o.Number, " " + o.Number + " ", o.ID, f.ID, strings.ToUpper(f.ID), strings.ToLower(f.ID), strings.ToLower(o.Number)} {
			p := br.post("/fulfilments/scan?warehouse=EWR", url.Values{"code": {code}})
			require.Equal(t, http.StatusSeeOther, p.status, code)
			require.Equal(t, "/fulfilments/"+f.ID, p.location(), code)
		}
		for code, msg := range map[string]string{
			"WB-NOTHING":   "No fulfilment or order has the code WB-NOTHING.",
			"":             "Scan or type a fulfilment id or an order number.",
			waiting.Number: "Order " + waiting.Number + " has not been released to a warehouse yet.",
		} {
			p := br.post("/fulfilments/scan?warehouse=EWR", url.Values{"code": {code}})
			require.Equal(t, http.StatusUnprocessableEntity, p.status, code)
			require.Contains(t, p.body, `id="code-error" role="alert">`+msg, code)
			require.Contains(t, p.body, `aria-invalid="true" aria-describedby="code-error"`)
			require.Contains(t, p.body, `value="`+strings.TrimSpace(code)+`"`, "what was scanned is kept")
			require.Contains(t, p.body, f.ID, "the queue is still shown")
		}
		long := br.post("/fulfilments/scan", url.Values{"code": {strings.Repeat("x", 5000)}})
		require.Equal(t, http.StatusUnprocessableEntity, long.status, "never a 500")
	})
}
