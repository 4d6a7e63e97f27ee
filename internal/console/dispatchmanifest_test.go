package console_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/flowtest"
	"github.com/waybill/waybill/internal/paper/papertest"
	"github.com/waybill/waybill/internal/ship"
)

// TestManifestPDFFromTheConsole: the manifest page links its PDF, which a
// signed-in warehouse person opens as the driver's sheet listing the
// parcel; finance may not, and a manifest that does not exist is a 404.
func TestManifestPDFFromTheConsole(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, b *bundle) {
		o, fid, _ := dock(t, b)
		ctx := flowtest.As(flowtest.Packer)
		sh, err := b.rig.Shipping.Book(ctx, fid, ship.BookRequest{})
		require.NoError(t, err)
		_, err = b.rig.Shipping.Stage(ctx, ship.StageScan{Parcel: sh.Parcels[0].TrackingNumber, Lane: "EASTLINE"})
		require.NoError(t, err)
		m, err := b.rig.Shipping.CloseManifest(ctx, ship.ManifestIn{Warehouse: "EAST", Carrier: "eastline"})
		require.NoError(t, err)

		br := b.browser(t)
		br.signIn(b.emails[actor.Warehouse])
		page := br.get("/dispatch/manifests/" + m.ID)
		require.Equal(t, http.StatusOK, page.status)
		require.Contains(t, page.body, `href="/dispatch/manifests/`+m.ID+`/pdf"`)
		require.Contains(t, page.body, "Print for the driver (PDF)")
		pdf := br.get("/dispatch/manifests/" + m.ID + "/pdf")
		require.Equal(t, http.StatusOK, pdf.status, pdf.body)
		require.Equal(t, "application/pdf", pdf.header.Get("Content-Type"))
		require.True(t, strings.HasPrefix(pdf.body, "%PDF-"))
		text := papertest.Text(t, []byte(pdf.body))
		require.Contains(t, text, sh.Parcels[0].TrackingNumber)
		require.Contains(t, text, o.Number)
		require.Contains(t, text, "司机签收")
		require.Equal(t, http.StatusNotFound, br.get("/dispatch/manifests/man_nope/pdf").status)

		fin := b.browser(t)
		fin.signIn(b.emails[actor.Finance])
		require.Equal(t, http.StatusForbidden, fin.get("/dispatch/manifests/"+m.ID+"/pdf").status)
	})
}
