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
	"github.com/waybill/waybill/internal/catalog"
	"github.com/waybill/waybill/internal/order"
	"github.com/waybill/waybill/internal/pick"
)

// wave is a released order (two units of SKU-000, fragile, in bin
// A-01-01-1 of EWR) released to the floor by an admin through the wave
// form, and the wave's id.
func wave(t *testing.T, b *bundle) (order.Order, string) {
	t.Helper()
	o, _ := released(t, b)
	br := b.browser(t)
	br.signIn(b.emails[actor.Admin])
	p := br.post("/waves", url.Values{"warehouse": {"EWR"}, "strategy": {"order"}})
	require.Equal(t, http.StatusSeeOther, p.status, p.body)
	id := strings.TrimPrefix(p.location(), "/waves/")
	id, _, _ = strings.Cut(id, "?")
	require.True(t, strings.HasPrefix(id, "wav_"), p.location())
	return o, id
}

// requireScanError checks a refused step: 422, the message at the field.
func requireScanError(t *testing.T, p page, field, message string) {
	t.Helper()
	require.Equal(t, http.StatusUnprocessableEntity, p.status, p.body)
	require.Contains(t, p.body, `aria-describedby="`+field+`-error"`)
	require.Contains(t, p.body, `id="`+field+`-error" role="alert">`+message)
}

// task reads a pick task as the store has it.
func (b *bundle) pickTask(t *testing.T, id string) pick.Task {
	t.Helper()
	task, err := b.rig.Floor.Task(actor.With(context.Background(), actor.CLI("test")), id)
	require.NoError(t, err)
	return task
}

// hidden is the value of the hidden input name on a page.
func hidden(t *testing.T, body, name string) string {
	t.Helper()
	m := regexp.MustCompile(`<input type="hidden" name="` + name + `" value="([^"]*)">`).FindStringSubmatch(body)
	require.NotNil(t, m, "no hidden %s in %s", name, body)
	return m[1]
}

// step posts one step of the stop the page shows, carrying its hidden
// fields as the browser would, with the field of the step typed.
func step(br *browser, task, body string, typed url.Values) page {
	form := url.Values{}
	for _, m := range regexp.MustCompile(`<input type="hidden" name="([a-z_]+)" value="([^"]*)">`).FindAllStringSubmatch(body, -1) {
		form.Set(m[1], m[2])
	}
	for k, v := range typed {
		form[k] = v
	}
	return br.post("/pick/"+task, form)
}

func TestFloorPagesRolesMatchTheirOperations(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, b *bundle) {
		_, waveID := wave(t, b)
		w, err := b.rig.Floor.Wave(actor.With(context.Background(), actor.CLI("test")), waveID)
		require.NoError(t, err)
		taskID := w.Tasks[0].ID
		requireRoles(t, b, []access{
			{http.MethodGet, "/waves", "release-wave", nil},
			{http.MethodGet, "/waves/" + waveID, "get-wave", nil},
			{http.MethodGet, "/pick", "claim-next-pick-task", nil},
			{http.MethodGet, "/pick/" + taskID, "get-pick-task", nil},
			{http.MethodGet, "/putaways", "list-putaways", nil},
		})
		// The actions refuse every other role before doing anything.
		for _, a := range []access{
			{http.MethodPost, "/waves", "release-wave", url.Values{"warehouse": {"EWR"}}},
			{http.MethodPost, "/pick/claim", "claim-next-pick-task", url.Values{"warehouse": {"EWR"}}},
			{http.MethodPost, "/pick/" + taskID + "/claim", "claim-pick-task", url.Values{}},
			{http.MethodPost, "/pick/" + taskID + "/unclaim", "unclaim-pick-task", url.Values{}},
			{http.MethodPost, "/pick/" + taskID, "scan-pick", url.Values{"step": {"bin"}, "bin": {"A-01-01-1"}}},
			{http.MethodPost, "/putaways/put_nope", "complete-putaway", url.Values{"bin-put_nope": {"A-01-01-1"}}},
		} {
			roles, ok := b.api.OperationRoles(a.op)
			require.True(t, ok, a.op)
			require.ElementsMatch(t, []actor.Role{actor.Admin, actor.Warehouse}, roles, a.op)
			for _, role := range actor.Roles {
				if slices.Contains(roles, role) {
					continue
				}
				br := b.browser(t)
				br.signIn(b.emails[role])
				p := br.post(a.path, a.form)
				require.Equal(t, http.StatusForbidden, p.status, "%s as %s", a.path, role)
			}
		}
		require.Equal(t, pick.TaskOpen, b.pickTask(t, taskID).Status, "nothing was claimed")
		// The navigation offers the floor to the roles that work it.
		for role, want := range map[actor.Role]bool{actor.Warehouse: true, actor.Admin: true, actor.Finance: false} {
			br := b.browser(t)
			br.signIn(b.emails[role])
			body := br.get("/orders").body
			if role == actor.Warehouse {
				body = br.get("/fulfilments").body
			}
			for _, link := range []string{`href="/pick"`, `href="/waves"`, `href="/putaways"`} {
				require.Equal(t, want, strings.Contains(body, link), "%s %s", role, link)
			}
		}
	})
}

