package track_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/apitest"
	"github.com/waybill/waybill/internal/db/dbtest"
	"github.com/waybill/waybill/internal/httpapi"
	"github.com/waybill/waybill/internal/track"
)

// The tracking API refuses what it must, naming the field: rules out of
// range or malformed (nothing changes), events of the wrong shape, a
// warehouse key posting events, an unknown public token; and the rules
// read back as set.
func TestTrackingAPIRefusesBadInput(t *testing.T) {
	t.Parallel()
	d := dbtest.SQLite(t, dbtest.Options{})
	s := track.New(d, nil)
	srv := apitest.New(t, d, func(api *httpapi.API) { track.Register(api, s) })

	res := srv.Do(actor.Admin, http.MethodPatch, "/v1/tracking-rules", `{"complete_after":"-1h","no_scan_after":"soon","case_sla":"1s"}`)
	require.Equal(t, http.StatusUnprocessableEntity, res.Status, res.Raw)
	require.ElementsMatch(t, []string{"complete_after out_of_range", "no_scan_after invalid_format", "case_sla out_of_range"}, res.Fields)
	res = srv.Do(actor.Admin, http.MethodGet, "/v1/tracking-rules", "")
	require.Equal(t, "168h0m0s", res.Body["complete_after"], "nothing changed")
	res = srv.Do(actor.Admin, http.MethodPatch, "/v1/tracking-rules", `{"complete_after":"72h"}`)
	require.Equal(t, http.StatusOK, res.Status, res.Raw)
	require.Equal(t, "72h0m0s", res.Body["complete_after"])
	require.Equal(t, http.StatusForbidden, srv.Do(actor.Warehouse, http.MethodPatch, "/v1/tracking-rules", `{"complete_after":"1h"}`).Status)

	res = srv.Do(actor.Integration, http.MethodPost, "/v1/tracking-events", `{"carrier":"eastline","events":[{"event_id":"a",
		"tracking_number":"X1","status":"beamed","occurred_at":"2026-12-07T10:00:00Z"}]}`)
	require.Equal(t, http.StatusUnprocessableEntity, res.Status, res.Raw)
	require.Equal(t, []string{"events[0].status unknown_value"}, res.Fields)
	res = srv.Do(actor.Integration, http.MethodPost, "/v1/tracking-events", `{"carrier":"eastline","events":[]}`)
	require.Equal(t, http.StatusUnprocessableEntity, res.Status, res.Raw)
	require.Equal(t, http.StatusForbidden, srv.Do(actor.Warehouse, http.MethodPost, "/v1/tracking-events", `{"carrier":"x","events":[]}`).Status)
	res = srv.Do(actor.Integration, http.MethodPost, "/v1/tracking-events", `{"carrier":"eastline","events":[{"event_id":"a",
		"tracking_number":"X1","status":"in_transit","occurred_at":"2026-12-07T10:00:00Z"}]}`)
	require.Equal(t, http.StatusOK, res.Status, res.Raw)
	require.Equal(t, []any{"X1"}, res.Body["unknown"], "an unknown parcel is named, not kept")

	require.Equal(t, http.StatusNotFound, srv.Do("", http.MethodGet, "/v1/public/tracking/aaaaaaaaaaaaaaaaaaaaaaaaaa", "").Status)
	require.Equal(t, http.StatusNotFound, srv.Do("", http.MethodGet, "/v1/public/tracking/short", "").Status)
	require.Equal(t, http.StatusNotFound, srv.Do(actor.Admin, http.MethodGet, "/v1/parcels/NOPE/tracking", "").Status)
	res = srv.Do(actor.Admin, http.MethodGet, "/v1/tracking?status=teleported", "")
	require.Equal(t, http.StatusUnprocessableEntity, res.Status, res.Raw)
}
