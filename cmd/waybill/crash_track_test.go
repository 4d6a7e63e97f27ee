package main

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/flowtest"
)

// crashEvents is how many carrier events the tracking crash test posts
// for its parcel, crashEventBatch to a request.
const (
	crashEvents     = 1200
	crashEventBatch = 4
)

// crashTracking is the crash test of tracking's acknowledged writes, run on
// the fulfilment the pack crash test packed: it is booked with the Eastline
// table carrier, staged, manifested and handed over; then its carrier's
// events (in transit scans, the last one delivered) are posted in batches
// from many connections, shuffled, while the server is killed with
// SIGKILL. After the restart every batch is sent again, as a carrier that
// saw no answer does. Then every event is kept exactly once, a batch
// answered before the kill is all duplicates, the parcel and its order are
// delivered, and the order's delivery is on its timeline once.
func crashTracking(t *testing.T, bin, dbURL string, flags []string, admin shopClient, fid string) {
	t.Helper()
	srv := startServer(t, bin, dbURL, flags...)
	admin = newShop(srv.base, admin.key)
	// Eastline from US-NWK1, its ground service taking the pallet (305 kg).
	freight := strings.NewReplacer(`"EAST"`, `"US-NWK1"`, `"max_weight_g": 30000`, `"max_weight_g": 1000000`,
		`"max_length_girth_mm": 3300`, `"max_length_girth_mm": 9000`, `{"up_to_g": 30000`, `{"up_to_g": 1000000`).Replace(string(flowtest.Eastline))
	a := admin.call(http.MethodPut, "/v1/carriers", "", []byte(freight))
	require.Equal(t, http.StatusOK, a.status, "%s", a.body)
	var sh struct {
		Parcels []struct {
			TrackingNumber string `json:"tracking_number"`
		} `json:"parcels"`
	}
	a = admin.call(http.MethodPost, "/v1/fulfilments/"+fid+"/shipment", "", []byte(`{}`))
	require.Equal(t, http.StatusOK, a.status, "%s", a.body)
	require.NoError(t, json.Unmarshal(a.body, &sh))
	tracking := sh.Parcels[0].TrackingNumber
	admin.send(t, http.MethodPost, "/v1/staging", map[string]any{"parcel": tracking, "lane": "LANE-EASTLINE"}, http.StatusOK)
	var m struct {
		ID string `json:"id"`
	}
	body, _ := json.Marshal(map[string]any{"warehouse": "US-NWK1", "carrier": "eastline"})
	a = admin.call(http.MethodPost, "/v1/manifests", "", body)
	require.Equal(t, http.StatusOK, a.status, "%s", a.body)
	require.NoError(t, json.Unmarshal(a.body, &m))
	admin.send(t, http.MethodPost, "/v1/manifests/"+m.ID+"/handover", map[string]any{"scans": []string{tracking}}, http.StatusOK)

	start := time.Now().UTC().Add(time.Minute)
	var batches [][]byte
	order := rand.Perm(crashEvents)
	for from := 0; from < crashEvents; from += crashEventBatch {
		var events []map[string]any
		for _, i := range order[from:min(from+crashEventBatch, crashEvents)] {
			status := "in_transit"
			if i == crashEvents-1 {
				status = "delivered"
			}
			events = append(events, map[string]any{"event_id": fmt.Sprintf("crash-ev-%04d", i), "tracking_number": tracking,
				"status": status, "occurred_at": start.Add(time.Duration(i) * time.Second).Format(time.RFC3339Nano)})
		}
		b, _ := json.Marshal(map[string]any{"carrier": "eastline", "events": events})
		batches = append(batches, b)
	}

	writes := make([]*write, len(batches))
	for i, b := range batches {
		writes[i] = &write{path: "/v1/tracking-events", body: b}
	}
	sendUntilKilled(t, srv, admin, writes[:len(writes)-4]) // some are left to send after
	srv = startServer(t, bin, dbURL, flags...)
	admin = newShop(srv.base, admin.key)
	ackedBefore := 0
	for i, b := range batches {
		a := admin.call(http.MethodPost, "/v1/tracking-events", "", b)
		require.NoError(t, a.err)
		require.Equal(t, http.StatusOK, a.status, "%s", a.body)
		var res struct {
			Duplicates int `json:"duplicates"`
			Received   int `json:"received"`
		}
		require.NoError(t, json.Unmarshal(a.body, &res))
		if writes[i].status != 0 {
			ackedBefore++
			require.Equal(t, res.Received, res.Duplicates, "batch %d was acknowledged before the kill: all of it was kept", i)
		}
	}
	t.Logf("tracking: %d of %d batches acknowledged before the kill", ackedBefore, len(batches))
	var h struct {
		Status string            `json:"status"`
		Events []json.RawMessage `json:"events"`
	}
	require.NoError(t, admin.get("/v1/parcels/"+tracking+"/tracking", &h))
	require.Equal(t, "delivered", h.Status)
	require.Len(t, h.Events, crashEvents, "every event kept exactly once")
	var list struct {
		Items []struct {
			ID     string `json:"id"`
			Status string `json:"status"`
		} `json:"items"`
	}
	require.NoError(t, admin.get("/v1/orders?channel=web&external_ref=crash-pack", &list))
	require.Len(t, list.Items, 1)
	o := list.Items[0]
	require.Equal(t, "delivered", o.Status)
	var evs []struct {
		Type string `json:"type"`
	}
	require.NoError(t, admin.get("/v1/orders/"+o.ID+"/events", &evs))
	delivered := 0
	for _, e := range evs {
		if e.Type == "order.delivered" {
			delivered++
		}
	}
	require.Equal(t, 1, delivered, "the order was delivered once")
	srv = crashCases(t, bin, dbURL, flags, srv, admin, o.ID)
	reconcileBinary(t, bin, dbURL)
	srv.stop(t)
}

