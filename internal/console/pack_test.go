package console_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/pack"
	"github.com/waybill/waybill/internal/pick"
)

// packFixture is a gift-wrapped order of two fragile units of one SKU,
// picked into tote T-PACK of EWR, waiting at the pack station; EWR has
// carton M (5 in stock); other is a stocked SKU not in the order.
type packFixture struct {
	fid, tote, sku, other string
}

func picked(t *testing.T, b *bundle) packFixture {
	t.Helper()
	o, _ := released(t, b)
	ctx := actor.With(context.Background(), actor.Actor{ID: "ann", Name: "Ann", Role: actor.Warehouse})
	w, err := b.rig.Floor.Release(ctx, pick.WaveRequest{Warehouse: "EWR"})
	require.NoError(t, err)
	require.Len(t, w.Tasks, 1)
	task, err := b.rig.Floor.Claim(ctx, w.Tasks[0].ID)
	require.NoError(t, err)
	for _, l := range task.Lines {
		_, err := b.rig.Floor.Pick(ctx, task.ID, pick.Scan{ScanID: "p-" + l.ID, Line: l.ID, Bin: l.Bin, Item: l.SKU, Quantity: l.Left(), Tote: "T-PACK"})
		require.NoError(t, err)
	}
	_, err = b.rig.Packing.PutCarton(ctx, "EWR", "M", pack.Carton{Name: "Medium", InnerMM: [3]int64{400, 300, 200},
		OuterMM: [3]int64{410, 310, 210}, TareG: 300, MaxWeightG: 20000, CostMinor: 60, Material: "corrugated", OnHand: 5, Active: true})
	require.NoError(t, err)
	st := b.packStation(t, o.Fulfilments[0].ID)
	require.Equal(t, "picked", st.Status)
	require.Equal(t, "SKU-000", st.Lines[0].SKU)
	return packFixture{fid: st.FulfilmentID, tote: "T-PACK", sku: "SKU-000", other: "SKU-001"} // released stocks both
}

// packStation reads the station as the store has it.
func (b *bundle) packStation(t *testing.T, fid string) pack.Station {
	t.Helper()
	st, err := b.rig.Packing.Station(actor.With(context.Background(), actor.CLI("test")), fid)
	require.NoError(t, err)
	return st
}

// expectedG is what the fulfilment's units and carton M weigh.
func expectedG(st pack.Station) int64 {
	var g int64 = 300
	for _, l := range st.Lines {
		g += l.Quantity * l.WeightG
	}
	return g
}

// scanIDOf is the scan key of the form posting to action on a page.
func scanIDOf(t *testing.T, body, action string) string {
	t.Helper()
	at := strings.Index(body, `action="`+action+`"`)
	require.GreaterOrEqual(t, at, 0, "no form to %s in %s", action, body)
	m := regexp.MustCompile(`name="scan_id" value="([^"]+)"`).FindStringSubmatch(body[at:])
	require.NotNil(t, m)
	return m[1]
}

func TestPackPagesRolesMatchTheirOperations(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, b *bundle) {
		f := picked(t, b)
		requireRoles(t, b, []access{
			{http.MethodGet, "/pack", "find-pack-station", nil},
			{http.MethodGet, "/pack/" + f.fid, "get-pack-station", nil},
		})
		for _, a := range []access{
			{http.MethodPost, "/pack", "find-pack-station", url.Values{"warehouse": {"EWR"}, "code": {f.tote}}},
			{http.MethodPost, "/pack/" + f.fid + "/scan", "scan-pack-item", url.Values{"item": {f.sku}}},
			{http.MethodPost, "/pack/" + f.fid + "/close", "close-parcel", url.Values{"carton": {"M"}, "weight_g": {"100"}}},
			{http.MethodPost, "/pack/" + f.fid + "/accept", "accept-parcel-weight", url.Values{"reason": {"ok"}}},
			{http.MethodPost, "/pack/" + f.fid + "/problem", "resolve-pack-problem", url.Values{"problem_item": {f.sku}, "kind": {"damaged"}}},
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
		st := b.packStation(t, f.fid)
		require.Empty(t, st.Parcels, "nothing was scanned")
		require.Equal(t, int64(2), st.Left)
		for role, want := range map[actor.Role]bool{actor.Warehouse: true, actor.Admin: true, actor.Finance: false} {
			br := b.browser(t)
			br.signIn(b.emails[role])
			require.Equal(t, want, strings.Contains(br.get("/fulfilments").body+br.get("/orders").body, `href="/pack"`), role)
		}
	})
}

