package console_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/flowtest"
	"github.com/waybill/waybill/internal/fulfilment"
	"github.com/waybill/waybill/internal/order"
	"github.com/waybill/waybill/internal/pick"
)

// putWall is three released orders of EWR (SKU-000 x1; SKU-000 x2 and
// SKU-001 x1; SKU-001 x1) released by an admin through the wave form as a
// put-wall wave of one walk, and that walk's task.
func putWall(t *testing.T, b *bundle) ([]order.Order, string) {
	t.Helper()
	skus := stocked(t, b, 2)
	var orders []order.Order
	for i, lines := range [][]order.LineInput{
		{flowtest.Line(skus[0], 1)},
		{flowtest.Line(skus[0], 2), flowtest.Line(skus[1], 1)},
		{flowtest.Line(skus[1], 1)},
	} {
		orders = append(orders, b.rig.ReleasedOrder(t, fmt.Sprintf("wall-%d", i), lines...))
	}
	br := b.browser(t)
	br.signIn(b.emails[actor.Admin])
	form := br.get("/waves?warehouse=EWR")
	require.Contains(t, form.body, `<option value="putwall">put wall: a batch picked in bulk, then sorted into a wall&#39;s slots</option>`)
	p := br.post("/waves", url.Values{"warehouse": {"EWR"}, "strategy": {"putwall"}, "cart_totes": {"12"}})
	require.Equal(t, http.StatusSeeOther, p.status, p.body)
	waveID, _, _ := strings.Cut(strings.TrimPrefix(p.location(), "/waves/"), "?")
	w, err := b.rig.Floor.Wave(actor.With(context.Background(), actor.CLI("test")), waveID)
	require.NoError(t, err)
	require.Len(t, w.Tasks, 1)
	taskID := w.Tasks[0].ID
	wave := br.get("/waves/" + waveID)
	require.Contains(t, wave.body, "put wall: a batch picked in bulk")
	require.Contains(t, wave.body, `<a class="wall-link" href="/wall/`+taskID+`">Put wall</a>`, "the wave leads to its wall")
	return orders, taskID
}

// walkBulk claims the put-wall task as the warehouse person and picks
// every stop into one bulk tote through the pick screen.
func walkBulk(t *testing.T, b *bundle, br *browser, taskID string) page {
	t.Helper()
	require.Equal(t, http.StatusSeeOther, br.post("/pick/"+taskID+"/claim", url.Values{}).status)
	p := br.get("/pick/" + taskID)
	for n := 0; ; n++ {
		require.Less(t, n, 10, "the walk ends")
		next := b.pickTask(t, taskID).Next
		if next == nil {
			break
		}
		for _, typed := range []url.Values{{"bin": {next.Bin}}, {"item": {next.SKU}}, {"quantity": {strconv.FormatInt(next.Left(), 10)}},
			{"tote": {"BULK-1"}}} {
			p = step(br, taskID, p.body, typed)
		}
		require.Equal(t, http.StatusSeeOther, p.status, p.body)
		p = br.get(p.location())
	}
	return p
}

// wallPost sends the wall's form as the browser would: its hidden fields
// and the field of its step typed.
func wallPost(br *browser, taskID, body string, typed url.Values) page {
	form := url.Values{}
	for _, m := range regexp.MustCompile(`<input type="hidden" name="([a-z_]+)" value="([^"]*)">`).FindAllStringSubmatch(body, -1) {
		form.Set(m[1], m[2])
	}
	for k, v := range typed {
		form[k] = v
	}
	return br.post("/wall/"+taskID, form)
}

// slotOf is the slot number the page shows big.
func slotOf(t *testing.T, body string) int {
	t.Helper()
	m := regexp.MustCompile(`<p class="wall-slot">(\d+)</p>`).FindStringSubmatch(body)
	require.NotNil(t, m, body)
	n, _ := strconv.Atoi(m[1])
	return n
}

func (b *bundle) wall(t *testing.T, taskID string) []pick.Slot {
	t.Helper()
	w, err := b.rig.Floor.Wall(actor.With(context.Background(), actor.CLI("test")), taskID)
	require.NoError(t, err)
	return w
}

func sorted(w []pick.Slot) (n int64) {
	for _, s := range w {
		n += s.Sorted
	}
	return n
}

func TestWallPagesRolesMatchTheirOperations(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, b *bundle) {
		_, taskID := putWall(t, b)
		requireRoles(t, b, []access{{http.MethodGet, "/wall/" + taskID, "get-put-wall", nil}})
		roles, ok := b.api.OperationRoles("sort-put-wall")
		require.True(t, ok)
		require.ElementsMatch(t, []actor.Role{actor.Admin, actor.Warehouse}, roles)
		for _, role := range actor.Roles {
			if slices.Contains(roles, role) {
				continue
			}
			br := b.browser(t)
			br.signIn(b.emails[role])
			p := br.post("/wall/"+taskID, url.Values{"step": {"slot"}, "item": {"SKU-000"}, "slot": {"1"}, "scan_id": {"x"}})
			require.Equal(t, http.StatusForbidden, p.status, "as %s", role)
		}
		require.Zero(t, sorted(b.wall(t, taskID)), "nothing was sorted")
	})
}

