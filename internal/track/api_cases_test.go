package track_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/apitest"
	"github.com/waybill/waybill/internal/clock"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/db/dbtest"
	"github.com/waybill/waybill/internal/httpapi"
	"github.com/waybill/waybill/internal/ship"
	"github.com/waybill/waybill/internal/track"
)

// The cases' operations over HTTP: who may call them, and bad input
// refused with a 4xx naming the field, changing nothing.
func TestCasesAPI(t *testing.T) {
	t.Parallel()
	dbtest.EachAt(t, monday, func(t *testing.T, d *db.DB, clk *clock.Fixed) {
		k := newRoute(t, d, clk)
		oid, tr := k.ship("H1", "SKU-000")
		k.ingest(why(ev(tr+"-a", tr, ship.TrackDeliveryAttempted, monday.Add(time.Hour)), ship.ReasonNoOneHome))
		open := k.openCases(oid)
		c := open[track.CaseAttempted]
		require.NotEmpty(t, c.ID)
		srv := apitest.New(t, d, func(api *httpapi.API) { track.RegisterCases(api, k.Tracking) })
		snapshot := func() any {
			return [3]int{k.count(`SELECT count(*) FROM tracking_cases`), k.count(`SELECT count(*) FROM tracking_case_actions`),
				k.count(`SELECT count(*) FROM order_events WHERE order_id = $1`, oid)}
		}
		cs, wh, in := actor.CustomerService, actor.Warehouse, actor.Integration
		act := "/v1/tracking-cases/" + c.ID + "/actions"
		srv.Run(t, snapshot, []apitest.Scenario{
			{Name: "no key", Method: http.MethodGet, Path: "/v1/tracking-cases", Status: http.StatusUnauthorized},
			{Name: "the warehouse may not", Role: wh, Method: http.MethodGet, Path: "/v1/tracking-cases", Status: http.StatusForbidden},
			{Name: "the queue", Role: cs, Method: http.MethodGet, Path: "/v1/tracking-cases?kind=attempted&overdue=false", Status: http.StatusOK},
			{Name: "a bad kind", Role: cs, Method: http.MethodGet, Path: "/v1/tracking-cases?kind=nope", Status: http.StatusUnprocessableEntity,
				Fields: []string{"query.kind unknown_value"}},
			{Name: "a made-up cursor", Role: cs, Method: http.MethodGet, Path: "/v1/tracking-cases?cursor=abc", Status: http.StatusUnprocessableEntity,
				Fields: []string{"query.cursor invalid_format"}},
			{Name: "no such case", Role: cs, Method: http.MethodGet, Path: "/v1/tracking-cases/cas_nope", Status: http.StatusNotFound},
			{Name: "act before claiming", Role: cs, Method: http.MethodPost, Path: act, Body: `{"action": "contact_customer", "note": "hi"}`,
				Status: http.StatusConflict, Detail: "not claimed"},
			{Name: "claim", Role: cs, Method: http.MethodPost, Path: "/v1/tracking-cases/" + c.ID + "/claim", Status: http.StatusOK},
			{Name: "an unknown action", Role: cs, Method: http.MethodPost, Path: act, Body: `{"action": "shrug"}`,
				Status: http.StatusUnprocessableEntity, Fields: []string{"action unknown_value"}},
			{Name: "not this kind's playbook", Role: cs, Method: http.MethodPost, Path: act, Body: `{"action": "refund", "amount_minor": 5}`,
				Status: http.StatusUnprocessableEntity, Fields: []string{"action unknown_value"}},
			{Name: "a contact without a note", Role: cs, Method: http.MethodPost, Path: act, Body: `{"action": "contact_customer"}`,
				Status: http.StatusUnprocessableEntity, Fields: []string{"note required"}},
			{Name: "an address without a country", Role: cs, Method: http.MethodPost, Path: act,
				Body:   `{"action": "correct_address", "address": {"name": "A", "line1": "1 Main St", "city": "Newark", "postal_code": "07102"}}`,
				Status: http.StatusUnprocessableEntity, Fields: []string{"address.country required"}},
			{Name: "a close without an outcome", Role: cs, Method: http.MethodPost, Path: "/v1/tracking-cases/" + c.ID + "/close", Body: `{}`,
				Status: http.StatusUnprocessableEntity, Fields: []string{"outcome required"}},
			{Name: "a problem with an order on its way", Role: in, Method: http.MethodPost, Path: "/v1/orders/" + oid + "/problems",
				Body: `{"detail": "where is it"}`, Status: http.StatusConflict, Detail: "delivered order"},
			{Name: "a problem without words", Role: in, Method: http.MethodPost, Path: "/v1/orders/" + oid + "/problems",
				Body: `{"detail": ""}`, Status: http.StatusUnprocessableEntity, Fields: []string{"detail out_of_range"}},
			{Name: "the warehouse raises no problems", Role: wh, Method: http.MethodPost, Path: "/v1/orders/" + oid + "/problems",
				Body: `{"detail": "x"}`, Status: http.StatusForbidden},
		})
	})
}
