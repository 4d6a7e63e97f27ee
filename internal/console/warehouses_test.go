package console_test

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/warehouse"
)

func warehouseForm() url.Values {
	return url.Values{"name": {"Newark east"}, "cutoff_time": {"15:30"}, "timezone": {"America/New_York"},
		"categories": {"general, kitchen"}, "active": {"on"}}
}

// bins lists the warehouse's bins through the store.
func bins(t *testing.T, b *bundle, code string) []warehouse.Bin {
	t.Helper()
	list, err := warehouse.NewStore(b.d).Bins(context.Background(), code, warehouse.BinFilter{Limit: 100})
	require.NoError(t, err)
	return list
}

func TestWarehousePagesRoles(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, b *bundle) {
		b.rig.AddWarehouse(t, "EWR")
		n := 0
		requireAdminRoles(t, b, []roleCase{
			{"GET", "/warehouses", "list-warehouses", nil, http.StatusOK},
			{"GET", "/warehouses/EWR", "list-bins", nil, http.StatusOK},
			{"POST", "/warehouses/EWR", "update-warehouse", warehouseForm(), http.StatusSeeOther},
			{"GET", "/warehouses/EWR/bins/A-01-01-1", "update-bin", nil, http.StatusOK},
			{"POST", "/warehouses/EWR/bins/A-01-01-1", "update-bin", url.Values{"x": {"2"}, "y": {"3"}, "active": {"on"}}, http.StatusSeeOther},
		})
		// add-bins admits two roles: each adds its own bin.
		for _, role := range actor.Roles {
			br := b.browser(t)
			br.signIn(b.emails[role])
			roles, _ := b.api.OperationRoles("add-bins")
			p := br.post("/warehouses/EWR/bins", url.Values{"bins": {"B-01-01-" + string(rune('1'+n)) + " 1 1"}})
			if slices.Contains(roles, role) {
				require.Equal(t, http.StatusSeeOther, p.status, p.body)
				n++
				continue
			}
			require.Equal(t, http.StatusForbidden, p.status, role)
		}
		require.Len(t, bins(t, b, "EWR"), 1+n)
	})
}

func TestWarehousePagesEdit(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, b *bundle) {
		b.rig.AddWarehouse(t, "EWR")
		store := warehouse.NewStore(b.d)
		br := b.browser(t)
		br.signIn(b.emails[actor.Admin])
		list := br.get("/warehouses")
		require.Equal(t, http.StatusOK, list.status)
		require.Contains(t, list.body, `href="/warehouses/EWR"`)
		detail := br.get("/warehouses/EWR")
		require.Contains(t, detail.body, "A-01-01-1")
		require.Contains(t, detail.body, `value="Site EWR"`)

		bad := warehouseForm()
		bad.Set("cutoff_time", "25:99")
		bad.Set("timezone", "Mars/Olympus")
		p := br.post("/warehouses/EWR", bad)
		requireFieldError(t, p, "cutoff_time", "")
		require.Contains(t, p.body, `id="timezone-error"`)
		require.Contains(t, p.body, `value="Mars/Olympus"`)
		w, err := store.Get(context.Background(), "EWR")
		require.NoError(t, err)
		require.Equal(t, "16:00", w.CutoffTime, "nothing changed")

		p = br.post("/warehouses/EWR", warehouseForm())
		require.Equal(t, "/warehouses/EWR?done=warehouses.updated", p.location())
		w, err = store.Get(context.Background(), "EWR")
		require.NoError(t, err)
		require.Equal(t, "Newark east", w.Name)
		require.Equal(t, "15:30", w.CutoffTime)
		require.Equal(t, []string{"general", "kitchen"}, w.Categories)
		requireAudited(t, b, "warehouse.update")

		p = br.post("/warehouses/EWR/bins", url.Values{"bins": {"a-2-3-1 4.5 12\nA-02-03-2 5 12"}})
		require.Equal(t, "/warehouses/EWR?done=warehouses.bins_added", p.location(), p.body)
		require.Len(t, bins(t, b, "EWR"), 3)
		requireAudited(t, b, "bin.create")
		p = br.post("/warehouses/EWR/bins", url.Values{"bins": {"C-01-01-1 1\nZZZZ-1 1 1"}})
		requireFieldError(t, p, "bins", "Line 1: write a bin code")
		require.Contains(t, p.body, "ZZZZ-1 1 1", "what was typed is kept")
		p = br.post("/warehouses/EWR/bins", url.Values{"bins": {"C-01-01-1 1 1\nZZZZ-1 1 1"}})
		requireFieldError(t, p, "bins", "")
		p = br.post("/warehouses/EWR/bins", url.Values{"bins": {"C-01-01-1 1 1\nA-02-03-1 1 1"}})
		require.Equal(t, http.StatusConflict, p.status, "a bin that exists: the API's 409")
		require.Contains(t, p.body, "already")
		require.Len(t, bins(t, b, "EWR"), 3, "none was added")

		p = br.post("/warehouses/EWR/bins/A-02-03-1", url.Values{"x": {"far"}, "y": {"1"}})
		requireFieldError(t, p, "x", "Enter a number of metres")
		p = br.post("/warehouses/EWR/bins/A-02-03-1", url.Values{"x": {"-3"}, "y": {"1"}})
		requireFieldError(t, p, "x", "")
		p = br.post("/warehouses/EWR/bins/a-2-3-1", url.Values{"x": {"7.25"}, "y": {"1"}})
		require.Equal(t, "/warehouses/EWR?done=warehouses.bin_updated", p.location(), p.body)
		got := bins(t, b, "EWR")[1]
		require.Equal(t, "A-02-03-1", got.Code)
		require.Equal(t, 7.25, got.X)
		require.False(t, got.Active)
		requireAudited(t, b, "bin.update")
		require.Contains(t, br.get("/warehouses/EWR/bins/A-02-03-1").body, `value="7.25"`)

		require.Equal(t, http.StatusNotFound, br.get("/warehouses/NOPE").status)
		require.Equal(t, http.StatusNotFound, br.post("/warehouses/NOPE", warehouseForm()).status)
		require.Equal(t, http.StatusNotFound, br.post("/warehouses/NOPE/bins", url.Values{"bins": {"A-01-01-1 1 1"}}).status)
		require.Equal(t, http.StatusNotFound, br.get("/warehouses/EWR/bins/Q-09-09-9").status)
		require.Equal(t, http.StatusNotFound, br.get("/warehouses/EWR/bins/nonsense").status)
		require.Equal(t, http.StatusNotFound, br.post("/warehouses/EWR/bins/Q-09-09-9", url.Values{"x": {"1"}, "y": {"1"}}).status)
	})
}
