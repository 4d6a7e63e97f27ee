package console_test

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/audit"
	"github.com/waybill/waybill/internal/flowtest"
	"github.com/waybill/waybill/internal/inventory"
	"github.com/waybill/waybill/internal/people"
	"github.com/waybill/waybill/internal/warehouse"
)

// access is one page or action and the API operation whose roles it admits.
type access struct {
	method, path, op string
	form             url.Values // posted by allowed roles, expecting 303
}

// requireRoles checks every role against each page: the roles of its
// operation get 200 (303 for a posted form), the others 403 and nothing done.
func requireRoles(t *testing.T, b *bundle, pages []access) {
	for _, pg := range pages {
		roles, ok := b.api.OperationRoles(pg.op)
		require.True(t, ok, pg.op)
		for _, role := range actor.Roles {
			br := b.browser(t)
			br.signIn(b.emails[role])
			var p page
			if pg.method == http.MethodPost {
				p = br.post(pg.path, pg.form)
			} else {
				p = br.get(pg.path)
			}
			switch {
			case !slices.Contains(roles, role):
				require.Equal(t, http.StatusForbidden, p.status, "%s %s as %s", pg.method, pg.path, role)
				require.Contains(t, p.body, "Your role ("+string(role)+") may not open this page.")
			case pg.method == http.MethodPost:
				require.Equal(t, http.StatusSeeOther, p.status, "%s %s as %s: %s", pg.method, pg.path, role, p.body)
			default:
				require.Equal(t, http.StatusOK, p.status, "%s %s as %s: %s", pg.method, pg.path, role, p.body)
			}
		}
	}
}

// stocked is a warehouse EWR with bins A-01-01-1 (10 units of each SKU)
// and A-01-01-2 (empty).
func stocked(t *testing.T, b *bundle, n int) []string {
	skus := b.rig.AddProducts(t, n)
	b.rig.AddWarehouse(t, "EWR")
	_, err := warehouse.NewStore(b.d).AddBins(b.rig.Ctx, "EWR", []warehouse.BinInput{{Code: "A-01-01-2", X: 1, Y: 2}})
	require.NoError(t, err)
	for _, sku := range skus {
		b.rig.Receive(t, "EWR", sku, 10)
	}
	return skus
}

func TestStockPagesRolesMatchTheirOperations(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, b *bundle) {
		skus := stocked(t, b, 1)
		requireRoles(t, b, []access{
			{http.MethodGet, "/stock", "list-stock-balances", nil},
			{http.MethodGet, "/stock/bins?warehouse=EWR", "list-bin-stock", nil},
			{http.MethodGet, "/stock/ledger?warehouse=EWR&sku=" + skus[0], "list-stock-entries", nil},
			{http.MethodGet, "/stock/receive", "receive-stock", nil},
			{http.MethodGet, "/stock/adjust", "adjust-stock", nil},
			{http.MethodGet, "/stock/move", "move-stock", nil},
			{http.MethodGet, "/stock/reconcile?run=1", "reconcile-stock", nil},
			{http.MethodPost, "/stock/receive", "receive-stock", url.Values{"warehouse": {"EWR"}, "bin": {"A-01-01-1"},
				"sku": {skus[0]}, "quantity": {"1"}, "reference": {"PO-1"}}},
			{http.MethodPost, "/stock/adjust", "adjust-stock", url.Values{"warehouse": {"EWR"}, "bin": {"A-01-01-1"},
				"sku": {skus[0]}, "delta": {"+1"}, "reason": {"found"}}},
			{http.MethodPost, "/stock/move", "move-stock", url.Values{"warehouse": {"EWR"}, "from_bin": {"A-01-01-1"},
				"to_bin": {"A-01-01-2"}, "sku": {skus[0]}, "quantity": {"1"}}},
		})
		roles, _ := b.api.OperationRoles("receive-stock")
		require.Equal(t, int64(10+2*int64(len(roles))), onHand(t, b, "EWR", skus[0]),
			"each allowed role received 1 and found 1; refused roles booked nothing")
	})
}

