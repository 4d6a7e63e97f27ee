package console_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/flowtest"
	"github.com/waybill/waybill/internal/order"
	"github.com/waybill/waybill/internal/pack"
	"github.com/waybill/waybill/internal/ship"
	"github.com/waybill/waybill/internal/track"
)

// shippedInTwo is an order of two units shipped from warehouse EAST by
// the table carrier Eastline in two parcels, one unit each, packed and
// handed over as the stations and the dock do it: the order and its
// parcels' tracking.
func shippedInTwo(t *testing.T, b *bundle) (order.Order, []track.Parcel) {
	t.Helper()
	r := b.rig
	skus := r.AddProducts(t, 1)
	r.AddDock(t, skus, 20, 20)
	o, fid := r.Picked(t, "EAST", "T1", flowtest.Line(skus[0], 2))
	packer := flowtest.As(flowtest.Packer)
	for i := range 2 {
		res, err := r.Packing.Scan(packer, fid, pack.ItemScan{ScanID: fmt.Sprint("pk-", i), Item: skus[0], Quantity: 1})
		require.NoError(t, err)
		_, err = r.Packing.Close(packer, res.Parcel, pack.CloseParcel{ScanID: fmt.Sprint("close-", i), Carton: "M", WeightG: 800})
		require.NoError(t, err)
	}
	sh, err := r.Shipping.Book(packer, fid, ship.BookRequest{})
	require.NoError(t, err)
	require.Len(t, sh.Parcels, 2)
	var scans []string
	for _, p := range sh.Parcels {
		_, err := r.Shipping.Stage(packer, ship.StageScan{Parcel: p.TrackingNumber, Lane: strings.ToUpper(sh.Carrier)})
		require.NoError(t, err)
		scans = append(scans, p.TrackingNumber)
	}
	m, err := r.Shipping.CloseManifest(packer, ship.ManifestIn{Warehouse: "EAST", Carrier: sh.Carrier})
	require.NoError(t, err)
	_, err = r.Shipping.Handover(packer, m.ID, ship.HandoverIn{Scans: scans})
	require.NoError(t, err)
	parcels, err := r.Tracking.OrderParcels(context.Background(), o.ID)
	require.NoError(t, err)
	require.Len(t, parcels, 2)
	return o, parcels
}

// deliver ingests a parcel's journey to the door as Eastline's events.
func deliver(t *testing.T, b *bundle, p track.Parcel, at time.Time) {
	t.Helper()
	var evs []ship.TrackingEvent
	for i, st := range []string{ship.TrackPickedUp, ship.TrackInTransit, ship.TrackOutForDelivery, ship.TrackDelivered} {
		evs = append(evs, ship.TrackingEvent{EventID: fmt.Sprintf("%s-%d", p.TrackingNumber, i), TrackingNumber: p.TrackingNumber,
			Status: st, Location: "Newark NJ", OccurredAt: at.Add(time.Duration(i+1) * time.Hour)})
	}
	_, err := b.rig.Tracking.Ingest(actor.With(context.Background(), track.Carrier("eastline")), "eastline", track.FromAPI, evs)
	require.NoError(t, err)
}

// TestTrackingPageIsPublicAndSaysNothingPersonal opens a delivered
// parcel's page without signing in, in English and Chinese, and an
// unknown token's.
func TestTrackingPageIsPublicAndSaysNothingPersonal(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, b *bundle) {
		o, parcels := shippedInTwo(t, b)
		deliver(t, b, parcels[0], b.clk.Now())
		br := b.browser(t) // nobody signed in

		p := br.get("/track/" + parcels[0].Token)
		require.Equal(t, http.StatusOK, p.status, p.body)
		require.Equal(t, "private, no-store", p.header.Get("Cache-Control"))
		require.Equal(t, "noindex, nofollow", p.header.Get("X-Robots-Tag"))
		require.Contains(t, p.body, `<meta name="robots" content="noindex, nofollow">`)
		require.Contains(t, p.body, `<p class="track-status" id="track-status">Delivered</p>`)
		require.Contains(t, p.body, o.Number)
		require.Contains(t, p.body, parcels[0].TrackingNumber)
		require.Contains(t, p.body, "<dd>Eastline Parcel</dd>", "the carrier by the name customers know")
		require.Regexp(t, `<dd>[12] of 2</dd>`, p.body)
		history := p.body[strings.Index(p.body, `id="track-history"`):]
		require.Less(t, strings.Index(history, "Delivered"), strings.Index(history, "Out for delivery"), "newest first")
		require.Less(t, strings.Index(history, "Out for delivery"), strings.Index(history, "Picked up by the carrier"))
		for _, personal := range []string{"Ada", "Lovelace", "ada@example.com", "650", "Amphitheatre", "Mountain View", "94043",
			"SKU-000", "Product", "signout", "/orders"} {
			require.NotContains(t, p.body, personal)
		}

		zh := br.get("/track/" + parcels[0].Token + "?lang=zh")
		require.Equal(t, http.StatusOK, zh.status)
		require.Contains(t, zh.body, `<html lang="zh-CN">`)
		require.Contains(t, zh.body, `id="track-status">已送达</p>`)
		require.Contains(t, zh.body, `href="?lang=en"`, "the switch back to English")

		other := br.get("/track/" + parcels[1].Token)
		require.Contains(t, other.body, `id="track-status">Picked up by the carrier<`, "the other parcel has its own page")

		for _, token := range []string{strings.Repeat("a", 26), "short", parcels[0].Token + "x"} {
			nf := br.get("/track/" + token)
			require.Equal(t, http.StatusNotFound, nf.status, token)
			require.Equal(t, "private, no-store", nf.header.Get("Cache-Control"))
			require.Contains(t, nf.body, "There is no such page.")
			require.NotContains(t, nf.body, "track-status")
		}
	})
}

// TestOrderPageShowsParcelsAndPartialDelivery shows each parcel of a
// shipped order with its tracking status and public page, one of two
// delivered as such, then the order delivered in words.
func TestOrderPageShowsParcelsAndPartialDelivery(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, b *bundle) {
		o, parcels := shippedInTwo(t, b)
		br := b.browser(t)
		br.signIn(b.emails[actor.CustomerService])
		page := br.get("/orders/" + o.ID)
		require.Equal(t, http.StatusOK, page.status, page.body)
		for _, p := range parcels {
			require.Contains(t, page.body, p.TrackingNumber)
			require.Contains(t, page.body, `href="/track/`+p.Token+`?lang=en"`)
		}
		require.Contains(t, page.body, "Picked up by the carrier")
		require.NotContains(t, page.body, `id="parcels-delivered"`)

		deliver(t, b, parcels[0], b.clk.Now())
		page = br.get("/orders/" + o.ID)
		require.Contains(t, page.body, `<p class="tag" id="parcels-delivered">1 of 2 parcels delivered</p>`)
		require.Contains(t, page.body, `<span class="tag" id="order-status">shipped</span>`)

		deliver(t, b, parcels[1], b.clk.Now())
		page = br.get("/orders/" + o.ID)
		require.NotContains(t, page.body, `id="parcels-delivered"`)
		require.Contains(t, page.body, `<span class="tag" id="order-status">delivered</span>`)

		zh := b.browser(t)
		zh.signIn(b.emails[actor.Admin])
		zh.post("/locale", map[string][]string{"locale": {"zh"}, "back": {"/orders"}})
		page = zh.get("/orders/" + o.ID)
		require.Contains(t, page.body, `<span class="tag" id="order-status">已送达</span>`)
		require.Contains(t, page.body, `href="/track/`+parcels[0].Token+`?lang=zh"`)
	})
}
