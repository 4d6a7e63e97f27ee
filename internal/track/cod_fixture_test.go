package track_test

import (
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/clock"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/flowtest"
	"github.com/waybill/waybill/internal/order"
	"github.com/waybill/waybill/internal/pack"
	"github.com/waybill/waybill/internal/pick"
	"github.com/waybill/waybill/internal/setting"
	"github.com/waybill/waybill/internal/ship"
	"github.com/waybill/waybill/internal/track"
)

// newCODRoute is newRoute with cash on delivery offered in the US, so a
// COD order is confirmed at intake and goes to review, and a rule that
// holds a COD order of a customer who refused one before.
func newCODRoute(t *testing.T, d *db.DB, clk *clock.Fixed) *route {
	rules := setting.Defaults()
	rules.CODCountries = []string{"US"}
	r := flowtest.New(t, d, flowtest.Options{Clock: clk, Engine: order.Config{Settings: setting.Static(rules)}})
	skus := r.AddProducts(t, 4)
	r.AddWarehouse(t, "EAST")
	for _, sku := range skus {
		r.Receive(t, "EAST", sku, 200)
	}
	_, err := r.Packing.PutCarton(flowtest.As(flowtest.Chief), "EAST", "M", pack.Carton{InnerMM: [3]int64{250, 250, 250},
		OuterMM: [3]int64{262, 262, 262}, TareG: 300, MaxWeightG: 20000, CostMinor: 90, Material: "corrugated", OnHand: 500, Active: true})
	require.NoError(t, err)
	data, err := os.ReadFile("testdata/eastline.json")
	require.NoError(t, err)
	_, err = r.Shipping.PutCarrier(flowtest.As(flowtest.Chief), data, true)
	require.NoError(t, err)
	return &route{Rig: r, t: t, clk: clk}
}

// shipCOD places a cash-on-delivery order of lines through intake and
// review, picks, packs (one parcel) and hands it over as flowtest.Shipped
// does a prepaid one: the order and its parcel's tracking number.
func (k *route) shipCOD(ref string, lines ...order.LineInput) (order.Order, string) {
	t := k.t
	t.Helper()
	o := k.COD(t, ref, lines...)
	k.RunJobs(t)
	o = k.Get(t, o.ID)
	require.Equal(t, order.Released, o.Status, "order %s: %s", o.Number, o.HoldReason)
	w, err := k.Floor.Release(flowtest.As(flowtest.Chief), pick.WaveRequest{Warehouse: "EAST"})
	require.NoError(t, err)
	for _, wt := range w.Tasks {
		task, err := k.Floor.Claim(flowtest.As(flowtest.Picker), wt.ID)
		require.NoError(t, err)
		for _, l := range task.Lines {
			_, err := k.Floor.Pick(flowtest.As(flowtest.Picker), task.ID, pick.Scan{ScanID: "p-" + l.ID, Line: l.ID, Bin: l.Bin,
				Item: l.SKU, Quantity: l.Left(), Tote: "T-" + ref})
			require.NoError(t, err)
		}
	}
	fid := k.Get(t, o.ID).Fulfilments[0].ID
	packer := flowtest.As(flowtest.Packer)
	st, err := k.Packing.Station(packer, fid)
	require.NoError(t, err)
	var weight int64 = 300 // carton M's tare
	var parcel string
	for _, l := range st.Lines {
		res, err := k.Packing.Scan(packer, fid, pack.ItemScan{ScanID: "pk-" + ref + l.SKU, Item: l.SKU, Quantity: l.Left()})
		require.NoError(t, err)
		weight += l.Left() * l.WeightG
		parcel = res.Parcel
	}
	res, err := k.Packing.Close(packer, parcel, pack.CloseParcel{ScanID: "close-" + ref, Carton: "M", WeightG: weight})
	require.NoError(t, err)
	require.True(t, res.Done, "held: %s", res.Parcel.Note)
	sh, err := k.Shipping.Book(packer, fid, ship.BookRequest{})
	require.NoError(t, err)
	require.Len(t, sh.Parcels, 1)
	tr := sh.Parcels[0].TrackingNumber
	_, err = k.Shipping.Stage(packer, ship.StageScan{Parcel: tr, Lane: strings.ToUpper(sh.Carrier)})
	require.NoError(t, err)
	m, err := k.Shipping.CloseManifest(packer, ship.ManifestIn{Warehouse: "EAST", Carrier: sh.Carrier})
	require.NoError(t, err)
	_, err = k.Shipping.Handover(packer, m.ID, ship.HandoverIn{Scans: []string{tr}})
	require.NoError(t, err)
	return k.Get(t, o.ID), tr
}

// onHand is the warehouse EAST's on-hand units of sku.
func (k *route) onHand(sku string) int64 {
	k.t.Helper()
	return int64(k.count(`SELECT b.on_hand FROM stock_balances b JOIN products p ON p.id = b.product_id
		JOIN warehouses w ON w.id = b.warehouse_id WHERE p.sku = $1 AND w.code = 'EAST'`, sku))
}

// importCSV imports a remittance file as finance, cash missing a week
// after delivery.
func (k *route) importCSV(csv string) (track.Reconciliation, error) {
	return k.Tracking.Reconcile(flowtest.As(finance), []byte(csv), track.DefaultMissingAfter)
}

// finance is the person who imports remittances.
var finance = actor.Actor{ID: "per_finance", Name: "finance", Role: actor.Finance}

// deliver sends a parcel's journey ending delivered, an hour apart from
// start.
func (k *route) deliver(tracking string, start time.Time) {
	k.t.Helper()
	k.ingest(journey(tracking, start)...)
}
