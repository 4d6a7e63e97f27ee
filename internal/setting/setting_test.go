package setting_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/apitest"
	"github.com/waybill/waybill/internal/clock"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/db/dbtest"
	"github.com/waybill/waybill/internal/flowtest"
	"github.com/waybill/waybill/internal/httpapi"
	"github.com/waybill/waybill/internal/order"
	"github.com/waybill/waybill/internal/setting"
)

// A new database has the documented defaults; GET and PATCH are for admins
// only; a PATCH changes only the fields it sends, names every invalid field
// and writes nothing then, and each change is audited with before and after.
func TestSettingsAPI(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		store := setting.NewStore(d)
		srv := apitest.New(t, d, func(api *httpapi.API) { setting.Register(api, store) })
		res := srv.Do(actor.Admin, "GET", "/v1/settings", "")
		require.Equal(t, 200, res.Status, res.Raw)
		require.Equal(t, []any{"CN", "TW", "HK", "IN", "BR", "JP"}, res.Body["cod_countries"])
		require.Equal(t, 500000.0, res.Body["cod_max_total_minor"])
		require.Equal(t, "30m", res.Body["payment_window"])
		require.Equal(t, "24h", res.Body["idempotency_retention"])
		require.Equal(t, true, res.Body["hold_on_customer_note"])

		snapshot := func() any {
			v, err := store.Get(context.Background())
			require.NoError(t, err)
			var audits int
			require.NoError(t, d.Read(context.Background(), func(tx *db.Tx) error {
				return tx.QueryRowContext(context.Background(), `SELECT count(*) FROM audit_log WHERE entity = 'settings'`).Scan(&audits)
			}))
			return []any{v, audits}
		}
		srv.Run(t, snapshot, []apitest.Scenario{
			{Name: "every field wrong at once", Role: actor.Admin, Method: "PATCH", Path: "/v1/settings",
				Body: `{"cod_countries":["CN","XX","cn","USA"],"cod_max_total_minor":-1,"payment_window":"soon",` +
					`"idempotency_retention":"30m"}`, Status: 422,
				Fields: []string{"cod_countries[1] unknown_value", "cod_countries[2] duplicate", "cod_countries[3] unknown_value",
					"cod_max_total_minor out_of_range", "payment_window invalid_format", "idempotency_retention out_of_range"}},
			{Name: "window too long", Role: actor.Admin, Method: "PATCH", Path: "/v1/settings", Body: `{"payment_window":"169h"}`,
				Status: 422, Fields: []string{"payment_window out_of_range"}},
			{Name: "window too short", Role: actor.Admin, Method: "PATCH", Path: "/v1/settings", Body: `{"payment_window":"30s"}`,
				Status: 422, Fields: []string{"payment_window out_of_range"}},
			{Name: "retention too long", Role: actor.Admin, Method: "PATCH", Path: "/v1/settings", Body: `{"idempotency_retention":"721h"}`,
				Status: 422, Fields: []string{"idempotency_retention out_of_range"}},
			{Name: "limit too large", Role: actor.Admin, Method: "PATCH", Path: "/v1/settings", Body: `{"cod_max_total_minor":1000000000001}`,
				Status: 422, Fields: []string{"cod_max_total_minor out_of_range"}},
			{Name: "wrong type with a domain problem, in one answer", Role: actor.Admin, Method: "PATCH", Path: "/v1/settings",
				Body: `{"hold_on_customer_note":"no","payment_window":"200h"}`, Status: 422,
				Fields: []string{"hold_on_customer_note wrong_type", "payment_window out_of_range"}},
			{Name: "unknown field", Role: actor.Admin, Method: "PATCH", Path: "/v1/settings", Body: `{"cod_limit":5}`,
				Status: 422, Fields: []string{"cod_limit unknown_field"}},
			{Name: "not an admin", Role: actor.Integration, Method: "PATCH", Path: "/v1/settings", Body: `{"payment_window":"5m"}`,
				Status: 403},
			{Name: "read needs admin too", Role: actor.Finance, Method: "GET", Path: "/v1/settings", Status: 403},
			{Name: "no key", Method: "GET", Path: "/v1/settings", Status: 401},
		})

		res = srv.Do(actor.Admin, "PATCH", "/v1/settings", `{"cod_countries":["us","CN"],"payment_window":"45m"}`)
		require.Equal(t, 200, res.Status, res.Raw)
		require.Equal(t, []any{"CN", "US"}, res.Body["cod_countries"], "upper-cased and sorted")
		require.Equal(t, "45m", res.Body["payment_window"])
		require.Equal(t, "24h", res.Body["idempotency_retention"], "fields not sent keep their value")
		res = srv.Do(actor.Admin, "PATCH", "/v1/settings", `{"cod_countries":[],"hold_on_customer_note":false,"idempotency_retention":"36h","cod_max_total_minor":0}`)
		require.Equal(t, 200, res.Status, res.Raw)
		res = srv.Do(actor.Admin, "GET", "/v1/settings", "")
		require.Equal(t, []any{}, res.Body["cod_countries"])
		require.Equal(t, false, res.Body["hold_on_customer_note"])
		require.Equal(t, "36h", res.Body["idempotency_retention"])
		require.Equal(t, 0.0, res.Body["cod_max_total_minor"])
		require.Equal(t, "45m", res.Body["payment_window"])

		var actions []string
		require.NoError(t, d.Read(context.Background(), func(tx *db.Tx) error {
			rows, err := tx.QueryContext(context.Background(), `SELECT action, detail FROM audit_log WHERE entity = 'settings' ORDER BY id`)
			if err != nil {
				return err
			}
			defer rows.Close()
			for rows.Next() {
				var action, detail string
				if err := rows.Scan(&action, &detail); err != nil {
					return err
				}
				actions = append(actions, action)
				require.Contains(t, detail, `"before"`)
				require.Contains(t, detail, `"after"`)
			}
			return rows.Err()
		}))
		require.Equal(t, []string{"settings.update", "settings.update"}, actions, "each change is audited")
	})
}

