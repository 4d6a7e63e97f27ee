package console_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/console"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/flowtest"
	"github.com/waybill/waybill/internal/order"
	"github.com/waybill/waybill/internal/ship"
)

// dock is warehouse EAST with two products, a carton M and the table
// carrier Eastline (ground, cheap and slow; air, dear and fast), and two
// packed fulfilments of it: the ship stage's own test fixture.
func dock(t *testing.T, b *bundle) (order.Order, string, string) {
	t.Helper()
	skus := b.rig.AddProducts(t, 2)
	b.rig.AddDock(t, skus, 50, 20)
	o, fid := b.rig.Packed(t, "EAST", "M", "D1", flowtest.Line(skus[0], 2))
	_, fid2 := b.rig.Packed(t, "EAST", "M", "D2", flowtest.Line(skus[1], 1))
	return o, fid, fid2
}

func (b *bundle) shipmentOf(t *testing.T, fid string) (ship.Shipment, error) {
	t.Helper()
	return b.rig.Shipping.OfFulfilment(actor.With(context.Background(), actor.CLI("test")), fid)
}

func TestDispatchPagesRolesMatchTheirOperations(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, b *bundle) {
		_, fid, _ := dock(t, b)
		requireRoles(t, b, []access{
			{http.MethodGet, "/dispatch", "book-shipment", nil},
			{http.MethodGet, "/dispatch/fulfilments/" + fid, "get-shipment", nil},
			{http.MethodGet, "/dispatch/stage", "stage-parcel", nil},
			{http.MethodGet, "/dispatch/manifests", "close-manifest", nil},
		})
		for _, role := range []actor.Role{actor.CustomerService, actor.Finance} {
			br := b.browser(t)
			br.signIn(b.emails[role])
			require.Equal(t, http.StatusForbidden, br.post("/dispatch/fulfilments/"+fid+"/book", url.Values{}).status)
			require.NotContains(t, br.get("/orders").body, `href="/dispatch"`, role)
		}
		_, err := b.shipmentOf(t, fid)
		require.True(t, errs.Is(err, errs.NotFound), "nothing booked by a refused role")
		br := b.browser(t)
		br.signIn(b.emails[actor.Warehouse])
		require.Contains(t, br.get("/dispatch").body, `href="/dispatch"`, "the navigation offers dispatch")
	})
}