func onHand(t *testing.T, b *bundle, wh, sku string) int64 {
	t.Helper()
	bs, err := b.rig.Stock.Balances(context.Background(), inventory.Filter{Warehouse: wh, SKU: sku, Limit: 10})
	require.NoError(t, err)
	require.Len(t, bs, 1)
	return bs[0].OnHand
}

func entries(t *testing.T, b *bundle) int {
	t.Helper()
	es, err := b.rig.Stock.Entries(context.Background(), inventory.Filter{Limit: 1000})
	require.NoError(t, err)
	return len(es)
}

func TestStockPagesShowBalancesBinsAndLedger(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, b *bundle) {
		skus := stocked(t, b, 3)
		b.rig.Accepted(t, flowtest.Request("r-1", flowtest.Line(skus[0], 4))) // reserves 4
		br := b.browser(t)
		br.signIn(b.emails[actor.Finance])
		p := br.get("/stock?sku=" + skus[0])
		require.Equal(t, http.StatusOK, p.status)
		require.Contains(t, p.body, "<code>"+skus[0]+"</code>")
		require.NotContains(t, p.body, skus[1], "the SKU search")
		require.Regexp(t, `>10</td>\s*<td class="num">4</td>\s*<td class="num">6</td>`, p.body, "on hand, reserved, available")
		require.Contains(t, p.body, `href="/stock/ledger?sku=`+skus[0]+`&amp;warehouse=EWR"`)
		require.Contains(t, p.body, `href="/stock/bins?sku=`+skus[0]+`&amp;warehouse=EWR"`)
		require.NotContains(t, p.body, `href="/stock/receive`, "finance may not receive")

		first := br.get("/stock?warehouse=ewr") // page size 2
		require.Contains(t, first.body, `<option value="EWR" selected>`)
		require.Contains(t, first.body, "cursor=")
		next := first.body[strings.Index(first.body, `rel="next"`)-200:]
		next = next[strings.Index(next, `href="`)+6:]
		next = strings.ReplaceAll(next[:strings.IndexByte(next, '"')], "&amp;", "&")
		second := br.get(next)
		require.Equal(t, http.StatusOK, second.status)
		require.Equal(t, 1, strings.Count(second.body, `<td class="links">`), "3 balances: 2, then 1")
		require.Equal(t, http.StatusBadRequest, br.get("/stock?cursor=nonsense").status)

		bins := br.get("/stock/bins?warehouse=EWR&sku=" + skus[0])
		require.Contains(t, bins.body, "<code>A-01-01-1</code>")

		ledger := br.get("/stock/ledger?warehouse=EWR&sku=" + skus[0])
		require.Equal(t, http.StatusOK, ledger.status)
		require.Contains(t, ledger.body, "received")
		require.Contains(t, ledger.body, ">&#43;10<")
		require.Contains(t, ledger.body, "reserved")
		require.Contains(t, ledger.body, ">&#43;4<")
		require.Contains(t, ledger.body, "key_shop", "who booked it")
		require.Contains(t, ledger.body, "2026-03-02 09:00:00 UTC")
	})
}

func TestReceiveFormBooksStockAsThePerson(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, b *bundle) {
		skus := stocked(t, b, 1)
		br := b.browser(t)
		br.signIn(b.emails[actor.Warehouse])
		form := br.get("/stock/receive?warehouse=EWR")
		require.Equal(t, http.StatusOK, form.status)
		require.Contains(t, form.body, `<option value="EWR" selected>`)
		require.Contains(t, form.body, `id="bin" name="bin" type="text" data-scan`)
		require.Contains(t, form.body, `data-scanflow`)
		require.Contains(t, form.body, `<script src="/static/scan.js" defer></script>`)
		require.Contains(t, br.get("/static/scan.js").body, "data-scanflow")

		p := br.post("/stock/receive", url.Values{"warehouse": {"ewr"}, "bin": {"a-1-1-1"}, "sku": {skus[0]},
			"quantity": {"7"}, "reference": {"ASN-77"}})
		require.Equal(t, http.StatusSeeOther, p.status, p.body)
		require.Equal(t, "/stock?sku="+skus[0]+"&warehouse=EWR&done=stockreceive", p.location())
		require.Equal(t, int64(17), onHand(t, b, "EWR", skus[0]))
		shown := br.get(p.location())
		require.Contains(t, shown.body, "Received. The balance below includes it.")
		require.Regexp(t, `>17</td>`, shown.body)

		people, err := b.people.List(context.Background())
		require.NoError(t, err)
		var id string
		for _, person := range people {
			if person.Email == b.emails[actor.Warehouse] {
				id = person.ID
			}
		}
		es, err := b.rig.Stock.Entries(context.Background(), inventory.Filter{SKU: skus[0], Limit: 1})
		require.NoError(t, err)
		require.Equal(t, id, es[0].Actor, "the ledger names the person")
		require.Equal(t, "ASN-77", es[0].Reference)
		log, err := audit.List(context.Background(), b.d, audit.Filter{Actor: id, Limit: 10})
		require.NoError(t, err)
		require.Equal(t, "stock.receive", log[0].Action)
		require.Contains(t, br.get("/stock/ledger?warehouse=EWR&sku="+skus[0]).body, "Test warehouse &lt;warehouse@example.com&gt;")
	})
}

