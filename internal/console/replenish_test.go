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
	"github.com/waybill/waybill/internal/inventory"
	"github.com/waybill/waybill/internal/pick"
	"github.com/waybill/waybill/internal/warehouse"
)

// replenishing is a released order of two units of SKU-000 waved from its
// pick face A-01-01-1 (10 units, limits 9 to 12), which opens a task
// carrying 2 units from the reserve bin A-01-01-3 above it; the task.
func replenishing(t *testing.T, b *bundle) pick.ReplenishTask {
	t.Helper()
	released(t, b)
	ctx := actor.With(context.Background(), actor.CLI("test"))
	_, err := warehouse.NewStore(b.d).AddBins(ctx, "EWR", []warehouse.BinInput{{Code: "A-01-01-3", X: 1, Y: 1}})
	require.NoError(t, err)
	_, err = b.rig.Stock.Receive(ctx, inventory.Receipt{Warehouse: "EWR", Bin: "A-01-01-3", SKU: "SKU-000", Quantity: 20, Reference: "PO"})
	require.NoError(t, err)
	_, err = b.rig.Floor.PutFaceLimits(ctx, "EWR", []pick.FaceLimit{{Bin: "A-01-01-1", SKU: "SKU-000", Min: 9, Max: 12}})
	require.NoError(t, err)
	_, err = b.rig.Floor.Release(ctx, pick.WaveRequest{Warehouse: "EWR"})
	require.NoError(t, err)
	tasks, err := b.rig.Floor.ReplenishTasks(ctx, pick.ReplenishFilter{Warehouse: "EWR"})
	require.NoError(t, err)
	require.Len(t, tasks, 1)
	require.Equal(t, int64(2), tasks[0].Quantity)
	return tasks[0]
}

func TestReplenishPageRolesMatchTheirOperations(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, b *bundle) {
		rt := replenishing(t, b)
		requireRoles(t, b, []access{{http.MethodGet, "/replenishment", "list-replenish-tasks", nil}})
		for _, a := range []access{
			{http.MethodPost, "/replenishment/" + rt.ID + "/claim", "claim-replenish-task", url.Values{}},
			{http.MethodPost, "/replenishment/" + rt.ID + "/unclaim", "unclaim-replenish-task", url.Values{}},
			{http.MethodPost, "/replenishment/" + rt.ID, "complete-replenish-task", url.Values{"quantity-" + rt.ID: {"2"}}},
			{http.MethodPost, "/replenishment/limits", "put-pick-face-limits",
				url.Values{"warehouse": {"EWR"}, "bin": {"A-01-01-1"}, "sku": {"SKU-000"}, "min": {"1"}, "max": {"2"}}},
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
		got, err := b.rig.Floor.ReplenishTask(actor.With(context.Background(), actor.CLI("test")), rt.ID)
		require.NoError(t, err)
		require.Equal(t, pick.TaskOpen, got.Status, "nothing was claimed")
		for role, want := range map[actor.Role]bool{actor.Warehouse: true, actor.Admin: true, actor.Finance: false} {
			br := b.browser(t)
			br.signIn(b.emails[role])
			body := br.get("/orders").body
			if role == actor.Warehouse {
				body = br.get("/fulfilments").body
			}
			require.Equal(t, want, strings.Contains(body, `href="/replenishment"`), "%s", role)
		}
	})
}