func TestWavePagesReleaseAndShowAWave(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, b *bundle) {
		released(t, b)
		br := b.browser(t)
		br.signIn(b.emails[actor.Admin])
		form := br.get("/waves?warehouse=EWR")
		require.Equal(t, http.StatusOK, form.status)
		require.Contains(t, form.body, `<option value="EWR" selected>EWR</option>`)
		require.Contains(t, form.body, "No open or claimed task in this warehouse.")

		bad := br.post("/waves", url.Values{"warehouse": {"EWR"}, "strategy": {"zigzag"}, "ships_by": {"tomorrow"},
			"max_orders": {"many"}, "cart_totes": {"101"}})
		requireFieldError(t, bad, "strategy", "a strategy is order, cluster or putwall")
		requireFieldError(t, bad, "ships_by", "a day is YYYY-MM-DD")
		require.Contains(t, bad.body, `id="max_orders-error">between 1 and 10000`)
		require.Contains(t, bad.body, `id="cart_totes-error">between 1 and 100`)
		require.Contains(t, bad.body, `value="tomorrow"`, "what was typed is kept")

		p := br.post("/waves", url.Values{"warehouse": {"EWR"}, "strategy": {"cluster"}, "max_orders": {"5"}})
		require.Equal(t, http.StatusSeeOther, p.status, p.body)
		require.Regexp(t, `^/waves/wav_\w+\?done=wave_released$`, p.location())
		page := br.get(p.location())
		require.Equal(t, http.StatusOK, page.status)
		require.Contains(t, page.body, "The wave is released")
		require.Contains(t, page.body, "cluster: several orders on one cart")
		require.Regexp(t, `\d+\.\d m planned; \d+\.\d m if each fulfilment were walked alone \(-?\d+ % saved\)`, page.body)
		require.Contains(t, page.body, `href="/pick/ptk_`)
		require.Contains(t, page.body, "Every fulfilment chosen was released.")

		again := br.post("/waves", url.Values{"warehouse": {"EWR"}})
		require.Equal(t, http.StatusConflict, again.status)
		require.Contains(t, again.body, `class="error" role="alert">warehouse EWR has no ready fulfilment`)
		floor := br.get("/waves?warehouse=EWR")
		require.Contains(t, floor.body, `href="/pick/ptk_`, "the new task is on the floor")
		require.Equal(t, http.StatusNotFound, br.get("/waves/wav_nope").status)
	})
}