func TestPackStationScansClosesHoldsAndPacks(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, b *bundle) {
		f := picked(t, b)
		br := b.browser(t)
		br.signIn(b.emails[actor.Warehouse])

		for _, tc := range []struct{ code, message string }{
			{"", "Scan a tote, a fulfilment or an order number."},
			{"T-NOPE", "T-NOPE names no tote, fulfilment or order waiting to be packed in EWR."},
			{strings.Repeat("X", 65), "Scan a tote, a fulfilment or an order number."},
		} {
			p := br.post("/pack", url.Values{"warehouse": {"EWR"}, "code": {tc.code}})
			require.Equal(t, http.StatusUnprocessableEntity, p.status, tc.code)
			require.Contains(t, p.body, `id="code-error" role="alert">`+tc.message, tc.code)
		}
		p := br.post("/pack", url.Values{"warehouse": {"ewr"}, "code": {strings.ToLower(f.tote)}})
		require.Equal(t, http.StatusSeeOther, p.status, p.body)
		require.Equal(t, "/pack/"+f.fid, p.location())
		require.Contains(t, br.get("/pack").body, `<option value="EWR" selected>`, "the station's warehouse is remembered")

		station := br.get("/pack/" + f.fid)
		require.Equal(t, http.StatusOK, station.status, station.body)
		for _, want := range []string{"Gift wrap: wrap every item", "Fragile: wrap each item", "Happy birthday, Grace",
			"2 of 2 units left to scan", `id="item" name="item" type="text" autofocus`, "0 / 2"} {
			require.Contains(t, station.body, want)
		}
		require.NotContains(t, station.body, `action="/pack/`+f.fid+`/close"`, "nothing to close before a scan")
		require.NotContains(t, station.body, "Supervisor", "a packer sees no supervisor forms")

		// Refused at the field, nothing booked.
		for _, tc := range []struct {
			form          url.Values
			field, prefix string
		}{
			{url.Values{"item": {f.other}}, "item", "Wrong item: " + f.other + " is not in this parcel&#39;s order"},
			{url.Values{"item": {"NO-SUCH-SKU"}}, "item", "NO-SUCH-SKU is not in the catalogue"},
			{url.Values{"item": {""}}, "item", "Scan the item&#39;s barcode, or type its SKU."},
			{url.Values{"item": {strings.Repeat("9", 5000)}}, "item", "99999"},
			{url.Values{"item": {f.sku}, "quantity": {"3"}}, "quantity", "3 units of " + f.sku + " is more than the 2 left to pack"},
			{url.Values{"item": {f.sku}, "quantity": {"two"}}, "quantity", "“two” is not a whole number."},
			{url.Values{"item": {f.sku}, "quantity": {"-1"}}, "quantity", "Units must be 1 to 10000."},
		} {
			p := br.post("/pack/"+f.fid+"/scan", tc.form)
			requireRefusedAt(t, p, tc.field, tc.prefix)
			require.Contains(t, p.body, `id="`+tc.field+`" name="`+tc.field+`" type="text"`)
		}
		require.Empty(t, b.packStation(t, f.fid).Parcels, "nothing booked")

		// Two scans; the same form sent twice books once.
		station = br.get("/pack/" + f.fid)
		key := scanIDOf(t, station.body, "/pack/"+f.fid+"/scan")
		for range 2 {
			p = br.post("/pack/"+f.fid+"/scan", url.Values{"item": {f.sku}, "scan_id": {key}})
			require.Equal(t, http.StatusSeeOther, p.status, p.body)
		}
		st := b.packStation(t, f.fid)
		require.Equal(t, int64(1), st.Left, "one unit booked")
		require.Contains(t, br.get(p.location()).body, "Scanned into parcel 1 (SSCC "+st.Parcels[0].SSCC+").")
		require.Contains(t, br.get("/pack/"+f.fid).body, `<details class="pack-fold"><summary>Close parcel 1 now`,
			"units left: closing early is folded away")
		require.Equal(t, http.StatusSeeOther, br.post("/pack/"+f.fid+"/scan", url.Values{"item": {f.sku}}).status)
		requireRefusedAt(t, br.post("/pack/"+f.fid+"/scan", url.Values{"item": {f.sku}}), "item", "Extra unit: all 2 of "+f.sku+" are packed already")

		// Everything scanned: the close form waits at the carton.
		station = br.get("/pack/" + f.fid)
		require.Contains(t, station.body, "Every unit is in a parcel (2).")
		require.Contains(t, station.body, `id="carton" name="carton" type="text" list="cartons" data-scan autofocus`)
		require.NotContains(t, station.body, `action="/pack/`+f.fid+`/scan"`)
		parcel := b.packStation(t, f.fid).Parcels[0].ID
		want := expectedG(b.packStation(t, f.fid))
		for _, tc := range []struct {
			form    url.Values
			field   string
			message string
		}{
			{url.Values{"carton": {""}, "weight_g": {"100"}}, "carton", "Scan the carton&#39;s code, or choose one."},
			{url.Values{"carton": {"NOPE"}, "weight_g": {"100"}}, "carton", "NOPE is not a carton of this warehouse"},
			{url.Values{"carton": {"M"}, "weight_g": {""}}, "weight_g", "Put the parcel on the scale"},
			{url.Values{"carton": {"M"}, "weight_g": {"1.5kg"}}, "weight_g", "“1.5kg” is not a whole number."},
			{url.Values{"carton": {"M"}, "weight_g": {"0"}}, "weight_g", "The weight must be 1 to 1000000 grams."},
		} {
			tc.form.Set("parcel", parcel)
			requireRefusedAt(t, br.post("/pack/"+f.fid+"/close", tc.form), tc.field, tc.message)
		}
		require.Equal(t, http.StatusConflict, br.post("/pack/"+f.fid+"/close", url.Values{"parcel": {"pcl_other"}, "carton": {"M"},
			"weight_g": {"100"}}).status, "a parcel not of this station")
		require.Equal(t, pack.ParcelOpen, b.packStation(t, f.fid).Parcels[0].Status, "nothing booked")

		// A wrong weight holds the parcel; the form stays, asking to weigh again.
		p = br.post("/pack/"+f.fid+"/close", url.Values{"parcel": {parcel}, "carton": {"m"}, "weight_g": {strconv.FormatInt(want+900, 10)}})
		require.Equal(t, http.StatusSeeOther, p.status, p.body)
		require.Equal(t, "/pack/"+f.fid+"?done=pack_held", p.location())
		station = br.get(p.location())
		require.Contains(t, station.body, "Parcel 1 is held: it weighs "+strconv.FormatInt(want+900, 10)+" g; its items and carton should weigh "+strconv.FormatInt(want, 10)+" g.")
		require.Contains(t, station.body, `id="weight_g" name="weight_g" type="text" inputmode="numeric" autofocus`)
		require.Contains(t, station.body, `value="M"`, "the carton stays")
		require.Contains(t, station.body, "Weigh again")
		require.Equal(t, pack.ParcelHeld, b.packStation(t, f.fid).Parcels[0].Status)

		// Weighed again right: packed, the carton leaves stock, back to the scan.
		p = br.post("/pack/"+f.fid+"/close", url.Values{"parcel": {parcel}, "carton": {"M"}, "weight_g": {strconv.FormatInt(want, 10)}})
		require.Equal(t, http.StatusSeeOther, p.status, p.body)
		require.Equal(t, "/pack?done=pack_done", p.location())
		require.Contains(t, br.get(p.location()).body, "Packed: every unit is in a packed parcel.")
		st = b.packStation(t, f.fid)
		require.Equal(t, "packed", st.Status)
		require.Equal(t, pack.ParcelPacked, st.Parcels[0].Status)
		cartons, err := b.rig.Packing.Cartons(b.rig.Ctx, "EWR")
		require.NoError(t, err)
		require.Equal(t, int64(4), cartons[0].OnHand)
		station = br.get("/pack/" + f.fid)
		require.Contains(t, station.body, "Packed, ready for shipping. Parcels: 1.")
		require.NotContains(t, station.body, `action="/pack/`+f.fid+`/close"`)
	})
}

