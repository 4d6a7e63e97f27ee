package console_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/inventory"
)

// openCountPage opens a count of bin in EWR through the form, as role,
// and returns the task's id.
func openCountPage(t *testing.T, b *bundle, role actor.Role, bin string) string {
	t.Helper()
	br := b.browser(t)
	br.signIn(b.emails[role])
	p := br.post("/counts", url.Values{"warehouse": {"EWR"}, "bins": {bin}})
	require.Equal(t, http.StatusSeeOther, p.status, p.body)
	m := regexp.MustCompile(`^/counts/(cnt_\w+)\?done=counts_opened$`).FindStringSubmatch(p.location())
	require.NotNil(t, m, p.location())
	return m[1]
}

// countForm is the hidden fields of the counting screen and typed values.
func countForm(body string, typed url.Values) url.Values {
	form := url.Values{}
	for _, m := range regexp.MustCompile(`<input type="hidden" name="(line_item|line_qty|bin)" value="([^"]*)">`).FindAllStringSubmatch(body, -1) {
		form.Add(m[1], m[2])
	}
	for k, v := range typed {
		form[k] = v
	}
	return form
}

func (b *bundle) countTask(t *testing.T, id string) inventory.CountTask {
	t.Helper()
	task, err := b.rig.Stock.Count(actor.With(context.Background(), actor.CLI("test")), id)
	require.NoError(t, err)
	return task
}

func TestCountPagesRolesMatchTheirOperations(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, b *bundle) {
		stocked(t, b, 1)
		id := openCountPage(t, b, actor.Warehouse, "A-01-01-1")
		requireRoles(t, b, []access{
			{http.MethodGet, "/counts", "list-count-tasks", nil},
			{http.MethodGet, "/counts/" + id, "get-count-task", nil},
			{http.MethodPost, "/counts", "open-counts", url.Values{"warehouse": {"EWR"}, "bins": {"A-01-01-1"}}},
		})
		for _, a := range []access{
			{http.MethodPost, "/counts/schedule", "schedule-counts", url.Values{"warehouse": {"EWR"}, "count": {"1"}}},
			{http.MethodPost, "/counts/" + id + "/claim", "claim-count-task", url.Values{}},
			{http.MethodPost, "/counts/" + id + "/lines", "submit-count", url.Values{"item": {"SKU-000"}, "quantity": {"1"}}},
			{http.MethodPost, "/counts/" + id + "/submit", "submit-count", url.Values{}},
			{http.MethodPost, "/counts/" + id + "/approve", "approve-count", url.Values{}},
			{http.MethodPost, "/counts/" + id + "/cancel", "cancel-count", url.Values{}},
		} {
			roles, ok := b.api.OperationRoles(a.op)
			require.True(t, ok, a.op)
			for _, role := range actor.Roles {
				if slices.Contains(roles, role) {
					continue
				}
				br := b.browser(t)
				br.signIn(b.emails[role])
				require.Equal(t, http.StatusForbidden, br.post(a.path, a.form).status, "%s as %s", a.path, role)
			}
		}
		admins, _ := b.api.OperationRoles("approve-count")
		require.Equal(t, []actor.Role{actor.Admin}, admins)
		require.Equal(t, inventory.CountOpen, b.countTask(t, id).Status, "nothing was claimed")
		for role, want := range map[actor.Role]bool{actor.Warehouse: true, actor.Admin: true, actor.Finance: false} {
			br := b.browser(t)
			br.signIn(b.emails[role])
			require.Equal(t, want, strings.Contains(br.get("/orders").body, `href="/counts"`), "%s", role)
		}
	})
}