// The handheld's whole flow over HTTP, as a browser without script sends
// it: claim, each step checked by the store's rules with a wrong scan
// refused at its field and nothing booked, a double submit booked once,
// part of a stop and then the rest, the task done.
func TestPickScreenWalksAStopScanByScan(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, b *bundle) {
		_, _ = wave(t, b)
		br := b.browser(t)
		br.signIn(b.emails[actor.Warehouse])
		start := br.get("/pick")
		require.Equal(t, http.StatusOK, start.status)
		require.Contains(t, start.body, `<option value="EWR" selected>EWR</option>`)
		claimed := br.post("/pick/claim", url.Values{"warehouse": {"ewr"}})
		require.Equal(t, http.StatusSeeOther, claimed.status, claimed.body)
		require.Contains(t, claimed.header.Get("Set-Cookie"), "waybill_pick_warehouse=EWR")
		taskID := strings.TrimPrefix(claimed.location(), "/pick/")
		require.Contains(t, br.get("/pick").body, "You hold task "+taskID, "the start screen leads back to it")

		p := br.get("/pick/" + taskID)
		require.Equal(t, http.StatusOK, p.status)
		require.Contains(t, p.body, "<h1>Stop 1 of 1</h1>")
		require.Contains(t, p.body, "<strong>A-01-01-1</strong>")
		require.Contains(t, p.body, "Pick 2")
		require.Contains(t, p.body, "<code>SKU-000</code> Product SKU-000")
		require.Contains(t, p.body, `<span class="tag warn">fragile</span>`)
		require.Contains(t, p.body, "Cart position 1 · take an empty tote")
		require.Contains(t, p.body, `<label for="bin">Scan the bin</label>`)
		require.Regexp(t, `name="scan_id" value="hh-\w+"`, p.body)
		require.Contains(t, p.body, `<a href="/pick/`+taskID+`/list.pdf">Print the pick list (PDF)</a>`)
		printed := br.get("/pick/" + taskID + "/list.pdf")
		require.Equal(t, http.StatusOK, printed.status)
		require.Equal(t, "application/pdf", printed.header.Get("Content-Type"))
		require.True(t, strings.HasPrefix(printed.body, "%PDF-"))

		// A wrong bin: refused at the field, which keeps the focus; nothing recorded.
		wrong := step(br, taskID, p.body, url.Values{"bin": {"A-01-01-2"}})
		requireScanError(t, wrong, "bin", "Wrong bin: you scanned A-01-01-2; this stop is bin A-01-01-1")
		require.Regexp(t, `<input id="bin" name="bin" type="text" autofocus`, wrong.body)
		require.Zero(t, b.pickTask(t, taskID).Lines[0].Picked)
		empty := step(br, taskID, wrong.body, url.Values{"bin": {""}})
		requireScanError(t, empty, "bin", "Scan the bin&#39;s label.")

		p = step(br, taskID, wrong.body, url.Values{"bin": {"a-01-01-1"}})
		require.Equal(t, http.StatusOK, p.status, p.body)
		require.Contains(t, p.body, `<label for="item">Scan the item</label>`)
		require.Equal(t, "a-01-01-1", hidden(t, p.body, "bin"))
		wrong = step(br, taskID, p.body, url.Values{"item": {"NOT-A-SKU"}})
		requireScanError(t, wrong, "item", "Wrong item: you scanned code NOT-A-SKU, which is not in the catalogue; this stop wants SKU SKU-000")
		require.Equal(t, "a-01-01-1", hidden(t, wrong.body, "bin"), "the right bin stays scanned")

		p = step(br, taskID, wrong.body, url.Values{"item": {"sku-000"}})
		require.Contains(t, p.body, `<label for="quantity">How many did you take? Enter confirms</label>`)
		require.Regexp(t, `inputmode="numeric"[^>]*data-select\s+value="2"`, p.body, "pre-filled with what is left")
		wrong = step(br, taskID, p.body, url.Values{"quantity": {"3"}})
		requireScanError(t, wrong, "quantity", "3 is too many: 2 left to pick at this stop")
		wrong = step(br, taskID, p.body, url.Values{"quantity": {"two"}})
		requireScanError(t, wrong, "quantity", "Quantity must be a whole number")

		p = step(br, taskID, p.body, url.Values{"quantity": {"1"}})
		require.Contains(t, p.body, `<label for="tote">Scan the tote</label>`)
		require.Zero(t, b.pickTask(t, taskID).Lines[0].Picked, "nothing is booked before the tote")
		wrong = step(br, taskID, p.body, url.Values{"tote": {"bad tote!"}})
		requireScanError(t, wrong, "tote", "Scan the tote: 1 to 32 letters, digits or &#39;-&#39;")

		booked := step(br, taskID, p.body, url.Values{"tote": {"t-1"}})
		require.Equal(t, http.StatusSeeOther, booked.status, booked.body)
		require.Equal(t, "/pick/"+taskID+"?done=pick_booked", booked.location())
		again := step(br, taskID, p.body, url.Values{"tote": {"t-1"}})
		require.Equal(t, http.StatusSeeOther, again.status, "a double submit answers as the first")
		task := b.pickTask(t, taskID)
		require.Equal(t, int64(1), task.Lines[0].Picked, "booked once")
		require.Equal(t, "T-1", task.Totes[0].Code)

		// The rest of the stop: the tote is now bound, another one is refused.
		p = br.get(booked.location())
		require.Contains(t, p.body, "Booked. Here is the next stop.")
		require.Contains(t, p.body, "Pick 1")
		require.Contains(t, p.body, "Cart position 1 · tote T-1")
		for _, typed := range []url.Values{{"bin": {"A-01-01-1"}}, {"item": {"SKU-000"}}, {"quantity": {"1"}}} {
			p = step(br, taskID, p.body, typed)
			require.Equal(t, http.StatusOK, p.status, p.body)
		}
		wrong = step(br, taskID, p.body, url.Values{"tote": {"T-2"}})
		requireScanError(t, wrong, "tote", "Wrong tote: you scanned T-2; these units go in tote T-1")
		last := step(br, taskID, wrong.body, url.Values{"tote": {"T-1"}})
		require.Equal(t, http.StatusSeeOther, last.status, last.body)
		require.Equal(t, "/pick/"+taskID+"?done=pick_task_done", last.location())
		finished := br.get(last.location())
		require.Contains(t, finished.body, "<h1>Task done</h1>")
		require.Contains(t, finished.body, "Every stop is picked: 2 units.")
		require.Contains(t, finished.body, "Cart position 1 · tote T-1 · Order ")
		require.Contains(t, finished.body, `<input type="hidden" name="warehouse" value="EWR">`, "claim next, in the same warehouse")
		require.Equal(t, pick.TaskDone, b.pickTask(t, taskID).Status)
		next := br.post("/pick/claim", url.Values{"warehouse": {"EWR"}})
		require.Equal(t, http.StatusNotFound, next.status)
		require.Contains(t, next.body, "No task is waiting in EWR.")
	})
}