func TestStockFormsRefuseBadInputAtTheField(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, b *bundle) {
		skus := stocked(t, b, 1)
		b.rig.Accepted(t, flowtest.Request("r-1", flowtest.Line(skus[0], 4))) // 4 of 10 reserved
		br := b.browser(t)
		br.signIn(b.emails[actor.Warehouse])
		before := entries(t, b)
		good := url.Values{"warehouse": {"EWR"}, "bin": {"A-01-01-1"}, "sku": {skus[0]}, "quantity": {"3"}, "reference": {"PO"}}
		for field, bad := range map[string]string{"sku": "NOPE-1", "bin": "A-09-09-9", "quantity": "abc", "expires_on": "2026-02-30"} {
			form := url.Values{}
			for k, v := range good {
				form[k] = v
			}
			form.Set(field, bad)
			p := br.post("/stock/receive", form)
			require.Equal(t, http.StatusUnprocessableEntity, p.status, field)
			require.Contains(t, p.body, `id="`+field+`-error"`, field)
			require.Contains(t, p.body, `aria-invalid="true" aria-describedby="`+field+`-error"`, field)
			require.Contains(t, p.body, `value="`+bad+`"`, "what was typed is kept")
		}
		p := br.post("/stock/receive", url.Values{"warehouse": {"EWR"}, "quantity": {"0"}})
		require.Equal(t, http.StatusUnprocessableEntity, p.status)
		for _, field := range []string{"bin", "sku", "quantity", "reference"} {
			require.Contains(t, p.body, `id="`+field+`-error"`, "every problem at once")
		}
		require.Contains(t, p.body, `id="quantity-error">quantity must be 1 to 1000000`)

		// A removal below what orders reserved: 10 on hand, 4 reserved.
		p = br.post("/stock/adjust", url.Values{"warehouse": {"EWR"}, "bin": {"A-01-01-1"}, "sku": {skus[0]},
			"delta": {"-7"}, "reason": {"damaged"}})
		require.Equal(t, http.StatusUnprocessableEntity, p.status)
		require.Regexp(t, `id="delta-error">warehouse EWR has 10 on hand of SKU SKU-000 with 4 reserved; cannot remove 7 \(6 available\)`, p.body)
		require.Contains(t, p.body, `value="-7"`)
		require.Contains(t, p.body, `<option value="damaged" selected>`)
		p = br.post("/stock/adjust", url.Values{"warehouse": {"EWR"}, "bin": {"A-01-01-1"}, "sku": {skus[0]},
			"delta": {"5"}, "reason": {"damaged"}})
		require.Equal(t, http.StatusUnprocessableEntity, p.status)
		require.Contains(t, p.body, `id="delta-error">reason damaged removes stock`)
		require.Equal(t, before, entries(t, b), "nothing booked")
		require.Equal(t, int64(10), onHand(t, b, "EWR", skus[0]))

		// A move the bin cannot cover is refused whole, with a sentence.
		p = br.post("/stock/move", url.Values{"warehouse": {"EWR"}, "from_bin": {"A-01-01-2"}, "to_bin": {"A-01-01-1"},
			"sku": {skus[0]}, "quantity": {"1"}})
		require.Equal(t, http.StatusConflict, p.status)
		require.Contains(t, p.body, `role="alert">bin A-01-01-2 in warehouse EWR holds 0 of SKU SKU-000; cannot remove 1`)
		p = br.post("/stock/move", url.Values{"warehouse": {"EWR"}, "from_bin": {"A-01-01-1"}, "to_bin": {"A-01-01-1"},
			"sku": {skus[0]}, "quantity": {"1"}})
		require.Equal(t, http.StatusUnprocessableEntity, p.status)
		require.Contains(t, p.body, `id="to_bin-error"`)
		require.Equal(t, before, entries(t, b), "nothing booked")

		// In Chinese, the problem in Chinese with the store's detail.
		li := b.browser(t)
		zhPerson(t, b, "li@example.com")
		li.signIn("li@example.com")
		p = li.post("/stock/receive", url.Values{"warehouse": {"EWR"}, "bin": {"A-01-01-1"}, "sku": {"NOPE"}, "quantity": {"1"}, "reference": {"PO"}})
		require.Equal(t, http.StatusUnprocessableEntity, p.status)
		require.Contains(t, p.body, `id="sku-error">找不到。 (there is no SKU NOPE)`)
	})
}