// TestDispatchBookStageManifestHandover walks a packed fulfilment from the
// scan to the driver through the pages, with every refusal on the way.
func TestDispatchBookStageManifestHandover(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, b *bundle) {
		o, fid, fid2 := dock(t, b)
		br := b.browser(t)
		br.signIn(b.emails[actor.Warehouse])

		// The scan: an order number (as a scanner without caps types it).
		p := br.post("/dispatch/scan", url.Values{"code": {strings.ToLower(o.Number)}})
		require.Equal(t, http.StatusSeeOther, p.status, p.body)
		require.Equal(t, "/dispatch/fulfilments/"+fid, p.location())
		requireScanError(t, br.post("/dispatch/scan", url.Values{"code": {"NOPE-1"}}), "code", "No fulfilment or order has the code NOPE-1.")
		requireScanError(t, br.post("/dispatch/scan", url.Values{"code": {""}}), "code", "Scan or type")

		page := br.get("/dispatch/fulfilments/" + fid)
		require.Equal(t, http.StatusOK, page.status)
		require.Contains(t, page.body, "Book the cheapest on-time service")

		// A service not offered: refused at its field, nothing booked.
		bad := br.post("/dispatch/fulfilments/"+fid+"/book", url.Values{"service": {"eastline:teleport"}})
		require.Equal(t, http.StatusUnprocessableEntity, bad.status, bad.body)
		require.Contains(t, bad.body, `id="service-error" role="alert">`)
		require.Contains(t, bad.body, "eastline:teleport is not offered")
		_, err := b.shipmentOf(t, fid)
		require.True(t, errs.Is(err, errs.NotFound), "nothing booked")

		p = br.post("/dispatch/fulfilments/"+fid+"/book", url.Values{})
		require.Equal(t, http.StatusSeeOther, p.status, p.body)
		sh, err := b.shipmentOf(t, fid)
		require.NoError(t, err)
		page = br.get(p.location())
		require.Contains(t, page.body, "Booked. Print the labels")
		require.Contains(t, page.body, sh.Parcels[0].TrackingNumber)
		require.Contains(t, page.body, "Cheapest that delivers on time")
		require.Contains(t, page.body, `href="/dispatch/shipments/`+sh.ID+`/labels?format=pdf"`)
		pdf := br.get("/dispatch/shipments/" + sh.ID + "/labels?format=pdf")
		require.Equal(t, http.StatusOK, pdf.status)
		require.True(t, strings.HasPrefix(pdf.body, "%PDF-"), "a PDF label")
		zpl := br.get("/dispatch/shipments/" + sh.ID + "/labels?format=zpl")
		require.Equal(t, http.StatusOK, zpl.status)
		require.Contains(t, zpl.body, sh.Parcels[0].TrackingNumber)
		require.Equal(t, http.StatusUnprocessableEntity, br.get("/dispatch/shipments/"+sh.ID+"/labels?format=png").status)
		require.Contains(t, page.body, "Book this instead", "the other service is offered")
		other := "eastline:air"
		if sh.Service == "air" {
			other = "eastline:ground"
		}
		// Another service: the labels are voided, that one booked.
		p = br.post("/dispatch/fulfilments/"+fid+"/book", url.Values{"service": {other}})
		require.Equal(t, http.StatusSeeOther, p.status, p.body)
		sh2, err := b.shipmentOf(t, fid)
		require.NoError(t, err)
		require.Equal(t, other, sh2.Carrier+":"+sh2.Service)
		require.NotEqual(t, sh.ID, sh2.ID)
		old, err := b.rig.Shipping.Shipment(flowtest.As(flowtest.Chief), sh.ID)
		require.NoError(t, err)
		require.Equal(t, ship.StatusVoided, old.Status)
		tracking := sh2.Parcels[0].TrackingNumber

		// The second fulfilment is booked, not staged: left off the manifest.
		require.Equal(t, http.StatusSeeOther, br.post("/dispatch/fulfilments/"+fid2+"/book", url.Values{}).status)

		// Staging: the parcel alone waits for the lane; the wrong lane is
		// refused at its field naming the right one; then the right one.
		stage := br.get("/dispatch/stage?warehouse=east")
		require.Equal(t, http.StatusOK, stage.status)
		require.Contains(t, stage.body, `<option value="EAST" selected>`)
		requireScanError(t, br.post("/dispatch/stage", url.Values{"parcel": {"XX000000000XX"}, "lane": {"EASTLINE"}}), "parcel",
			"XX000000000XX is no labelled parcel")
		wait := br.post("/dispatch/stage", url.Values{"parcel": {tracking}})
		require.Equal(t, http.StatusOK, wait.status, wait.body)
		require.Regexp(t, `id="lane"[^>]*autofocus`, wait.body)
		require.Contains(t, wait.body, `value="`+tracking+`"`, "the parcel is kept")
		wrong := br.post("/dispatch/stage", url.Values{"parcel": {tracking}, "lane": {"LANE-ACME"}})
		requireScanError(t, wrong, "lane", "Wrong lane: this parcel goes to lane EASTLINE")
		require.Contains(t, wrong.body, `value="`+tracking+`"`, "the parcel is kept")
		sh2, _ = b.shipmentOf(t, fid)
		require.Nil(t, sh2.Parcels[0].StagedAt, "nothing staged")
		p = br.post("/dispatch/stage", url.Values{"parcel": {tracking}, "lane": {"lane-eastline"}})
		require.Equal(t, http.StatusSeeOther, p.status, p.body)
		stage = br.get(p.location())
		require.Contains(t, stage.body, "Staged: "+tracking+" is in lane EASTLINE.")
		require.Regexp(t, `data-label="Staged today" class="num">1<`, stage.body)
		require.Regexp(t, `data-label="Not in the lane" class="num">1<`, stage.body)

		// The manifest: the unstaged shipment is left off and said so.
		p = br.post("/dispatch/manifests", url.Values{"warehouse": {"EAST"}, "carrier": {"eastline"}})
		require.Equal(t, http.StatusSeeOther, p.status, p.body)
		require.Regexp(t, `^/dispatch/manifests/man_\w+\?left=1&done=manifest_closed$`, p.location())
		manID := regexp.MustCompile(`man_\w+`).FindString(p.location())
		man := br.get(p.location())
		require.Contains(t, man.body, "1 shipment(s) left off")
		require.Contains(t, man.body, tracking)
		csv := br.get("/dispatch/manifests/" + manID + "/csv")
		require.Equal(t, "text/csv; charset=utf-8", csv.header.Get("Content-Type"))
		require.Contains(t, csv.body, tracking)
		require.Contains(t, csv.body, o.Number)
		list := br.get("/dispatch/manifests")
		require.Contains(t, list.body, `href="/dispatch/manifests/`+manID+`"`)
		// Closing again: nothing staged is left.
		again := br.post("/dispatch/manifests", url.Values{"warehouse": {"EAST"}, "carrier": {"eastline"}})
		require.Equal(t, http.StatusConflict, again.status)
		require.Contains(t, again.body, "Nothing of eastline is staged at EAST")

		// The handover: no scans refused; one right scan and one extra.
		requireScanError(t, br.post("/dispatch/manifests/"+manID+"/handover", url.Values{"scans": {" \n "}}), "scans",
			"Scan at least one parcel")
		// more than the usual form limit (64 KiB): the scans are read, and refused by count
		many := br.post("/dispatch/manifests/"+manID+"/handover", url.Values{"scans": {strings.Repeat("ZZ99999999999999999\r\n", 5001)}})
		requireScanError(t, many, "scans", "At most 5000 scans")
		rep := br.post("/dispatch/manifests/"+manID+"/handover", url.Values{"scans": {strings.ToLower(tracking) + "\r\nZZ999\r\n"}})
		require.Equal(t, http.StatusOK, rep.status, rep.body)
		require.Contains(t, rep.body, "Handed over: 1")
		require.Contains(t, rep.body, "Extra: 1")
		require.Contains(t, rep.body, "<code>ZZ999</code>")
		require.NotContains(t, rep.body, "Missing:")
		require.NotContains(t, rep.body, `id="scans"`, "handed over: no more scans")
		got := b.rig.Get(t, o.ID)
		require.Equal(t, order.Shipped, got.Status)
		require.Equal(t, []string{tracking}, got.Fulfilments[0].TrackingNumbers)
		done := br.post("/dispatch/manifests/"+manID+"/handover", url.Values{"scans": {tracking}})
		require.Equal(t, http.StatusConflict, done.status)

		// Void, after a confirmation: the unstaged booking.
		confirm := br.get("/dispatch/fulfilments/" + fid2 + "/void")
		require.Equal(t, http.StatusOK, confirm.status)
		require.Contains(t, confirm.body, `action="/dispatch/fulfilments/`+fid2+`/void"`)
		p = br.post("/dispatch/fulfilments/"+fid2+"/void", url.Values{})
		require.Equal(t, http.StatusSeeOther, p.status, p.body)
		_, err = b.shipmentOf(t, fid2)
		require.True(t, errs.Is(err, errs.NotFound), "voided")
		require.Contains(t, br.get(p.location()).body, "Book the cheapest on-time service", "it can be booked again")
		// A shipped fulfilment's shipment is not voided.
		require.Equal(t, http.StatusConflict, br.post("/dispatch/fulfilments/"+fid+"/void", url.Values{}).status)

		// Booked again, staged, on a second manifest: a handover without its
		// parcel reports it missing (still here) and keeps the form open.
		require.Equal(t, http.StatusSeeOther, br.post("/dispatch/fulfilments/"+fid2+"/book", url.Values{}).status)
		sh3, err := b.shipmentOf(t, fid2)
		require.NoError(t, err)
		tracking3 := sh3.Parcels[0].TrackingNumber
		require.Equal(t, http.StatusSeeOther, br.post("/dispatch/stage", url.Values{"parcel": {"00" + sh3.Parcels[0].SSCC},
			"lane": {"EASTLINE"}}).status, "the SSCC with its application identifier")
		p = br.post("/dispatch/manifests", url.Values{"warehouse": {"EAST"}, "carrier": {"eastline"}})
		require.Equal(t, http.StatusSeeOther, p.status, p.body)
		man2 := regexp.MustCompile(`man_\w+`).FindString(p.location())
		require.NotContains(t, br.get(p.location()).body, "left off")
		rep = br.post("/dispatch/manifests/"+man2+"/handover", url.Values{"scans": {"NOT-ON-IT"}})
		require.Equal(t, http.StatusOK, rep.status, rep.body)
		require.Contains(t, rep.body, "Handed over: 0")
		require.Regexp(t, `class="report-missing"><h3>Missing: 1</h3>[\s\S]*still here[\s\S]*<code>`+tracking3+`</code>`, rep.body)
		require.Contains(t, rep.body, "<code>NOT-ON-IT</code>")
		require.Contains(t, rep.body, `id="scans"`, "the form stays for the missing parcel")
		require.Contains(t, rep.body, "partly handed over")
		sh3, _ = b.shipmentOf(t, fid2)
		require.Equal(t, ship.StatusManifested, sh3.Status, "not handed over")

		// The same pages in Chinese.
		zh := b.browser(t)
		zh.signIn(b.emails[actor.Warehouse])
		require.Equal(t, http.StatusSeeOther, zh.post("/locale", url.Values{"locale": {"zh"}, "back": {"/dispatch"}}).status)
		page = zh.get("/dispatch/manifests/" + man2)
		require.Contains(t, page.body, "交接清单")
		require.Contains(t, page.body, "部分交接")
		wrong = zh.post("/dispatch/stage", url.Values{"parcel": {tracking3}, "lane": {"LANE-ACME"}})
		require.Equal(t, http.StatusConflict, wrong.status, "manifested: it has left staging")
	})
}