// The wall's whole flow over HTTP, as a browser without script sends it:
// the walk into a bulk tote, then each unit scanned and put into the slot
// the screen shows; a wrong slot, an unknown item and an extra unit
// refused at their fields with nothing booked; a double submit booked
// once; slots complete one by one, then the wall.
func TestWallSortsEachUnitIntoItsSlot(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, b *bundle) {
		orders, taskID := putWall(t, b)
		br := b.browser(t)
		br.signIn(b.emails[actor.Warehouse])
		finished := walkBulk(t, b, br, taskID)
		require.Contains(t, finished.body, "<h1>Task done</h1>")
		require.Contains(t, finished.body, "Take the bulk tote to the wall and sort its units into their slots. (Bulk tote BULK-1)")
		require.Contains(t, finished.body, `<a class="button-link pick-go" href="/wall/`+taskID+`">Open the wall</a>`)
		require.NotContains(t, finished.body, "Take the cart to packing")

		p := br.get("/wall/" + taskID)
		require.Equal(t, http.StatusOK, p.status)
		require.Contains(t, p.body, "<h1>Put wall</h1>")
		require.Contains(t, p.body, "Bulk tote BULK-1")
		require.Contains(t, p.body, `<label for="item">Scan the item</label>`)
		require.Regexp(t, `<input id="item" name="item" type="text" autofocus`, p.body)
		require.Regexp(t, `name="scan_id" value="hh-\w+"`, p.body)
		require.Contains(t, p.body, "0 of 5 units sorted · 0 of 3 slots complete")
		require.Equal(t, 3, strings.Count(p.body, `<li class="wall-cell`), "a cell per slot")
		for _, o := range orders {
			require.Contains(t, p.body, `<span class="wall-cell-order">`+o.Number+`</span>`)
		}

		unknown := wallPost(br, taskID, p.body, url.Values{"item": {"NOPE-1"}})
		requireScanError(t, unknown, "item", "NOPE-1 is not in the catalogue")
		empty := wallPost(br, taskID, p.body, url.Values{"item": {" "}})
		requireScanError(t, empty, "item", "Scan the item&#39;s barcode, or type its SKU.")

		ask := wallPost(br, taskID, p.body, url.Values{"item": {"sku-000"}})
		require.Equal(t, http.StatusOK, ask.status, ask.body)
		slot := slotOf(t, ask.body)
		require.Contains(t, ask.body, fmt.Sprintf("<h1>Slot %d</h1>", slot))
		require.Contains(t, ask.body, `<label for="slot">Scan the slot&#39;s label</label>`)
		require.Regexp(t, `<input id="slot" name="slot" type="text" autofocus`, ask.body)
		require.Equal(t, "sku-000", hidden(t, ask.body, "item"))
		require.Contains(t, ask.body, "wall-cell wall-here", "the slot is marked on the wall")
		require.Zero(t, sorted(b.wall(t, taskID)), "asking books nothing")

		wrong := wallPost(br, taskID, ask.body, url.Values{"slot": {"W-99"}})
		requireScanError(t, wrong, "slot", fmt.Sprintf("Wrong slot: you scanned W-99; this unit goes to slot %d (order ", slot))
		require.Regexp(t, `<input id="slot" name="slot" type="text" autofocus`, wrong.body, "the field keeps the focus")
		require.Equal(t, slot, slotOf(t, wrong.body), "the slot still shows")
		require.Zero(t, sorted(b.wall(t, taskID)), "nothing booked")
		blank := wallPost(br, taskID, ask.body, url.Values{"slot": {""}})
		requireScanError(t, blank, "slot", "Scan the slot&#39;s label.")

		booked := wallPost(br, taskID, wrong.body, url.Values{"slot": {fmt.Sprintf("W-%02d", slot)}})
		require.Equal(t, http.StatusSeeOther, booked.status, booked.body)
		require.True(t, strings.HasPrefix(booked.location(), fmt.Sprintf("/wall/%s?put=%d", taskID, slot)), booked.location())
		again := wallPost(br, taskID, wrong.body, url.Values{"slot": {fmt.Sprint(slot)}})
		require.Equal(t, http.StatusSeeOther, again.status, again.body)
		require.Equal(t, "/wall/"+taskID+"?done=wall_replayed", again.location(), "a double submit books nothing twice")
		require.Equal(t, int64(1), sorted(b.wall(t, taskID)), "booked once")
		require.Contains(t, br.get(again.location()).body, "That scan was booked already.")

		// The rest, unit by unit, each into the slot the screen shows.
		p = br.get(booked.location())
		var notices []string
		for i, sku := range []string{"SKU-000", "SKU-000", "SKU-001", "SKU-001"} {
			if i == 2 { // every SKU-000 is in its slot: one more is extra
				extra := wallPost(br, taskID, p.body, url.Values{"item": {"SKU-000"}})
				requireScanError(t, extra, "item", "No slot of this wall is owed a unit of SKU SKU-000: put it aside as extra")
				require.Equal(t, int64(3), sorted(b.wall(t, taskID)))
			}
			ask := wallPost(br, taskID, p.body, url.Values{"item": {sku}})
			require.Equal(t, http.StatusOK, ask.status, ask.body)
			put := wallPost(br, taskID, ask.body, url.Values{"slot": {strconv.Itoa(slotOf(t, ask.body))}})
			require.Equal(t, http.StatusSeeOther, put.status, put.body)
			p = br.get(put.location())
			notices = append(notices, regexp.MustCompile(`<p class="notice" role="status">([^<]*)</p>`).FindStringSubmatch(p.body)[1])
		}
		require.Contains(t, strings.Join(notices, "\n"), "complete: its order goes to packing")
		require.Contains(t, notices[3], "Booked. Wall done: every unit is sorted, the bulk tote is free.")
		require.Contains(t, p.body, "Wall done: every unit is sorted and every slot complete.")
		require.Contains(t, p.body, "5 of 5 units sorted · 3 of 3 slots complete")
		require.Equal(t, 3, strings.Count(p.body, "wall-cell wall-full"))
		require.NotContains(t, p.body, `<input id="item"`, "nothing is left to scan")
		for _, o := range orders {
			require.Equal(t, fulfilment.Picked, b.rig.Get(t, o.ID).Fulfilments[0].Status)
		}

		// A stray unit after the wall is done is refused as extra too.
		extra := br.post("/wall/"+taskID, url.Values{"step": {"item"}, "item": {"SKU-000"}, "scan_id": {"hh-extra"}})
		requireScanError(t, extra, "item", "No slot of this wall is owed a unit of SKU SKU-000: put it aside as extra")
	})
}