// TestReplenishPageClaimsAndScans walks a task on the handheld: claim it,
// every missing or wrong scan back at its field with nothing booked, the
// right ones booked as a move, the task done.
func TestReplenishPageClaimsAndScans(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, b *bundle) {
		rt := replenishing(t, b)
		br := b.browser(t)
		br.signIn(b.emails[actor.Warehouse])
		list := br.get("/replenishment?warehouse=EWR")
		require.Equal(t, http.StatusOK, list.status)
		require.Contains(t, list.body, `<meta name="viewport" content="width=device-width, initial-scale=1">`)
		require.Contains(t, list.body, "2 × SKU-000 · EWR")
		require.Contains(t, list.body, "<code>A-01-01-3</code>")
		require.Contains(t, list.body, "A wave took the face below its minimum, or picks from reserve")
		require.Contains(t, list.body, `action="/replenishment/`+rt.ID+`/claim?warehouse=EWR"`)
		require.NotContains(t, list.body, `name="from_bin-`+rt.ID+`"`, "no scan form before the claim")

		claimed := br.post("/replenishment/"+rt.ID+"/claim?warehouse=EWR", url.Values{})
		require.Equal(t, http.StatusSeeOther, claimed.status, claimed.body)
		require.Equal(t, "/replenishment?warehouse=EWR&done=replenish_claimed", claimed.location())
		form := br.get(claimed.location())
		require.Contains(t, form.body, "Claimed: take the units")
		require.Contains(t, form.body, `name="from_bin-`+rt.ID+`"`)
		require.Contains(t, form.body, `inputmode="numeric"`)
		require.Contains(t, form.body, `value="2"`, "the quantity offered is the task's")
		require.Contains(t, form.body, "Claimed by you")
		require.Contains(t, form.body, `id="from_bin-`+rt.ID+`" name="from_bin-`+rt.ID+`" type="text" spellcheck="false" data-scan data-select autofocus`,
			"the scanner types into the reserve bin first")
		require.Less(t, strings.Index(form.body, `id="quantity-`+rt.ID), strings.Index(form.body, `id="to_bin-`+rt.ID),
			"the units are counted at the reserve bin, the face scanned last")

		path := "/replenishment/" + rt.ID + "?warehouse=EWR"
		empty := br.post(path, url.Values{})
		for _, f := range []string{"from_bin", "item", "to_bin"} {
			requireScanError(t, empty, f+"-"+rt.ID, "Scan the")
		}
		requireScanError(t, empty, "quantity-"+rt.ID, "Enter how many units you carried.")
		scan := func(from, item, to, qty string) page {
			return br.post(path, url.Values{"from_bin-" + rt.ID: {from}, "item-" + rt.ID: {item}, "to_bin-" + rt.ID: {to}, "quantity-" + rt.ID: {qty}})
		}
		wrong := scan("A-01-01-2", "<b>SKU-001</b>", "A-01-01-3", "3")
		requireScanError(t, wrong, "from_bin-"+rt.ID, "Wrong bin: you scanned A-01-01-2; take the units from bin A-01-01-3")
		requireScanError(t, wrong, "item-"+rt.ID, "Wrong item: you scanned code &lt;b&gt;SKU-001&lt;/b&gt;")
		requireScanError(t, wrong, "to_bin-"+rt.ID, "Wrong bin: you scanned A-01-01-3; the units go into bin A-01-01-1")
		requireScanError(t, wrong, "quantity-"+rt.ID, "3 is too many: this task carries 2")
		require.Contains(t, wrong.body, `value="&lt;b&gt;SKU-001&lt;/b&gt;"`, "what was typed is kept, escaped")
		require.Equal(t, pick.TaskClaimed, b.replenishTask(t, rt.ID).Status, "nothing booked")
		require.Equal(t, 1, strings.Count(wrong.body, " autofocus"), "one field has the focus")
		require.Equal(t, 2, strings.Count(wrong.body, `<option value="EWR" selected>EWR</option>`), "the limit form keeps the list's warehouse")
		itemOnly := scan("A-01-01-3", "SKU-001", "A-01-01-1", "2")
		requireScanError(t, itemOnly, "item-"+rt.ID, "Wrong item")
		require.Contains(t, itemOnly.body, `name="item-`+rt.ID+`" type="text" spellcheck="false" data-scan data-select autofocus`, "the first wrong field")

		ok := scan("a-01-01-3", "SKU-000", "A-01-01-1", "2")
		require.Equal(t, http.StatusSeeOther, ok.status, ok.body)
		require.Equal(t, "/replenishment?warehouse=EWR&done=replenish_done", ok.location())
		after := br.get(ok.location())
		require.Contains(t, after.body, "Booked: the units are on the pick face.")
		require.Contains(t, after.body, "Done: 2 carried")
		require.Equal(t, pick.TaskDone, b.replenishTask(t, rt.ID).Status)

		again := scan("A-01-01-3", "SKU-000", "A-01-01-1", "2")
		require.Equal(t, http.StatusConflict, again.status, again.body)
		require.Contains(t, again.body, "is done")
		require.Equal(t, http.StatusNotFound, br.post("/replenishment/rpl_nope/claim", url.Values{}).status)
		rep, err := b.rig.Stock.Reconcile(context.Background())
		require.NoError(t, err)
		require.True(t, rep.OK, "%+v", rep.Differences)
	})
}