func TestPackSupervisorAcceptsAndWritesOff(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, b *bundle) {
		f := picked(t, b)
		packer, chief := b.browser(t), b.browser(t)
		packer.signIn(b.emails[actor.Warehouse])
		chief.signIn(b.emails[actor.Admin])

		// One unit damaged: written off by the supervisor.
		station := chief.get("/pack/" + f.fid)
		require.Contains(t, station.body, "Write off units that cannot be packed")
		for _, tc := range []struct {
			form           url.Values
			field, message string
		}{
			{url.Values{"problem_item": {f.sku}, "problem_quantity": {"x"}, "kind": {"damaged"}}, "problem_quantity", "“x” is not a whole number."},
			{url.Values{"problem_item": {f.sku}, "problem_quantity": {"3"}, "kind": {"damaged"}}, "problem_quantity", "3 units of " + f.sku + " is more than the 2 left"},
			{url.Values{"problem_item": {f.sku}, "kind": {"stolen"}}, "kind", "Kind must be damaged, missing or swapped"},
			{url.Values{"problem_item": {f.sku}, "kind": {"swapped"}, "bin": {"A-01-01-1"}}, "found", "A swap names the wrong item found"},
			{url.Values{"problem_item": {f.other}, "kind": {"damaged"}}, "problem_item", "Wrong item: "},
		} {
			requireRefusedAt(t, chief.post("/pack/"+f.fid+"/problem", tc.form), tc.field, tc.message)
		}
		require.Equal(t, int64(2), b.packStation(t, f.fid).Left, "nothing written off")
		p := chief.post("/pack/"+f.fid+"/problem", url.Values{"problem_item": {f.sku}, "problem_quantity": {"1"}, "kind": {"damaged"}, "note": {"crushed corner"}})
		require.Equal(t, http.StatusSeeOther, p.status, p.body)
		require.Contains(t, chief.get(p.location()).body, "Written off: the order line goes short of those units.")
		require.Equal(t, int64(1), b.packStation(t, f.fid).Left)

		// The packer scans the other unit and weighs it wrong: held.
		require.Equal(t, http.StatusSeeOther, packer.post("/pack/"+f.fid+"/scan", url.Values{"item": {f.sku}}).status)
		st := b.packStation(t, f.fid)
		parcel := st.Parcels[0].ID
		require.Equal(t, http.StatusSeeOther, packer.post("/pack/"+f.fid+"/close", url.Values{"parcel": {parcel}, "carton": {"M"},
			"weight_g": {strconv.FormatInt(expectedG(st)+2000, 10)}}).status)
		requireRefusedAt(t, packer.post("/pack/"+f.fid+"/scan", url.Values{"item": {f.sku}}), "item", "Extra unit")

		// Not the parcel the supervisor weighed: a second pair of eyes.
		heavy := url.Values{"parcel": {parcel}, "carton": {"M"}, "weight_g": {strconv.FormatInt(expectedG(st)+2000, 10)}}
		require.Equal(t, http.StatusSeeOther, chief.post("/pack/"+f.fid+"/close", heavy).status)
		p = chief.post("/pack/"+f.fid+"/accept", url.Values{"parcel": {parcel}, "reason": {"looked fine"}})
		require.Equal(t, http.StatusForbidden, p.status, p.body)
		require.Contains(t, p.body, `role="alert">Another person accepts the parcel you weighed`)
		require.Equal(t, pack.ParcelHeld, b.packStation(t, f.fid).Parcels[0].Status)
		require.Equal(t, http.StatusSeeOther, packer.post("/pack/"+f.fid+"/close", heavy).status)

		// The supervisor accepts it: a reason is needed.
		station = chief.get("/pack/" + f.fid)
		require.Contains(t, station.body, "Accept parcel 1&#39;s weight")
		requireFieldError(t, chief.post("/pack/"+f.fid+"/accept", url.Values{"parcel": {parcel}, "reason": {" "}}), "reason", "Say what the check found")
		p = chief.post("/pack/"+f.fid+"/accept", url.Values{"parcel": {parcel}, "reason": {"the product is heavier than the catalogue says"}})
		require.Equal(t, http.StatusSeeOther, p.status, p.body)
		require.Contains(t, chief.get(p.location()).body, "Weight accepted: the parcel is packed, and so is the order.")
		require.Equal(t, "packed", b.packStation(t, f.fid).Status)
	})
}

