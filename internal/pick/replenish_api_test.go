package pick_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/apitest"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/db/dbtest"
	"github.com/waybill/waybill/internal/flowtest"
	"github.com/waybill/waybill/internal/httpapi"
	"github.com/waybill/waybill/internal/pick"
)

// TestReplenishAPIRefusesHostileInput sends the replenishment operations
// what a careless or hostile client would: each answer is the refusal it
// should be (never a 500), and a refused request changes nothing.
func TestReplenishAPIRefusesHostileInput(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newReplenFloor(t, d)
		f.limit(0, 10)
		f.ReleasedOrder(t, "H1", flowtest.Line("SOAP", 8))
		_, err := f.Floor.Release(as(chief), pick.WaveRequest{Warehouse: "EAST"})
		require.NoError(t, err)
		rt := f.replenishTasks()[0]
		srv := apitest.New(t, d, func(api *httpapi.API) { pick.Register(api, f.Floor) })
		counts := func() any {
			var n [3]int64
			require.NoError(t, d.Read(f.Ctx, func(tx *db.Tx) error {
				return tx.QueryRowContext(f.Ctx, `SELECT (SELECT count(*) FROM pick_face_limits), (SELECT count(*) FROM stock_entries),
					(SELECT count(*) FROM replenish_tasks WHERE status = 'done')`).Scan(&n[0], &n[1], &n[2])
			}))
			return n
		}
		long := strings.Repeat("x", 5000)
		limits := "/v1/warehouses/EAST/pick-face-limits"
		task := "/v1/replenish-tasks/" + rt.ID
		wh := actor.Warehouse
		srv.Run(t, counts, []apitest.Scenario{
			{Name: "no key", Method: http.MethodGet, Path: limits, Status: http.StatusUnauthorized},
			{Name: "finance may not", Role: actor.Finance, Method: http.MethodGet, Path: "/v1/replenish-tasks", Status: http.StatusForbidden},
			{Name: "unknown warehouse", Role: wh, Method: http.MethodGet, Path: "/v1/warehouses/NOPE/pick-face-limits", Status: http.StatusNotFound},
			{Name: "not json", Role: wh, Method: http.MethodPut, Path: limits, Body: `{"limits": [`, Status: http.StatusBadRequest, Fields: []string{" invalid_format"}},
			{Name: "wrong types", Role: wh, Method: http.MethodPut, Path: limits, Body: `{"limits": [{"bin": 1, "sku": "SOAP", "min": "a", "max": 2}]}`,
				Status: http.StatusUnprocessableEntity, Fields: []string{"limits[0].bin wrong_type", "limits[0].min wrong_type"}},
			{Name: "out of range", Role: wh, Method: http.MethodPut, Path: limits,
				Body: `{"limits": [{"bin": "` + face + `", "sku": "SOAP", "min": -1, "max": 99999999999}]}`, Status: http.StatusUnprocessableEntity,
				Fields: []string{"limits[0].max out_of_range", "limits[0].min out_of_range"}},
			{Name: "a long code", Role: wh, Method: http.MethodPut, Path: limits, Body: `{"limits": [{"bin": "` + long + `", "sku": "SOAP", "min": 1, "max": 2}]}`,
				Status: http.StatusUnprocessableEntity, Fields: []string{"limits[0].bin too_long"}},
			{Name: "a reserve bin", Role: wh, Method: http.MethodPut, Path: limits, Body: `{"limits": [{"bin": "` + reserve1 + `", "sku": "SOAP", "min": 1, "max": 2}]}`,
				Status: http.StatusUnprocessableEntity, Fields: []string{"limits[0].bin reserve_bin"}},
			{Name: "a CSV of nonsense", Role: wh, Method: http.MethodPost, Path: limits + "/import", Body: `"a,"b` + "\x00",
				Status: http.StatusUnprocessableEntity, Fields: []string{"csv invalid_format"}},
			{Name: "unknown task", Role: wh, Method: http.MethodPost, Path: "/v1/replenish-tasks/rpl_nope/claim", Status: http.StatusNotFound},
			{Name: "a long id", Role: wh, Method: http.MethodGet, Path: "/v1/replenish-tasks/" + strings.Repeat("r", 100),
				Status: http.StatusUnprocessableEntity, Fields: []string{"path.id too_long"}},
			{Name: "a bad status", Role: wh, Method: http.MethodGet, Path: "/v1/replenish-tasks?status=lost", Status: http.StatusUnprocessableEntity,
				Fields: []string{"query.status unknown_value"}},
			{Name: "complete unclaimed", Role: wh, Method: http.MethodPost, Path: task + "/complete",
				Body: `{"from_bin": "` + reserve1 + `", "item": "SOAP", "to_bin": "` + face + `", "quantity": 4}`, Status: http.StatusConflict,
				Detail: "claim it first"},
			{Name: "claim", Role: wh, Method: http.MethodPost, Path: task + "/claim", Status: http.StatusOK},
			{Name: "zero units", Role: wh, Method: http.MethodPost, Path: task + "/complete",
				Body: `{"from_bin": "` + reserve1 + `", "item": "SOAP", "to_bin": "` + face + `", "quantity": 0}`, Status: http.StatusUnprocessableEntity,
				Fields: []string{"quantity out_of_range"}},
			{Name: "every field wrong", Role: wh, Method: http.MethodPost, Path: task + "/complete",
				Body: `{"from_bin": "` + face + `", "item": "<script>", "to_bin": "` + reserve1 + `", "quantity": 5}`, Status: http.StatusUnprocessableEntity,
				Fields: []string{"from_bin wrong_bin", "item wrong_item", "to_bin wrong_bin", "quantity too_many"}},
			{Name: "cancel is an admin's", Role: wh, Method: http.MethodPost, Path: task + "/cancel", Status: http.StatusForbidden},
			{Name: "complete", Role: wh, Method: http.MethodPost, Path: task + "/complete",
				Body: `{"from_bin": "` + reserve1 + `", "item": "SOAP", "to_bin": "` + face + `", "quantity": 4}`, Status: http.StatusOK},
			{Name: "complete again", Role: wh, Method: http.MethodPost, Path: task + "/complete",
				Body: `{"from_bin": "` + reserve1 + `", "item": "SOAP", "to_bin": "` + face + `", "quantity": 4}`, Status: http.StatusConflict,
				Detail: "is done"},
		})
		f.reconciled()
	})
}