// The counter's whole flow over HTTP, as a browser without script sends
// it: claim, lines added one scan at a time with wrong ones refused at
// their field and the earlier lines kept, submit; the screen never shows
// what the ledger expects. The admin sees the variances and approves.
func TestCountScreenIsBlindAndApprovalBooks(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, b *bundle) {
		skus := stocked(t, b, 2)
		id := openCountPage(t, b, actor.Admin, "a-1-1-1")
		br := b.browser(t)
		br.signIn(b.emails[actor.Warehouse])
		p := br.get("/counts/" + id)
		require.Equal(t, http.StatusOK, p.status)
		require.Contains(t, p.body, "<strong>A-01-01-1</strong>")
		require.Contains(t, p.body, "Claim and start counting")
		claimed := br.post("/counts/"+id+"/claim", url.Values{})
		require.Equal(t, http.StatusSeeOther, claimed.status, claimed.body)
		p = br.get(claimed.location())
		require.Contains(t, p.body, "The count is yours")
		// Given back and claimed again: the counter's screen offers it.
		require.Contains(t, p.body, `action="/counts/`+id+`/unclaim"`)
		back := br.post("/counts/"+id+"/unclaim", url.Values{})
		require.Equal(t, http.StatusSeeOther, back.status, back.body)
		require.Equal(t, inventory.CountOpen, b.countTask(t, id).Status)
		claimed = br.post("/counts/"+id+"/claim", url.Values{})
		require.Equal(t, http.StatusSeeOther, claimed.status, claimed.body)
		p = br.get(claimed.location())
		require.Contains(t, p.body, `<label for="bin">Scan the bin&#39;s label</label>`)
		require.NotContains(t, p.body, `id="item"`, "the bin first")
		for _, typed := range []url.Values{{"bin": {"A-01-01-2"}}, {"bin": {"A-01-01-2"}, "item": {skus[0]}, "quantity": {"4"}}} {
			wrong := br.post("/counts/"+id+"/lines", typed)
			require.Equal(t, http.StatusUnprocessableEntity, wrong.status, wrong.body)
			require.Contains(t, wrong.body, `id="bin-error" role="alert">Wrong bin: you scanned A-01-01-2; this count is bin A-01-01-1.`)
			require.NotContains(t, wrong.body, `id="item"`)
		}
		wrong := br.post("/counts/"+id+"/submit", url.Values{"line_item": {skus[0]}, "line_qty": {"4"}})
		require.Equal(t, http.StatusUnprocessableEntity, wrong.status, "no count without the bin's scan")
		require.Contains(t, wrong.body, `id="bin-error" role="alert">Scan the label of the bin you are counting.`)
		require.Equal(t, inventory.CountClaimed, b.countTask(t, id).Status, "nothing recorded")
		p = br.post("/counts/"+id+"/lines", url.Values{"bin": {"a-01-01-1"}})
		require.Equal(t, http.StatusOK, p.status, p.body)
		require.Contains(t, p.body, `<label for="item">Scan an item</label>`)
		require.Contains(t, p.body, `<input type="hidden" name="bin" value="A-01-01-1">`)
		blind := func(body string) {
			t.Helper()
			require.NotContains(t, body, ">10<", "no expected quantity")
			require.NotContains(t, body, "Expected")
			require.NotContains(t, body, "Variance")
		}
		blind(p.body)

		add := func(body string, typed url.Values) page {
			return br.post("/counts/"+id+"/lines", countForm(body, typed))
		}
		p = add(p.body, url.Values{"item": {skus[0]}, "quantity": {"4"}})
		require.Equal(t, http.StatusOK, p.status, p.body)
		p = add(p.body, url.Values{"item": {strings.ToLower(skus[0])}, "quantity": {"5"}})
		require.Contains(t, p.body, "9 units in 2 lines")
		bad := add(p.body, url.Values{"item": {"NOPE-1"}, "quantity": {"1"}})
		require.Equal(t, http.StatusUnprocessableEntity, bad.status)
		require.Contains(t, bad.body, `id="item-error" role="alert">NOPE-1 is not in the catalogue`)
		require.Contains(t, bad.body, "9 units in 2 lines", "the lines so far are kept")
		bad = add(p.body, url.Values{"item": {skus[1]}, "quantity": {"-1"}})
		require.Equal(t, http.StatusUnprocessableEntity, bad.status)
		require.Contains(t, bad.body, `id="quantity-error" role="alert">Enter how many you found`)
		blind(bad.body)
		require.Equal(t, http.StatusBadRequest, br.post("/counts/"+id+"/lines", url.Values{"line_item": {"x"}, "bin": {"A-01-01-1"}}).status)

		// Finish with the last line typed but not added: it counts too.
		sub := br.post("/counts/"+id+"/submit", countForm(p.body, url.Values{"item": {skus[1]}, "quantity": {"10"}}))
		require.Equal(t, http.StatusSeeOther, sub.status, sub.body)
		require.Equal(t, "/counts/"+id+"?done=count_submitted", sub.location())
		p = br.get(sub.location())
		require.Contains(t, p.body, "Counted; waiting for an admin to approve it.")
		blind(p.body)
		require.NotContains(t, p.body, "Approve into the ledger")
		require.Equal(t, http.StatusForbidden, br.post("/counts/"+id+"/approve", url.Values{}).status)

		admin := b.browser(t)
		admin.signIn(b.emails[actor.Admin])
		p = admin.get("/counts/" + id)
		require.Contains(t, p.body, "Variances")
		require.Regexp(t, `<code>`+skus[0]+`</code></span></td>\s*<td class="num" data-label="At start">10</td>\s*<td class="num" data-label="Moved since">0</td>\s*<td class="num" data-label="Expected">10</td>\s*<td class="num" data-label="Counted">9</td>\s*<td class="num" data-label="Variance"><strong>-1</strong>`, p.body)
		ok := admin.post("/counts/"+id+"/approve", url.Values{})
		require.Equal(t, http.StatusSeeOther, ok.status, ok.body)
		require.Contains(t, admin.get(ok.location()).body, "Approved: the ledger follows the count.")
		bins, err := b.rig.Stock.BinBalances(b.rig.Ctx, inventory.Filter{Warehouse: "EWR", SKU: skus[0], Limit: 5})
		require.NoError(t, err)
		require.Equal(t, int64(9), bins[0].OnHand)
		again := admin.post("/counts/"+id+"/approve", url.Values{})
		require.Equal(t, http.StatusConflict, again.status)
		require.Contains(t, again.body, "only a counted task can be approved")
		rep, err := b.rig.Stock.Reconcile(context.Background())
		require.NoError(t, err)
		require.True(t, rep.OK, "%+v", rep.Differences)
	})
}