// requireRefusedAt checks a refused form: 422, the field marked invalid
// and the message at it.
func requireRefusedAt(t *testing.T, p page, field, message string) {
	t.Helper()
	require.Equal(t, http.StatusUnprocessableEntity, p.status, p.body)
	require.Regexp(t, `aria-invalid="true"[^>]*aria-describedby="[^"]*`+field+`-error|aria-describedby="[^"]*`+field+`-error"[^>]*aria-invalid="true"`, p.body)
	require.Regexp(t, `id="`+field+`-error"[^>]*>`+regexp.QuoteMeta(message), p.body)
}

func TestPackStationSpeaksChinese(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, b *bundle) {
		f := picked(t, b)
		br := b.browser(t)
		br.signIn(b.emails[actor.Warehouse])
		require.Equal(t, http.StatusSeeOther, br.post("/locale", url.Values{"locale": {"zh"}, "back": {"/pack/" + f.fid}}).status)
		station := br.get("/pack/" + f.fid)
		for _, want := range []string{"包装要求", "礼品包装", "易碎", "还有 2 / 2 件待扫描", "扫描商品"} {
			require.Contains(t, station.body, want)
		}
		requireRefusedAt(t, br.post("/pack/"+f.fid+"/scan", url.Values{"item": {f.other}}), "item", "商品不对（wrong item: "+f.other)
		p := br.post("/pack", url.Values{"warehouse": {"EWR"}, "code": {"T-NOPE"}})
		requireRefusedAt(t, p, "code", "T-NOPE 不是 EWR 中等待打包的周转箱、履约单或订单。")
	})
}