func TestPickTaskGiveBackClaimAndRefusals(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, b *bundle) {
		_, waveID := wave(t, b)
		w, err := b.rig.Floor.Wave(actor.With(context.Background(), actor.CLI("test")), waveID)
		require.NoError(t, err)
		taskID := w.Tasks[0].ID
		picker, admin := b.browser(t), b.browser(t)
		picker.signIn(b.emails[actor.Warehouse])
		admin.signIn(b.emails[actor.Admin])

		open := picker.get("/pick/" + taskID)
		require.Contains(t, open.body, "This task is waiting to be claimed.")
		scan := picker.post("/pick/"+taskID, url.Values{"step": {"bin"}, "bin": {"A-01-01-1"}})
		require.Equal(t, http.StatusConflict, scan.status, "an unclaimed task takes no scan")
		require.Contains(t, scan.body, "is not claimed; claim it first")

		require.Equal(t, "/pick/"+taskID+"?done=pick_claimed", picker.post("/pick/"+taskID+"/claim", url.Values{}).location())
		other := admin.post("/pick/"+taskID+"/claim", url.Values{})
		require.Equal(t, http.StatusConflict, other.status)
		require.Contains(t, other.body, "is claimed by")
		require.Contains(t, other.body, "Give back task", "an admin may free a task left behind")

		back := picker.post("/pick/"+taskID+"/unclaim", url.Values{})
		require.Equal(t, "/pick?warehouse=EWR&done=pick_given_back", back.location())
		require.Contains(t, picker.get(back.location()).body, "The task is back in the queue.")
		require.Equal(t, pick.TaskOpen, b.pickTask(t, taskID).Status)
		require.Equal(t, http.StatusNotFound, picker.get("/pick/ptk_nope").status)
		require.Equal(t, http.StatusBadRequest, picker.post("/pick/"+taskID, url.Values{"step": {"dance"}}).status)
	})
}