// Far off: a recount the first counter cannot claim; the recount's
// approval is refused while pick lines were promised the units, saying so.
func TestCountRecountAndPromisedUnitsOnThePages(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, b *bundle) {
		_, _ = wave(t, b) // 2 units of SKU-000 in A-01-01-1 promised to a pick line
		id := openCountPage(t, b, actor.Warehouse, "A-01-01-1")
		wh := b.browser(t)
		wh.signIn(b.emails[actor.Warehouse])
		require.Equal(t, http.StatusSeeOther, wh.post("/counts/"+id+"/claim", url.Values{}).status)
		sub := wh.post("/counts/"+id+"/submit", url.Values{"bin": {"A-01-01-1"}, "line_item": {"SKU-001"}, "line_qty": {"10"}})
		require.Equal(t, "/counts/"+id+"?done=count_recount", sub.location())
		recount := b.countTask(t, id).RecountID
		require.NotEmpty(t, recount)
		p := wh.get("/counts/" + recount)
		require.Contains(t, p.body, "Recount: this bin was counted once and was far off.")
		require.Contains(t, p.body, "You counted this bin first: someone else counts it again.")
		require.NotContains(t, p.body, "Claim and start counting")
		refused := wh.post("/counts/"+recount+"/claim", url.Values{})
		require.Equal(t, http.StatusConflict, refused.status)
		require.Contains(t, refused.body, "You counted bin A-01-01-1 first")

		admin := b.browser(t)
		admin.signIn(b.emails[actor.Admin])
		require.Equal(t, http.StatusSeeOther, admin.post("/counts/"+recount+"/claim", url.Values{}).status)
		require.Equal(t, http.StatusSeeOther, admin.post("/counts/"+recount+"/submit",
			url.Values{"bin": {"A-01-01-1"}, "line_item": {"SKU-001"}, "line_qty": {"10"}}).status)
		p = admin.post("/counts/"+recount+"/approve", url.Values{})
		require.Equal(t, http.StatusConflict, p.status)
		require.Contains(t, p.body, "2 of them are promised to pick lines; the count would leave 0: report the missing units short")
		require.Equal(t, inventory.CountCounted, b.countTask(t, recount).Status)
		cancelled := admin.post("/counts/"+id+"/cancel", url.Values{})
		require.Equal(t, http.StatusSeeOther, cancelled.status)
		require.Equal(t, inventory.CountCancelled, b.countTask(t, recount).Status, "cancelling the first cancels its recount")
	})
}

func TestCountListAndScheduleForms(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, b *bundle) {
		stocked(t, b, 1)
		br := b.browser(t)
		br.signIn(b.emails[actor.Warehouse])
		p := br.get("/counts?warehouse=EWR")
		require.Equal(t, http.StatusOK, p.status)
		require.Contains(t, p.body, "No count task in this status.")
		bad := br.post("/counts", url.Values{"warehouse": {"EWR"}, "bins": {"A-01-01-1 B-09-09-9"}})
		require.Equal(t, http.StatusUnprocessableEntity, bad.status)
		require.Contains(t, bad.body, `id="open.bins-error">Warehouse EWR has no bin B-09-09-9`)
		require.Contains(t, bad.body, "A-01-01-1 B-09-09-9</textarea>", "what was typed is kept")
		bad = br.post("/counts/schedule", url.Values{"warehouse": {"EWR"}, "count": {"many"}})
		require.Equal(t, http.StatusUnprocessableEntity, bad.status)
		require.Contains(t, bad.body, `id="schedule.count-error">Count must be 1 to 200`)
		ok := br.post("/counts/schedule", url.Values{"warehouse": {"EWR"}, "count": {"5"}})
		require.Equal(t, http.StatusSeeOther, ok.status, ok.body)
		require.Equal(t, "/counts?status=open&warehouse=EWR&done=counts_scheduled", ok.location())
		p = br.get(ok.location())
		require.Contains(t, p.body, "The counts that were due most are open.")
		require.Regexp(t, `<a href="/counts/cnt_\w+"><code>A-01-01-1</code></a>`, p.body)
		require.Contains(t, p.body, `<td data-label="Reason">schedule</td>`)
		none := br.post("/counts/schedule", url.Values{"warehouse": {"EWR"}, "count": {"5"}})
		require.Contains(t, none.location(), "done=counts_none_due")
		zh := b.browser(t)
		zh.signIn(b.emails[actor.Admin])
		require.Equal(t, http.StatusSeeOther, zh.post("/locale", url.Values{"locale": {"zh"}, "back": {"/counts"}}).status)
		require.Contains(t, zh.get("/counts?status=open").body, "<h1>循环盘点</h1>")
	})
}
