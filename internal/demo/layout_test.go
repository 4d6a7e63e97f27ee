package demo

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/db/dbtest"
	"github.com/waybill/waybill/internal/pick"
	"github.com/waybill/waybill/internal/pick/route"
	"github.com/waybill/waybill/internal/warehouse"
)

// Every demo warehouse is loaded with a layout placing all its bins, one of
// them on two blocks, and a pick list over it routes.
func TestDemoLayouts(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		_, err := Load(ctx, d, 1)
		require.NoError(t, err)
		blocks := map[int]int{}
		for _, w := range Warehouses() {
			l, err := warehouse.NewStore(d).Layout(ctx, w.Code)
			require.NoError(t, err, w.Code)
			require.Len(t, l.Bins, len(w.Bins), w.Code)
			blocks[len(l.Blocks)]++
			rl, locs, err := pick.RouteLayout(l)
			require.NoError(t, err, w.Code)
			picks := []route.Location{locs[w.Bins[0].Code], locs[w.Bins[len(w.Bins)-1].Code], locs[w.Bins[90].Code]}
			r, err := route.Plan(rl, picks, route.Options{})
			require.NoError(t, err, w.Code)
			require.Len(t, r.Order, 3)
		}
		require.Equal(t, map[int]int{1: 3, 2: 1}, blocks)
	})
}