// A valuable stop waits for an admin's check: the screen says so, and the
// store's refusal shows when the scans are all right.
func TestPickScreenShowsTheValuableRefusal(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, b *bundle) {
		o, _ := released(t, b)
		products := catalog.NewStore(b.d)
		p, err := products.GetBySKU(b.rig.Ctx, o.Lines[0].SKU)
		require.NoError(t, err)
		yes := true
		_, err = products.Update(b.rig.Ctx, p.ID, catalog.ProductPatch{Valuable: &yes})
		require.NoError(t, err)
		admin := b.browser(t)
		admin.signIn(b.emails[actor.Admin])
		require.Equal(t, http.StatusSeeOther, admin.post("/waves", url.Values{"warehouse": {"EWR"}}).status)
		br := b.browser(t)
		br.signIn(b.emails[actor.Warehouse])
		taskID := strings.TrimPrefix(br.post("/pick/claim", url.Values{"warehouse": {"EWR"}}).location(), "/pick/")
		screen := br.get("/pick/" + taskID)
		require.Contains(t, screen.body, "Valuable: an admin must verify this stop before it can be picked.")
		for _, typed := range []url.Values{{"bin": {"A-01-01-1"}}, {"item": {"SKU-000"}}, {"quantity": {"2"}}} {
			screen = step(br, taskID, screen.body, typed)
			require.Equal(t, http.StatusOK, screen.status, screen.body)
		}
		refused := step(br, taskID, screen.body, url.Values{"tote": {"T-9"}})
		require.Equal(t, http.StatusConflict, refused.status)
		require.Contains(t, refused.body, "SKU SKU-000 is valuable: a second person (an admin) scans this stop before it is picked")
		require.Zero(t, b.pickTask(t, taskID).Lines[0].Picked)

		// The admin's second scan at the cage, on the same screen.
		seen := admin.get("/pick/" + taskID)
		require.Contains(t, seen.body, "Second scan of a valuable stop")
		verify := func(bin, item string) page {
			return admin.post("/pick/"+taskID+"/verify", url.Values{"line": {hidden(t, seen.body, "line")},
				"scan_id": {hidden(t, seen.body, "scan_id")}, "verify_bin": {bin}, "verify_item": {item}})
		}
		requireScanError(t, verify("A-09-09-9", "SKU-000"), "verify_bin", "Wrong bin: you scanned A-09-09-9")
		require.Empty(t, b.pickTask(t, taskID).Lines[0].VerifiedBy, "nothing recorded")
		ok := verify("a-01-01-1", "sku-000")
		require.Equal(t, http.StatusSeeOther, ok.status, ok.body)
		require.Contains(t, admin.get(ok.location()).body, "Verified. The picker may pick the stop now.")
		require.NotEmpty(t, b.pickTask(t, taskID).Lines[0].VerifiedBy)
		booked := step(br, taskID, screen.body, url.Values{"tote": {"T-9"}})
		require.Equal(t, http.StatusSeeOther, booked.status, booked.body)
		require.Equal(t, int64(2), b.pickTask(t, taskID).Lines[0].Picked)
	})
}

