package main

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/db/dbtest"
)

// crashPackUnits is the units of the one fulfilment the pack crash test
// scans, one scan each.
const crashPackUnits = 600

// The crash test for the pack station's acknowledged writes: a picked
// fulfilment's units are scanned into its parcel one by one from many
// connections, each with its own scan_id, while the server is killed with
// SIGKILL twice over. After each restart every scan is sent again, as a
// handheld that saw no answer must. Then every scan is booked exactly once
// (units in the parcel = scans sent, one pack_scans row each), a scan
// answered before the kill is answered as a replay with the same parcel,
// and at the end the parcel closes, the fulfilment is packed and the ledger
// reconciles. Then the parcel ships and its carrier's events go through
// the same kills (crashTracking).
func TestCrashKeepsPackScansOnce(t *testing.T) {
	t.Parallel()
	bin := buildWaybill(t)
	dbtest.EachURL(t, func(t *testing.T, dbURL string) {
		gw := "--gateways=shop=standard:" + crashGatewaySecret
		srv := startServer(t, bin, dbURL, gw)
		admin := newShop(srv.base, createKey(t, dbURL, "admin"))
		shop := newShop(srv.base, seedCrashShop(t, admin, dbURL))
		fid := pickedForCrash(t, srv.base, admin, shop)
		var scans []*packScan
		for cycle := 1; cycle <= 2; cycle++ {
			sent := scanUntilKilled(t, srv, admin, fid, len(scans))
			scans = append(scans, sent...)
			cut := 0
			for _, ps := range sent {
				if ps.cut {
					cut++
				}
			}
			t.Logf("cycle %d: %d scans so far, %d cut off by the kill", cycle, len(scans), cut)
			srv = startServer(t, bin, dbURL, gw)
			admin = newShop(srv.base, admin.key)
			rescan(t, admin, fid, scans)
			var st struct {
				Left    int64 `json:"left"`
				Parcels []struct {
					Items []struct {
						Quantity int64 `json:"quantity"`
					} `json:"items"`
				} `json:"parcels"`
			}
			require.NoError(t, admin.get("/v1/fulfilments/"+fid+"/packing", &st))
			var packed int64
			for _, p := range st.Parcels {
				for _, it := range p.Items {
					packed += it.Quantity
				}
			}
			require.Equal(t, int64(len(scans)), packed, "every scan booked once, after %d kills", cycle)
			require.Equal(t, int64(crashPackUnits-len(scans)), st.Left)
			reconcileBinary(t, bin, dbURL)
		}
		for i := len(scans); i < crashPackUnits; i++ {
			a := admin.call(http.MethodPost, "/v1/fulfilments/"+fid+"/pack-scans", "", packScanBody(i))
			require.NoError(t, a.err)
			require.Equal(t, http.StatusOK, a.status, "%s", a.body)
		}
		var last struct {
			Parcel string `json:"parcel"`
		}
		a := admin.call(http.MethodPost, "/v1/fulfilments/"+fid+"/pack-scans", "", packScanBody(0))
		require.NoError(t, json.Unmarshal(a.body, &last))
		closeBody, _ := json.Marshal(map[string]any{"scan_id": "crash-close", "carton": "PALLET", "weight_g": crashPackUnits*500 + 5000})
		a = admin.call(http.MethodPost, "/v1/parcels/"+last.Parcel+"/close", "", closeBody)
		require.Equal(t, http.StatusOK, a.status, "%s", a.body)
		require.Contains(t, string(a.body), `"done":true`)
		reconcileBinary(t, bin, dbURL)
		srv.stop(t)
		crashTracking(t, bin, dbURL, []string{gw}, admin, fid)
	})
}