// crashActs is how many playbook actions the case crash test sends.
const crashActs = 120

// crashCases is the crash test of customer service's acknowledged writes
// on a case: a customer's problem is raised on the delivered order and
// claimed, then
// playbook actions (contact_customer, each with its own Idempotency-Key
// and note) are sent from many connections while the server is killed.
// After the restart every action is sent again, as an agent's browser
// that saw no answer does. Then each note is on the case's history exactly
// once, and every action answered before the kill replays its first
// answer byte for byte.
func crashCases(t *testing.T, bin, dbURL string, flags []string, srv *serverProcess, admin shopClient, orderID string) *serverProcess {
	t.Helper()
	a := admin.call(http.MethodPost, "/v1/orders/"+orderID+"/problems", "crash-problem", []byte(`{"detail":"The pallet's wrap was torn"}`))
	require.NoError(t, a.err)
	require.Equal(t, http.StatusOK, a.status, "%s", a.body)
	var c struct {
		ID string `json:"id"`
	}
	require.NoError(t, json.Unmarshal(a.body, &c))
	a = admin.call(http.MethodPost, "/v1/tracking-cases/"+c.ID+"/claim", "crash-claim", nil)
	require.NoError(t, a.err)
	require.Equal(t, http.StatusOK, a.status, "%s", a.body)
	acts := make([]*write, crashActs)
	for i := range acts {
		body, _ := json.Marshal(map[string]any{"action": "contact_customer", "note": fmt.Sprintf("crash call %04d", i)})
		acts[i] = &write{path: "/v1/tracking-cases/" + c.ID + "/actions", key: fmt.Sprintf("crash-act-%04d", i), body: body}
	}
	sendUntilKilled(t, srv, admin, acts)
	answered := countWrites(acts, func(w *write) bool { return w.status != 0 })
	require.Less(t, answered, crashActs, "the kill came before the last action was answered")
	srv = startServer(t, bin, dbURL, flags...)
	admin = newShop(srv.base, admin.key)
	resend(t, admin, acts)
	var v struct {
		Status  string `json:"status"`
		History []struct {
			Action string `json:"action"`
			Note   string `json:"note"`
		} `json:"history"`
	}
	require.NoError(t, admin.get("/v1/tracking-cases/"+c.ID, &v))
	require.Equal(t, "open", v.Status)
	notes := map[string]int{}
	for _, h := range v.History {
		if h.Action == "contact_customer" {
			notes[h.Note]++
		}
	}
	require.Len(t, notes, crashActs, "every action is on the case's history")
	for note, n := range notes {
		require.Equal(t, 1, n, "%q is on the history once", note)
	}
	t.Logf("cases: %d of %d actions answered before the kill", answered, crashActs)
	return srv
}

// sendUntilKilled sends ws in order from crashWorkers connections, keeping
// each one's first answer, and kills the server mid-stream. A write with
// no answer before the kill is marked cut; those after it are not sent.
func sendUntilKilled(t *testing.T, srv *serverProcess, s shopClient, ws []*write) {
	t.Helper()
	var next atomic.Int64
	next.Store(-1)
	var killed atomic.Bool
	var answered atomic.Int64
	var wg sync.WaitGroup
	for range crashWorkers {
		wg.Go(func() {
			for !killed.Load() {
				i := int(next.Add(1))
				if i >= len(ws) {
					return
				}
				ans := send(s, ws[i])
				if ans.err != nil {
					if !killed.Load() {
						t.Errorf("%s %d: no answer before the kill: %v\n%s", ws[i].path, i, ans.err, srv.output)
					}
					ws[i].cut = true
					return
				}
				if ans.status != http.StatusOK && ans.status != http.StatusCreated {
					t.Errorf("%s %d: %d %s", ws[i].path, i, ans.status, ans.body)
					return
				}
				ws[i].status, ws[i].response = ans.status, ans.body
				answered.Add(1)
			}
		})
	}
	for wait := time.Now(); answered.Load() == 0 && time.Since(wait) < 30*time.Second; {
		time.Sleep(10 * time.Millisecond)
	}
	time.Sleep(20*time.Millisecond + rand.N(100*time.Millisecond))
	killed.Store(true)
	srv.kill()
	wg.Wait()
	if t.Failed() {
		t.FailNow()
	}
}