func TestAdjustAndMoveForms(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, b *bundle) {
		skus := stocked(t, b, 1)
		br := b.browser(t)
		br.signIn(b.emails[actor.Admin])
		p := br.post("/stock/adjust", url.Values{"warehouse": {"EWR"}, "bin": {"A-01-01-1"}, "sku": {skus[0]},
			"delta": {"-2"}, "reason": {"other"}, "note": {"dropped"}})
		require.Equal(t, http.StatusSeeOther, p.status, p.body)
		require.Equal(t, "/stock/ledger?sku="+skus[0]+"&warehouse=EWR&done=stockadjust", p.location())
		ledger := br.get(p.location())
		require.Contains(t, ledger.body, "Adjusted.")
		require.Contains(t, ledger.body, ">-2<")
		require.Contains(t, ledger.body, "dropped")
		require.Equal(t, int64(8), onHand(t, b, "EWR", skus[0]))

		p = br.post("/stock/move", url.Values{"warehouse": {"EWR"}, "from_bin": {"A-01-01-1"}, "to_bin": {"A-01-01-2"},
			"sku": {skus[0]}, "quantity": {"3"}})
		require.Equal(t, http.StatusSeeOther, p.status, p.body)
		bins := br.get(p.location())
		require.Contains(t, bins.body, "Moved.")
		require.Regexp(t, `<code>A-01-01-1</code></td>\s*<td><code>SKU-000</code></td>\s*<td>EWR</td>\s*<td class="num">5</td>`, bins.body)
		require.Regexp(t, `<code>A-01-01-2</code></td>\s*<td><code>SKU-000</code></td>\s*<td>EWR</td>\s*<td class="num">3</td>`, bins.body)
		require.Equal(t, int64(8), onHand(t, b, "EWR", skus[0]), "a move keeps the warehouse's stock")
	})
}

func TestReconcilePageShowsClean(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, b *bundle) {
		stocked(t, b, 2)
		br := b.browser(t)
		br.signIn(b.emails[actor.Admin])
		p := br.get("/stock/reconcile")
		require.Equal(t, http.StatusOK, p.status)
		require.Contains(t, p.body, "Run the check")
		require.NotContains(t, p.body, "Clean")
		p = br.get("/stock/reconcile?run=1")
		require.Equal(t, http.StatusOK, p.status)
		require.Contains(t, p.body, "Clean: the balances agree with the ledger.")
		require.Contains(t, p.body, "2 entries, 2 balances, 2 bin balances")
	})
}

// zhPerson adds a warehouse person who reads the console in Chinese.
func zhPerson(t *testing.T, b *bundle, email string) {
	t.Helper()
	b.addPerson(t, people.NewPerson{Email: email, Name: "Li Wei", Role: actor.Warehouse, Locale: "zh"})
}