// pickedForCrash places and pays an order of crashPackUnits units, waves
// and picks it, adds a carton that holds it all, and returns its
// fulfilment: waiting at the pack station.
func pickedForCrash(t *testing.T, base string, admin, shop shopClient) string {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"channel": "web", "external_ref": "crash-pack", "payment_method": "prepaid", "currency": "USD",
		"customer": map[string]any{"name": "Ada Lovelace", "email": "ada@example.com", "phone": "+1 650-253-0000"},
		"shipping_address": map[string]any{"name": "Ada Lovelace", "line1": "1600 Amphitheatre Pkwy", "city": "Mountain View",
			"region": "CA", "postal_code": "94043", "country": "US"},
		"lines": []map[string]any{{"sku": "CRASH-P1", "quantity": crashPackUnits}}})
	a := shop.call(http.MethodPost, "/v1/orders", "", body)
	require.Equal(t, http.StatusCreated, a.status, "%s", a.body)
	var o struct {
		ID         string `json:"id"`
		TotalMinor int64  `json:"total_minor"`
	}
	require.NoError(t, json.Unmarshal(a.body, &o))
	pay(t, base, o.ID, o.TotalMinor)
	deadline := time.Now().Add(30 * time.Second)
	for {
		var got struct {
			Status string `json:"status"`
		}
		require.NoError(t, admin.get("/v1/orders/"+o.ID, &got))
		if got.Status == "released" {
			break
		}
		require.True(t, time.Now().Before(deadline), "order not released: %s", got.Status)
		time.Sleep(100 * time.Millisecond)
	}
	admin.send(t, http.MethodPut, "/v1/warehouses/US-NWK1/cartons/PALLET", map[string]any{"inner_mm": []int{1200, 1000, 600},
		"outer_mm": []int{1220, 1020, 620}, "tare_g": 5000, "max_weight_g": 500000, "cost_minor": 900, "material": "crate", "on_hand": 2,
		"active": true}, http.StatusOK)
	wb, _ := json.Marshal(map[string]any{"warehouse": "US-NWK1"})
	a = admin.call(http.MethodPost, "/v1/waves", "", wb)
	require.Equal(t, http.StatusCreated, a.status, "%s", a.body)
	var w struct {
		Tasks []struct {
			ID string `json:"id"`
		} `json:"tasks"`
	}
	require.NoError(t, json.Unmarshal(a.body, &w))
	require.Len(t, w.Tasks, 1)
	a = admin.call(http.MethodPost, "/v1/pick-tasks/"+w.Tasks[0].ID+"/claim", "", nil)
	require.Equal(t, http.StatusOK, a.status, "%s", a.body)
	var task struct {
		Lines []struct {
			ID       string `json:"id"`
			Bin      string `json:"bin"`
			Quantity int64  `json:"quantity"`
		} `json:"lines"`
	}
	require.NoError(t, json.Unmarshal(a.body, &task))
	for i, l := range task.Lines {
		pb, _ := json.Marshal(map[string]any{"scan_id": fmt.Sprint("p", i), "line": l.ID, "bin": l.Bin, "item": "CRASH-P1",
			"quantity": l.Quantity, "tote": "TOTE-CRASH"})
		a = admin.call(http.MethodPost, "/v1/pick-tasks/"+w.Tasks[0].ID+"/picks", "", pb)
		require.Equal(t, http.StatusOK, a.status, "%s", a.body)
	}
	var st struct {
		FulfilmentID string `json:"fulfilment_id"`
	}
	require.NoError(t, admin.get("/v1/pack-station?warehouse=US-NWK1&code=TOTE-CRASH", &st))
	return st.FulfilmentID
}

// packScan is one unit's scan, sent under load and again after restarts.
type packScan struct {
	i      int
	cut    bool   // no answer before the kill
	parcel string // the parcel its first answer named
}

func packScanBody(i int) []byte {
	b, _ := json.Marshal(map[string]any{"scan_id": fmt.Sprintf("crash-scan-%04d", i), "item": "CRASH-P1"})
	return b
}

// scanUntilKilled scans units from crashWorkers connections, starting at
// scan first, and kills the server mid-stream.
func scanUntilKilled(t *testing.T, srv *serverProcess, s shopClient, fid string, first int) []*packScan {
	t.Helper()
	var next atomic.Int64
	next.Store(int64(first) - 1)
	var killed atomic.Bool
	var answered atomic.Int64
	var mu sync.Mutex
	var sent []*packScan
	var wg sync.WaitGroup
	for range crashWorkers {
		wg.Go(func() {
			for !killed.Load() {
				i := int(next.Add(1))
				if i >= crashPackUnits-20 { // leave some to scan after
					return
				}
				ps := &packScan{i: i}
				a := s.call(http.MethodPost, "/v1/fulfilments/"+fid+"/pack-scans", "", packScanBody(i))
				mu.Lock()
				sent = append(sent, ps)
				mu.Unlock()
				if a.err != nil {
					if !killed.Load() {
						t.Errorf("scan %d: no answer before the kill: %v\n%s", i, a.err, srv.output)
						return
					}
					ps.cut = true
					continue
				}
				if a.status != http.StatusOK {
					t.Errorf("scan %d: %d %s", i, a.status, a.body)
					return
				}
				var r struct {
					Parcel string `json:"parcel"`
				}
				_ = json.Unmarshal(a.body, &r)
				ps.parcel = r.Parcel
				answered.Add(1)
			}
		})
	}
	for wait := time.Now(); answered.Load() == 0 && time.Since(wait) < 30*time.Second; {
		time.Sleep(10 * time.Millisecond)
	}
	time.Sleep(100*time.Millisecond + rand.N(400*time.Millisecond))
	killed.Store(true)
	srv.kill()
	wg.Wait()
	if t.Failed() {
		t.FailNow()
	}
	return sent
}

// rescan sends every scan again: one answered before is a replay naming
// the same parcel; one cut off is booked now, or replayed if its booking
// committed before the kill.
func rescan(t *testing.T, s shopClient, fid string, scans []*packScan) {
	t.Helper()
	var mu sync.Mutex
	var broken []string
	inParallel(len(scans), func(i int) {
		ps := scans[i]
		a := s.call(http.MethodPost, "/v1/fulfilments/"+fid+"/pack-scans", "", packScanBody(ps.i))
		var r struct {
			Parcel   string `json:"parcel"`
			Replayed bool   `json:"replayed"`
		}
		var err error
		switch {
		case a.err != nil:
			err = a.err
		case a.status != http.StatusOK:
			err = fmt.Errorf("%d %s", a.status, a.body)
		default:
			_ = json.Unmarshal(a.body, &r)
			if !ps.cut && (!r.Replayed || r.Parcel != ps.parcel) {
				err = fmt.Errorf("answered parcel %s first, now %s (replayed %v)", ps.parcel, r.Parcel, r.Replayed)
			}
		}
		if err != nil {
			mu.Lock()
			broken = append(broken, fmt.Sprintf("scan %d: %v", ps.i, err))
			mu.Unlock()
			return
		}
		ps.cut, ps.parcel = false, r.Parcel
	})
	require.Empty(t, broken, "scans sent again after the restart")
}