// Units picked for an order cancelled on the floor go back to a bin from
// the put-away list: a bin the warehouse lacks is refused at the task's
// field; the right one books them on hand again.
func TestPutAwayPage(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, b *bundle) {
		o, _ := wave(t, b)
		br := b.browser(t)
		br.signIn(b.emails[actor.Warehouse])
		taskID := strings.TrimPrefix(br.post("/pick/claim", url.Values{"warehouse": {"EWR"}}).location(), "/pick/")
		p := br.get("/pick/" + taskID)
		for _, typed := range []url.Values{{"bin": {"A-01-01-1"}}, {"item": {"SKU-000"}}, {"quantity": {"1"}}, {"tote": {"T-7"}}} {
			p = step(br, taskID, p.body, typed)
		}
		require.Equal(t, http.StatusSeeOther, p.status, p.body)
		before := onHand(t, b, "EWR", "SKU-000")
		_, err := b.rig.Orders.Cancel(b.rig.Ctx, o.ID, "customer changed their mind")
		require.NoError(t, err)

		list := br.get("/putaways?warehouse=EWR")
		require.Equal(t, http.StatusOK, list.status)
		require.Contains(t, list.body, "1 × SKU-000 · EWR")
		require.Contains(t, list.body, "<code>T-7</code>")
		id := regexp.MustCompile(`action="/putaways/(put_\w+)`).FindStringSubmatch(list.body)
		require.NotNil(t, id, list.body)
		bad := br.post("/putaways/"+id[1]+"?warehouse=EWR", url.Values{"bin-" + id[1]: {"Z-99"}})
		requireScanError(t, bad, "bin-"+id[1], "Warehouse EWR has no bin Z-99")
		require.Contains(t, bad.body, `value="Z-99"`)
		ok := br.post("/putaways/"+id[1]+"?warehouse=EWR", url.Values{"bin-" + id[1]: {"a-01-01-2"}})
		require.Equal(t, http.StatusSeeOther, ok.status, ok.body)
		require.Equal(t, "/putaways?warehouse=EWR&done=putaway_done", ok.location())
		after := br.get(ok.location())
		require.Contains(t, after.body, "Put away: the units are on hand in that bin again.")
		require.Contains(t, after.body, "Put into A-01-01-2")
		require.Equal(t, before+1, onHand(t, b, "EWR", "SKU-000"))
		twice := br.post("/putaways/"+id[1], url.Values{"bin-" + id[1]: {"A-01-01-2"}})
		require.Equal(t, http.StatusConflict, twice.status)
		require.Contains(t, twice.body, "is already done")
	})
}

// The handheld speaks the picker's language; the store's words (what was
// scanned, what was expected) follow the sentence.
func TestPickScreenInChinese(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, b *bundle) {
		wave(t, b)
		zhPerson(t, b, "li@example.com")
		br := b.browser(t)
		br.signIn("li@example.com")
		taskID := strings.TrimPrefix(br.post("/pick/claim", url.Values{"warehouse": {"EWR"}}).location(), "/pick/")
		p := br.get("/pick/" + taskID)
		require.Contains(t, p.body, "<h1>第 1 / 1 个拣货点</h1>")
		require.Contains(t, p.body, "拣 2 件")
		wrong := step(br, taskID, p.body, url.Values{"bin": {"A-01-01-2"}})
		requireScanError(t, wrong, "bin", "库位不对（wrong bin: you scanned A-01-01-2; this stop is bin A-01-01-1）")
	})
}

// The short form: a wrong bin and a found count that covers the stop are
// refused at their fields; a real shortage is booked, the order line goes
// short (EWR has no other bin with the SKU), and the page says so.
func TestPickScreenReportsABinShort(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, b *bundle) {
		o, waveID := wave(t, b)
		w, err := b.rig.Floor.Wave(actor.With(context.Background(), actor.CLI("test")), waveID)
		require.NoError(t, err)
		taskID := w.Tasks[0].ID
		picker := b.browser(t)
		picker.signIn(b.emails[actor.Warehouse])
		require.Equal(t, http.StatusSeeOther, picker.post("/pick/"+taskID+"/claim", url.Values{}).status)
		p := picker.get("/pick/" + taskID)
		require.Contains(t, p.body, "Bin short?")
		line, scanID := hidden(t, p.body, "line"), hidden(t, p.body, "scan_id")
		short := func(bin, found string) page {
			return picker.post("/pick/"+taskID+"/short", url.Values{"line": {line}, "scan_id": {scanID}, "short_bin": {bin}, "found": {found}})
		}
		requireScanError(t, short("A-09-09-9", "1"), "short_bin", "Wrong bin: you scanned A-09-09-9")
		requireScanError(t, short("A-01-01-1", "2"), "found", "2 found covers the 2 this stop needs")
		require.Zero(t, b.pickTask(t, taskID).Lines[0].Short, "nothing booked")
		done := short("A-01-01-1", "1")
		require.Equal(t, http.StatusSeeOther, done.status, done.body)
		require.Contains(t, picker.get(done.location()).body, "the order line is short")
		got := b.pickTask(t, taskID)
		require.Equal(t, int64(1), got.Lines[0].Short)
		placed, err := b.rig.Orders.Get(actor.With(context.Background(), actor.CLI("test")), o.ID)
		require.NoError(t, err)
		require.Equal(t, int64(1), placed.Lines[0].ShortQuantity)
	})
}
