package ship_test

import (
	"context"
	"net/http/httptest"
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/clock"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/flowtest"
	"github.com/waybill/waybill/internal/pack"
	"github.com/waybill/waybill/internal/ship"
	"github.com/waybill/waybill/internal/ship/carrier/httpcarrier"
	"github.com/waybill/waybill/internal/ship/carrier/sim"
	"github.com/waybill/waybill/internal/ship/rate"
)

// dock is warehouse EAST (Newark) with four products (500 g, 100 mm cubes,
// 50 each), a carton M, and the table carrier Eastline (ground: 5 days,
// cheap; air: 1 day, dear), serving the whole US.
type dock struct {
	*flowtest.Rig
	t *testing.T
}

// monday is when the tests run: a Monday morning in Newark, before the
// carriers' cut-off.
var monday = time.Date(2026, 12, 7, 14, 0, 0, 0, time.UTC)

func newDock(t *testing.T, d *db.DB, clk *clock.Fixed, carriers ...ship.Carrier) *dock {
	r := flowtest.New(t, d, flowtest.Options{Carriers: carriers, Clock: clk})
	k := &dock{Rig: r, t: t}
	skus := r.AddProducts(t, 4)
	r.AddWarehouse(t, "EAST")
	for _, sku := range skus {
		r.Receive(t, "EAST", sku, 50)
	}
	_, err := r.Packing.PutCarton(flowtest.As(flowtest.Chief), "EAST", "M", pack.Carton{InnerMM: [3]int64{250, 250, 250},
		OuterMM: [3]int64{262, 262, 262}, TareG: 300, MaxWeightG: 20000, CostMinor: 90, Material: "corrugated", OnHand: 20, Active: true})
	require.NoError(t, err)
	data, err := os.ReadFile("testdata/eastline.json")
	require.NoError(t, err)
	_, err = r.Shipping.PutCarrier(flowtest.As(flowtest.Chief), data, true)
	require.NoError(t, err)
	return k
}

// count runs a count(*) query.
func (k *dock) count(q string, args ...any) int64 {
	k.t.Helper()
	var n int64
	require.NoError(k.t, k.DB.Read(context.Background(), func(tx *db.Tx) error {
		return tx.QueryRowContext(context.Background(), q, args...).Scan(&n)
	}))
	return n
}

// simway is an external carrier for the tests: the simulated carrier run as
// a real HTTP server, with Eastline's rates under the code simway, and the
// HTTP client the ship stage books with (short timeouts, three attempts).
func simway(t *testing.T, clk *clock.Fixed) (*sim.Server, *httpcarrier.Client) {
	t.Helper()
	doc, err := os.ReadFile("testdata/eastline.json")
	require.NoError(t, err)
	data, err := rate.ParseCarrier(doc)
	require.NoError(t, err)
	data.Code, data.Name = "simway", "Simway"
	carrier, err := sim.New(sim.Config{APIKey: "k3y", Data: data, Clock: clk})
	require.NoError(t, err)
	srv := httptest.NewServer(carrier)
	t.Cleanup(srv.Close)
	client, err := httpcarrier.New(httpcarrier.Config{Code: "simway", BaseURL: srv.URL, APIKey: "k3y",
		Timeout: 200 * time.Millisecond, Backoff: time.Millisecond, MaxAttempts: 3})
	require.NoError(t, err)
	return carrier, client
}