// A slot shows the units found short on the walk, and the screen refuses
// what is not a put wall.
func TestWallFlagsShortSlotsAndRefusesOtherTasks(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, b *bundle) {
		_, taskID := putWall(t, b)
		br := b.browser(t)
		br.signIn(b.emails[actor.Warehouse])
		require.Equal(t, http.StatusSeeOther, br.post("/pick/"+taskID+"/claim", url.Values{}).status)
		p := br.get("/pick/" + taskID)
		next := b.pickTask(t, taskID).Next
		short := br.post("/pick/"+taskID+"/short", url.Values{"line": {hidden(t, p.body, "line")}, "scan_id": {"hh-short"},
			"short_bin": {next.Bin}, "found": {"0"}})
		require.Equal(t, http.StatusSeeOther, short.status, short.body)
		w := br.get("/wall/" + taskID)
		require.Equal(t, http.StatusOK, w.status)
		require.Contains(t, w.body, "wall-short")
		require.Regexp(t, `<span class="tag warn">\d short</span>`, w.body)
		require.Contains(t, w.body, "The walk is not done yet")

		require.Equal(t, http.StatusNotFound, br.get("/wall/ptk_nope").status)
		require.Equal(t, http.StatusBadRequest, br.post("/wall/"+taskID, url.Values{"step": {"dance"}}).status)
	})
}

// The wall speaks the sorter's language; the store's words follow.
func TestWallScreenInChinese(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, b *bundle) {
		_, taskID := putWall(t, b)
		zhPerson(t, b, "li@example.com")
		br := b.browser(t)
		br.signIn("li@example.com")
		walkBulk(t, b, br, taskID)
		p := br.get("/wall/" + taskID)
		require.Contains(t, p.body, "<h1>播种墙</h1>")
		require.Contains(t, p.body, "已分播 0 / 5 件")
		ask := wallPost(br, taskID, p.body, url.Values{"item": {"SKU-001"}})
		slot := slotOf(t, ask.body)
		require.Contains(t, ask.body, fmt.Sprintf("<h1>格口 %d</h1>", slot))
		wrong := wallPost(br, taskID, ask.body, url.Values{"slot": {"99"}})
		requireScanError(t, wrong, "slot", fmt.Sprintf("格口不对（wrong slot: you scanned 99; this unit goes to slot %d", slot))
		put := wallPost(br, taskID, ask.body, url.Values{"slot": {strconv.Itoa(slot)}})
		require.Contains(t, br.get(put.location()).body, fmt.Sprintf("格口 %d", slot))
	})
}