// TestReplenishLimitFormSetsOneFace sets a face's limits from the form:
// each bad value refused at its field with nothing changed, a face and SKU
// already limited replaced, a new one added beside it.
func TestReplenishLimitFormSetsOneFace(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, b *bundle) {
		replenishing(t, b) // A-01-01-1 SKU-000 9 to 12
		ctx := actor.With(context.Background(), actor.CLI("test"))
		br := b.browser(t)
		br.signIn(b.emails[actor.Warehouse])
		p := br.get("/replenishment?warehouse=EWR")
		require.Contains(t, p.body, `<li><code>A-01-01-1</code> <code>SKU-000</code> 9–12</li>`)
		set := func(bin, sku, lo, hi string) page {
			return br.post("/replenishment/limits?warehouse=EWR", url.Values{"warehouse": {"EWR"}, "bin": {bin}, "sku": {sku}, "min": {lo}, "max": {hi}})
		}
		for _, c := range []struct {
			name             string
			bin, sku, lo, hi string
			field, message   string
		}{
			{"min no number", "A-01-01-1", "SKU-000", "five", "20", "limit.min", "Enter a whole number."},
			{"max not above min", "A-01-01-1", "SKU-000", "20", "5", "limit.max", "Max (5) must be above min (20)"},
			{"reserve bin", "A-01-01-3", "SKU-000", "1", "5", "limit.bin", "Bin A-01-01-3 holds reserve stock"},
			{"unknown bin", "Z-99", "SKU-000", "1", "5", "limit.bin", "The warehouse has no bin Z-99"},
			{"unknown sku", "A-01-01-1", "NOPE", "1", "5", "limit.sku", "There is no SKU NOPE"},
		} {
			bad := set(c.bin, c.sku, c.lo, c.hi)
			require.Equal(t, http.StatusUnprocessableEntity, bad.status, c.name)
			require.Contains(t, bad.body, `aria-describedby="`+c.field+`-error"`, c.name)
			require.Contains(t, bad.body, `id="`+c.field+`-error">`+c.message, c.name)
		}
		limits, err := b.rig.Floor.FaceLimits(ctx, "EWR")
		require.NoError(t, err)
		require.Equal(t, []int64{9, 12}, []int64{limits[0].Min, limits[0].Max}, "nothing changed")

		ok := set("a-01-01-1", "sku-000", "5", "20")
		require.Equal(t, http.StatusSeeOther, ok.status, ok.body)
		require.Equal(t, "/replenishment?warehouse=EWR&done=replenish_limit_set", ok.location())
		require.Contains(t, br.get(ok.location()).body, `<li><code>A-01-01-1</code> <code>SKU-000</code> 5–20</li>`)
		require.Equal(t, http.StatusSeeOther, set("A-01-01-1", "SKU-001", "0", "3").status)
		limits, err = b.rig.Floor.FaceLimits(ctx, "EWR")
		require.NoError(t, err)
		require.Len(t, limits, 2)
		require.Equal(t, []int64{5, 20, 0, 3}, []int64{limits[0].Min, limits[0].Max, limits[1].Min, limits[1].Max})
	})
}

func (b *bundle) replenishTask(t *testing.T, id string) pick.ReplenishTask {
	t.Helper()
	rt, err := b.rig.Floor.ReplenishTask(actor.With(context.Background(), actor.CLI("test")), id)
	require.NoError(t, err)
	return rt
}
