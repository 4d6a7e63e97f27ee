package ship_test

import (
	"context"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/clock"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/flowtest"
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
	r.AddDock(t, r.AddProducts(t, 4), 50, 20)
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
	data, err := rate.ParseCarrier(flowtest.Eastline)
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
