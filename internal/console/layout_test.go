package console_test

import (
	"context"
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/warehouse"
)

// layoutJSON is a one-aisle layout placing the rig's one bin, A-01-01-1.
const layoutJSON = `{"blocks":[{"code":"main","length":20}],"cross_aisles":[{"width":2},{"width":2}],
"aisles":[{"code":"a-01","block":"MAIN","x":1,"length":20}],"depot":{"aisle":"A-01","distance":3},
"zones":[{"code":"A","kind":"cold"}],
"bins":[{"bin":"A-01-01-1","aisle":"A-01","side":"left","position":1.2,"level":1,"zone":"A","pick_face":true}]}`

func TestLayoutPageRoles(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, b *bundle) {
		b.rig.AddWarehouse(t, "EWR")
		requireAdminRoles(t, b, []roleCase{
			{"GET", "/warehouses/EWR/layout", "get-warehouse-layout", nil, http.StatusOK},
			{"GET", "/warehouses/EWR/layout/derive", "derive-warehouse-layout", nil, http.StatusOK},
			{"POST", "/warehouses/EWR/layout", "put-warehouse-layout", url.Values{"layout": {layoutJSON}}, http.StatusSeeOther},
		})
	})
}

func TestLayoutPageForm(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, b *bundle) {
		b.rig.AddWarehouse(t, "EWR")
		br := b.browser(t)
		br.signIn(b.emails[actor.Admin])
		require.Contains(t, br.get("/warehouses/EWR").body, `href="/warehouses/EWR/layout"`)
		p := br.get("/warehouses/EWR/layout")
		require.Equal(t, http.StatusOK, p.status)
		require.Contains(t, p.body, "no layout yet")
		require.Contains(t, p.body, `href="/warehouses/EWR/layout/derive"`)

		p = br.get("/warehouses/EWR/layout/derive")
		require.Equal(t, http.StatusOK, p.status)
		require.Contains(t, p.body, "Derived from the bins")
		require.Contains(t, p.body, "&#34;bin&#34;: &#34;A-01-01-1&#34;")
		_, err := warehouse.NewStore(b.d).Layout(context.Background(), "EWR")
		require.Error(t, err, "deriving stores nothing")

		p = br.post("/warehouses/EWR/layout", url.Values{"layout": {`{"blocks": [`}})
		requireFieldError(t, p, "layout", "This is not a layout in JSON")
		require.Contains(t, p.body, `{&#34;blocks&#34;: [`, "what was typed is kept")
		bad := `{"blocks":[{"code":"M","length":5}],"cross_aisles":[{"width":2},{"width":2}],
"aisles":[{"code":"A-01","block":"M","x":1,"length":9}],"depot":{"aisle":"Q","distance":3},"zones":[],"bins":[]}`
		p = br.post("/warehouses/EWR/layout", url.Values{"layout": {bad}})
		requireFieldError(t, p, "layout", "The layout has 2 problems")
		require.Contains(t, p.body, "aisles[0].length: ")
		require.Contains(t, p.body, "depot.aisle: ")
		require.Contains(t, p.body, "&#34;length&#34;:9", "what was typed is kept")

		p = br.post("/warehouses/EWR/layout", url.Values{"layout": {layoutJSON}})
		require.Equal(t, "/warehouses/EWR/layout?done=layout.saved", p.location(), p.body)
		requireAudited(t, b, "warehouse.layout")
		p = br.get("/warehouses/EWR/layout?done=layout.saved")
		require.Contains(t, p.body, "Layout saved.")
		require.Contains(t, p.body, "<td>A-01</td><td>MAIN</td>")
		require.Contains(t, p.body, "cold")
		require.Contains(t, p.body, "In front of aisle A-01, 3 m")

		require.Equal(t, http.StatusNotFound, br.get("/warehouses/NOPE/layout").status)
		require.Equal(t, http.StatusNotFound, br.post("/warehouses/NOPE/layout", url.Values{"layout": {layoutJSON}}).status)
	})
}
