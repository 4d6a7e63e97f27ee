package console_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/flowtest"
	"github.com/waybill/waybill/internal/ship"
)

// TestDispatchReturnLabel prints a shipment's return label from its page:
// the button books it once (pressing again prints the same one), a voided
// shipment is refused on its page, and a role without book-return-label
// may not.
func TestDispatchReturnLabel(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, b *bundle) {
		_, fid, fid2 := dock(t, b)
		ctx := flowtest.As(flowtest.Packer)
		sh, err := b.rig.Shipping.Book(ctx, fid, ship.BookRequest{})
		require.NoError(t, err)
		br := b.browser(t)
		br.signIn(b.emails[actor.Warehouse])
		page := br.get("/dispatch/fulfilments/" + fid)
		require.Contains(t, page.body, `action="/dispatch/shipments/`+sh.ID+`/return-label"`)

		pdf := br.post("/dispatch/shipments/"+sh.ID+"/return-label", url.Values{"format": {"pdf"}})
		require.Equal(t, http.StatusOK, pdf.status, pdf.body)
		require.Equal(t, "application/pdf", pdf.header.Get("Content-Type"))
		require.True(t, strings.HasPrefix(pdf.body, "%PDF"))
		r, err := b.rig.Shipping.ReturnOf(ctx, sh.ID)
		require.NoError(t, err)
		zpl := br.post("/dispatch/shipments/"+sh.ID+"/return-label", url.Values{"format": {"zpl"}})
		require.Equal(t, http.StatusOK, zpl.status, zpl.body)
		require.Contains(t, zpl.body, r.Parcels[0].TrackingNumber, "the same return, printed again")
		again, err := b.rig.Shipping.ReturnOf(ctx, sh.ID)
		require.NoError(t, err)
		require.Equal(t, r.ID, again.ID)

		sh2, err := b.rig.Shipping.Book(ctx, fid2, ship.BookRequest{})
		require.NoError(t, err)
		_, err = b.rig.Shipping.Void(ctx, sh2.ID)
		require.NoError(t, err)
		refused := br.post("/dispatch/shipments/"+sh2.ID+"/return-label", url.Values{"format": {"pdf"}})
		require.Equal(t, http.StatusConflict, refused.status)
		require.Contains(t, refused.body, "voided")
		require.Equal(t, http.StatusNotFound, br.post("/dispatch/shipments/shp_nope/return-label", url.Values{"format": {"pdf"}}).status)

		cs := b.browser(t)
		cs.signIn(b.emails[actor.Finance])
		require.Equal(t, http.StatusForbidden, cs.post("/dispatch/shipments/"+sh.ID+"/return-label", url.Values{"format": {"pdf"}}).status)
	})
}