func TestDriverScansSplitTheScannerLines(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, typed string
		scans       []string
		problem     string
	}{
		{"a line a scan", "A1\nB2\r\n", []string{"A1", "B2"}, ""},
		{"spaces and commas", " A1, B2\tC3 ", []string{"A1", "B2", "C3"}, ""},
		{"nothing", " \n\r\n", nil, "dispatch.scans_required"},
		{"a code too long", strings.Repeat("X", 65), nil, "dispatch.scan_long"},
		{"too many", strings.Repeat("A\n", 5001), nil, "dispatch.scans_too_many"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			scans, problem := console.DriverScans(tc.typed)
			require.Equal(t, tc.scans, scans)
			require.Equal(t, tc.problem, problem)
		})
	}
}

// FuzzDriverScans: whatever a scanner types, the scans are non-empty codes
// of at most 64 bytes with no separator, or a problem is named.
func FuzzDriverScans(f *testing.F) {
	for _, seed := range []string{"A1\nB2", "", ",,,", "\r\n\r\n", strings.Repeat("Z", 70), "ÿ\x00\n☃"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, typed string) {
		scans, problem := console.DriverScans(typed)
		if problem != "" {
			require.Nil(t, scans)
			return
		}
		require.NotEmpty(t, scans)
		require.LessOrEqual(t, len(scans), 5000)
		for _, s := range scans {
			require.NotEmpty(t, s)
			require.LessOrEqual(t, len(s), 64)
			require.False(t, strings.ContainsAny(s, "\n\r\t ,"), s)
		}
	})
}
