package httpcarrier

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/address"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/ship"
	"github.com/waybill/waybill/internal/ship/carrier/sim"
)

var _ ship.AddressChanger = (*Client)(nil)

// A parcel's new address reaches Parcelway once, retries and repeats
// included; an unknown parcel is not found, a refused field is named as
// Waybill names it.
func TestChangeAddress(t *testing.T) {
	r := setup(t)
	ctx := context.Background()
	created, err := r.client.Create(ctx, booking("book-1", sanFrancisco))
	require.NoError(t, err)
	tn := created.Parcels[0].TrackingNumber
	to := address.Address{Name: "Grace Hopper", Line1: "2 Mission St", City: "San Francisco", Region: "CA", PostalCode: "94105", Country: "US",
		District: "SoMa"}

	change := func(key string, a address.Address) error {
		return r.client.ChangeAddress(ctx, ship.AddressChange{TrackingNumber: tn, Address: a, IdempotencyKey: key})
	}
	r.sim.Inject(sim.Fault{Status: http.StatusBadGateway})
	require.NoError(t, change("", to), "retried past a 502")
	require.NoError(t, change("", to), "sent again: the derived key, answered again")

	req, _ := http.NewRequest(http.MethodGet, r.url+"/v1/tracking/"+tn+"/address", nil)
	req.Header.Set("X-Api-Key", apiKey)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	var got struct {
		Changes []struct {
			To wireAddress `json:"to"`
		} `json:"changes"`
	}
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&got))
	require.Len(t, got.Changes, 1, "one change, though sent twice")
	assert.Equal(t, toWire(to), got.Changes[0].To)
	assert.Equal(t, "SoMa", got.Changes[0].To.Street2, "the district rides on the second street line")

	// There and back again under the caller's keys: two more changes, the
	// last one the first address.
	require.NoError(t, change("job-2", sanFrancisco))
	require.NoError(t, change("job-3", to))
	require.NoError(t, change("job-3", to), "a retry of job-3")
	resp2, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp2.Body.Close()
	require.NoError(t, json.NewDecoder(resp2.Body).Decode(&got))
	require.Len(t, got.Changes, 3)
	assert.Equal(t, toWire(to), got.Changes[2].To)

	err = r.client.ChangeAddress(ctx, ship.AddressChange{TrackingNumber: "PW99999999", Address: to})
	assert.True(t, errs.Is(err, errs.NotFound), "%v", err)
	err = change("job-4", address.Address{Name: "Grace", City: "San Francisco", Country: "US"})
	require.True(t, errs.Is(err, errs.Invalid), "%v", err)
	var e *errs.Error
	require.ErrorAs(t, err, &e)
	var fields []string
	for _, f := range e.Fields {
		fields = append(fields, f.Path)
	}
	assert.Contains(t, fields, "to.line1")
	sent := r.sim.Requests()
	err = r.client.ChangeAddress(ctx, ship.AddressChange{Address: to})
	assert.True(t, errs.Is(err, errs.Invalid), "%v", err)
	assert.Equal(t, sent, r.sim.Requests(), "nothing sent without a number")
}
