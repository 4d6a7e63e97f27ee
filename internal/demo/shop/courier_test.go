package shop

import (
	"context"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/apitest"
	"github.com/waybill/waybill/internal/db/dbtest"
	"github.com/waybill/waybill/internal/flowtest"
	"github.com/waybill/waybill/internal/httpapi"
	"github.com/waybill/waybill/internal/order"
	"github.com/waybill/waybill/internal/track"
)

// The couriers take a handed-over parcel to its door through the served
// tracking API, one scan a round, and the order is delivered.
func TestCouriersDeliverThroughTheAPI(t *testing.T) {
	d := dbtest.SQLite(t, dbtest.Options{})
	r := flowtest.New(t, d, flowtest.Options{})
	r.AddDock(t, r.AddProducts(t, 1), 5, 5)
	o, _ := r.Shipped(t, "EAST", "M", "C1", flowtest.Line("SKU-000", 1))

	srv := apitest.New(t, d, func(api *httpapi.API) { track.Register(api, r.Tracking) })
	k, err := PrepareCouriers(context.Background(), d, srv.URL, time.Second, 1, slog.New(slog.DiscardHandler))
	require.NoError(t, err)
	k.rnd = rand.New(rand.NewPCG(1, 2)) // draws with no failed attempt before the delivery
	k.c.http = &http.Client{Timeout: 5 * time.Second}
	var seen []string
	for range 10 {
		require.NoError(t, k.round(context.Background()))
		ps, err := r.Tracking.OrderParcels(actor.With(context.Background(), flowtest.Chief), o.ID)
		require.NoError(t, err)
		seen = append(seen, ps[0].Status)
		if ps[0].Status == "delivered" {
			break
		}
	}
	require.Contains(t, seen, "out_for_delivery")
	require.Equal(t, "delivered", seen[len(seen)-1], "scans: %v", seen)
	require.Equal(t, order.Delivered, r.Get(t, o.ID).Status)
}
