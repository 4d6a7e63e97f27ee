package track_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/address"
	"github.com/waybill/waybill/internal/clock"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/db/dbtest"
	"github.com/waybill/waybill/internal/flowtest"
	"github.com/waybill/waybill/internal/ship"
	"github.com/waybill/waybill/internal/ship/carrier/sim"
	"github.com/waybill/waybill/internal/track"
)

// addressCase ships an order with Parcelway, has the driver fail to find
// the address and claims the address case as Agent: the parcel's number
// and the case.
func (k *route) addressCase(ref string) (string, track.Case) {
	k.t.Helper()
	oid, tr := k.ship(ref, "SKU-000")
	_, err := k.Tracking.Ingest(context.Background(), "parcelway", track.FromAPI,
		[]ship.TrackingEvent{why(ev(tr+"-ad", tr, ship.TrackDeliveryAttempted, monday.Add(time.Hour)), ship.ReasonAddress)})
	require.NoError(k.t, err)
	c := k.openCases(oid)[track.CaseAddress]
	require.NotEmpty(k.t, c.ID)
	_, err = k.Tracking.ClaimCase(flowtest.As(flowtest.Agent), c.ID)
	require.NoError(k.t, err)
	return tr, c
}

var corrected = address.Address{Name: "Ada Lovelace", Line1: "12 Broad St", Line2: "Apt 3", City: "Newark", Region: "NJ",
	PostalCode: "07102", Country: "US"}

// lastStep is a case's latest history entry.
func (k *route) lastStep(caseID string) track.CaseStep {
	k.t.Helper()
	v, err := k.Tracking.GetCase(context.Background(), caseID)
	require.NoError(k.t, err)
	return v.History[len(v.History)-1]
}

// A corrected address is told to Parcelway over its API by a job queued
// with the correction: the case's tell_carrier step says it was sent, and
// Parcelway has it (read back over HTTP). When Parcelway keeps failing,
// the job's last attempt says so; a carrier without the call is told
// nothing, at once.
func TestCorrectAddressTellsTheCarrier(t *testing.T) {
	t.Parallel()
	dbtest.EachAt(t, monday, func(t *testing.T, d *db.DB, clk *clock.Fixed) {
		k, carrier := newParcelwayRoute(t, d, clk, "", false) // not polled: only the notice calls Parcelway from the jobs
		api := httptest.NewServer(carrier)
		t.Cleanup(api.Close)
		agent := flowtest.As(flowtest.Agent)

		tr, c := k.addressCase("TA1")
		v, err := k.Tracking.Act(agent, c.ID, track.ActIn{Action: track.ActCorrectAddress, Address: &corrected})
		require.NoError(t, err)
		assert.Equal(t, track.ActCorrectAddress, v.History[len(v.History)-1].Action, "the carrier is told after the commit")
		k.RunJobs(t)
		step := k.lastStep(c.ID)
		assert.Equal(t, track.StepTellCarrier, step.Action)
		assert.Equal(t, true, step.Detail["sent"])
		assert.Contains(t, step.Note, "Sent")

		req, _ := http.NewRequest(http.MethodGet, api.URL+"/v1/tracking/"+tr+"/address", nil)
		req.Header.Set("X-Api-Key", "k3y")
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		defer resp.Body.Close()
		require.Equal(t, http.StatusOK, resp.StatusCode)
		var got struct {
			Changes []struct {
				To map[string]string `json:"to"`
			} `json:"changes"`
		}
		require.NoError(t, json.NewDecoder(resp.Body).Decode(&got))
		require.Len(t, got.Changes, 1, "sent once")
		assert.Equal(t, map[string]string{"name": "Ada Lovelace", "street1": "12 Broad St", "street2": "Apt 3", "city": "Newark",
			"state": "NJ", "postal_code": "07102", "country": "US"}, got.Changes[0].To)

		// Corrected again at the same instant, to another address: a second change.
		again := corrected
		again.Line1 = "14 Broad St"
		_, err = k.Tracking.Act(agent, c.ID, track.ActIn{Action: track.ActCorrectAddress, Address: &again})
		require.NoError(t, err)
		k.RunJobs(t)
		resp3, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		defer resp3.Body.Close()
		require.NoError(t, json.NewDecoder(resp3.Body).Decode(&got))
		require.Len(t, got.Changes, 2)
		assert.Equal(t, "14 Broad St", got.Changes[1].To["street1"])
		assert.Equal(t, 2, k.count(`SELECT count(*) FROM tracking_case_actions WHERE case_id = $1 AND action = 'tell_carrier'`, c.ID))

		// Parcelway down for every attempt: retried by the runner, then the case says it failed.
		tr2, c2 := k.addressCase("TA2")
		_, err = k.Tracking.Act(agent, c2.ID, track.ActIn{Action: track.ActCorrectAddress, Address: &corrected})
		require.NoError(t, err)
		for range 3 * track.TellAttempts { // the client's own three tries per run
			carrier.Inject(sim.Fault{Status: http.StatusServiceUnavailable})
		}
		for range track.TellAttempts {
			k.RunJobs(t)
			clk.Advance(2 * time.Hour)
		}
		step = k.lastStep(c2.ID)
		assert.Equal(t, track.StepTellCarrier, step.Action)
		assert.Equal(t, false, step.Detail["sent"])
		assert.Equal(t, "failed", step.Detail["result"])
		assert.Contains(t, step.Note, "5 attempt(s)")
		assert.Equal(t, 1, k.count(`SELECT count(*) FROM tracking_case_actions WHERE case_id = $1 AND action = 'tell_carrier'`, c2.ID),
			"one outcome, recorded by the last attempt")
		req, _ = http.NewRequest(http.MethodGet, api.URL+"/v1/tracking/"+tr2+"/address", nil)
		req.Header.Set("X-Api-Key", "k3y")
		resp2, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		defer resp2.Body.Close()
		require.NoError(t, json.NewDecoder(resp2.Body).Decode(&got))
		assert.Empty(t, got.Changes, "Parcelway never got it")
	})
}

// The table carrier has no address-change call: the case says at once
// that it was told nothing, and no job is queued.
func TestCorrectAddressWithoutTheCallTellsNothing(t *testing.T) {
	t.Parallel()
	dbtest.EachAt(t, monday, func(t *testing.T, d *db.DB, clk *clock.Fixed) {
		k := newRoute(t, d, clk)
		oid, tr := k.ship("TN1", "SKU-000")
		k.ingest(why(ev(tr+"-ad", tr, ship.TrackDeliveryAttempted, monday.Add(time.Hour)), ship.ReasonAddress))
		c := k.openCases(oid)[track.CaseAddress]
		_, err := k.Tracking.ClaimCase(flowtest.As(flowtest.Agent), c.ID)
		require.NoError(t, err)
		v, err := k.Tracking.Act(flowtest.As(flowtest.Agent), c.ID, track.ActIn{Action: track.ActCorrectAddress, Address: &corrected})
		require.NoError(t, err)
		step := v.History[len(v.History)-1]
		assert.Equal(t, track.StepTellCarrier, step.Action)
		assert.Equal(t, "no_address_change", step.Detail["result"])
		assert.Contains(t, step.Note, "told nothing")
		assert.Equal(t, 0, k.count(`SELECT count(*) FROM jobs WHERE kind = 'track.tell_carrier'`))
	})
}