// Each setting changes what the flow does, on both databases: COD is
// confirmed in a newly added country and held above a lowered limit, a
// shortened payment window cancels an unpaid order sooner, the retention
// of idempotency answers follows the setting, and a customer's note holds
// the order only while that rule is on.
func TestSettingsChangeTheFlow(t *testing.T) {
	dbtest.EachAt(t, time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC), func(t *testing.T, d *db.DB, clk *clock.Fixed) {
		r := flowtest.New(t, d, flowtest.Options{Clock: clk})
		sku := r.AddProducts(t, 1)[0]
		r.AddWarehouse(t, "US-EWR1")
		r.Receive(t, "US-EWR1", sku, 100)
		admin := actor.With(context.Background(), actor.CLI("test"))
		set := func(p setting.Patch) {
			t.Helper()
			_, err := r.Settings.Update(admin, p)
			require.NoError(t, err)
		}

		// COD countries: the US is not among the defaults.
		o := r.COD(t, "cod-1", flowtest.Line(sku, 1))
		require.Equal(t, order.OnHold, o.Status)
		require.Contains(t, o.HoldReason, "not offered in US")
		set(setting.Patch{CODCountries: &[]string{"CN", "US"}})
		o = r.COD(t, "cod-2", flowtest.Line(sku, 1))
		require.Equal(t, order.Confirmed, o.Status, o.HoldReason)

		// COD limit: 10.00 USD and shipping are above 5.00.
		limit := int64(500)
		set(setting.Patch{CODMaxTotalMinor: &limit})
		o = r.COD(t, "cod-3", flowtest.Line(sku, 1))
		require.Equal(t, order.OnHold, o.Status)
		require.Contains(t, o.HoldReason, "limited to 500 minor units")
		limit = 1_000_000
		set(setting.Patch{CODMaxTotalMinor: &limit})

		// Payment window: 30 minutes by default, then 5.
		long := r.Accepted(t, flowtest.Request("pre-1", flowtest.Line(sku, 1)))
		require.Equal(t, long.CreatedAt.Add(30*time.Minute), *long.PaymentDueAt)
		window := "5m"
		set(setting.Patch{PaymentWindow: &window})
		short := r.Accepted(t, flowtest.Request("pre-2", flowtest.Line(sku, 1)))
		require.Equal(t, short.CreatedAt.Add(5*time.Minute), *short.PaymentDueAt)
		clk.Advance(6 * time.Minute)
		r.RunJobs(t)
		require.Equal(t, order.Cancelled, r.Get(t, short.ID).Status, "unpaid past the shortened window")
		require.Equal(t, order.Placed, r.Get(t, long.ID).Status, "an order placed before keeps its deadline")

		// Idempotency retention: the engine stores answers for the setting's time.
		retention := "2h"
		set(setting.Patch{IdempotencyRetention: &retention})
		flowtest.Placed(t, r.Engine.Place(r.Ctx, flowtest.Request("idem-1", flowtest.Line(sku, 1)),
			order.NewIdempotency(flowtest.Shop.ID, "key-1", "place-order", []byte("idem-1"))))
		var created, expires time.Time
		require.NoError(t, d.Read(context.Background(), func(tx *db.Tx) error {
			return tx.QueryRowContext(context.Background(), `SELECT created_at, expires_at FROM idempotency_keys WHERE key = 'key-1'`).
				Scan(&created, &expires)
		}))
		require.Equal(t, 2*time.Hour, expires.Sub(created))

		// A customer's note holds the order while the rule is on (default).
		note := func(ref string) order.Order {
			req := flowtest.Request(ref, flowtest.Line(sku, 1))
			req.PaymentMethod = "cod"
			req.SpecialRequests = order.SpecialRequests{Note: "Please ring twice"}
			o := r.Accepted(t, req)
			r.RunJobs(t)
			return r.Get(t, o.ID)
		}
		held := note("note-1")
		require.Equal(t, order.OnHold, held.Status)
		require.Contains(t, held.HoldReason, "Please ring twice")
		off := false
		set(setting.Patch{HoldOnCustomerNote: &off})
		require.Equal(t, order.Released, note("note-2").Status, "the note no longer holds the order")
	})
}

// Current answers from memory: a change made behind the store's back is
// not seen within CacheFor (so the engine's read per batch costs no query),
// while a change through Update is seen at once.
func TestCurrentCaches(t *testing.T) {
	d := dbtest.SQLite(t, dbtest.Options{})
	s := setting.NewStore(d)
	ctx := actor.With(context.Background(), actor.CLI("test"))
	v, err := s.Current(ctx)
	require.NoError(t, err)
	require.Equal(t, setting.Defaults().CODCountries, v.CODCountries)
	require.NoError(t, d.Write(ctx, func(tx *db.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE settings SET cod_countries = 'DE' WHERE id = 1`)
		return err
	}))
	v, err = s.Current(ctx)
	require.NoError(t, err)
	require.Equal(t, setting.Defaults().CODCountries, v.CODCountries, "cached")

	window := "10m"
	_, err = s.Update(ctx, setting.Patch{PaymentWindow: &window})
	require.NoError(t, err)
	v, err = s.Current(ctx)
	require.NoError(t, err)
	require.Equal(t, 10*time.Minute, v.PaymentWindow)
	require.Equal(t, []string{"DE"}, v.CODCountries, "read again after the update")
}
