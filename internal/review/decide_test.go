package review

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/address"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/db/dbtest"
)

const validAddress = `{"name":"Ada Lovelace","line1":"1600 Amphitheatre Pkwy","city":"Mountain View",
	"region":"California","postal_code":"94043","country":"us"}`

func TestDecidePermissions(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		const cs, admin = actor.CustomerService, actor.Admin
		_, taskID := f.openTask(CouponCase, "")
		path := "/v1/review-tasks/" + taskID + "/decide"
		approve := `{"outcome":"approve","note":"coupon was a goodwill gesture"}`

		before := f.snapshot()
		f.do(cs, "POST", path, approve, 409)                               // open: claim it first
		f.do(admin, "POST", path, approve, 409)                            // administrators too
		f.do(actor.Integration, "POST", path, approve, 403)                // not a reviewer's role
		f.do(cs, "POST", "/v1/review-tasks/rtk_NOPE/decide", approve, 404) // no such task
		require.Equal(t, before, f.snapshot())
		f.do(cs2, "POST", "/v1/review-tasks/"+taskID+"/claim", "", 200) // the second reviewer holds it
		before = f.snapshot()
		res := f.do(cs, "POST", path, approve, 403) // not the assignee
		require.Contains(t, res.Body["detail"], "second reviewer")
		require.Equal(t, before, f.snapshot())
		require.Empty(t, f.orders.take(), "a refused decision never reaches the order")

		res = f.do(admin, "POST", path, approve, 200) // an administrator may decide another's task
		require.Equal(t, "done", res.Body["status"])
		require.Equal(t, f.actorID(admin), res.Body["closed_by"])
		require.Equal(t, f.actorID(cs2), res.Body["assignee"], "the assignee stays as who held it")
		require.Len(t, f.orders.take(), 1)

		before = f.snapshot()
		f.do(admin, "POST", path, approve, 409)                         // decided already
		f.do(cs2, "POST", "/v1/review-tasks/"+taskID+"/claim", "", 409) // done tasks cannot be claimed
		f.do(cs2, "POST", "/v1/review-tasks/"+taskID+"/release", "", 409)
		require.Equal(t, before, f.snapshot())
		require.Empty(t, f.orders.take())
	})
}

func TestDecideOutcomes(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		const cs = actor.CustomerService
		me := f.actorID(cs)
		decide := func(kind Kind, body string) (orderID string, task map[string]any) {
			t.Helper()
			orderID, taskID := f.openTask(kind, "")
			f.do(cs, "POST", "/v1/review-tasks/"+taskID+"/claim", "", 200)
			res := f.do(cs, "POST", "/v1/review-tasks/"+taskID+"/decide", body, 200)
			require.Equal(t, []string{"review_task.claim", "review_task.decide"}, f.auditActions(taskID))
			return orderID, res.Body
		}

		orderID, task := decide(RiskReview, `{"outcome":"approve","note":"  called, all fine  "}`)
		require.Equal(t, []call{{Method: "approve", OrderID: orderID, Note: "called, all fine", By: me}}, f.orders.take())
		require.Equal(t, []string{"review.approve"}, f.orderEvents(orderID), "the order side wrote in the same transaction")
		require.Equal(t, "approve", task["outcome"])
		require.Equal(t, "called, all fine", task["outcome_note"])

		orderID, task = decide(VerifyAddress, `{"outcome":"correct_address","note":"customer spelled it out","address":`+validAddress+`}`)
		require.Equal(t, []call{{Method: "correct_address", OrderID: orderID, By: me, Address: address.Address{
			Name: "Ada Lovelace", Line1: "1600 Amphitheatre Pkwy", City: "Mountain View", Region: "CA",
			PostalCode: "94043", Country: "US"}}}, f.orders.take(), "the address as intake normalises it")
		require.Equal(t, "correct_address", task["outcome"])

		// A cancel closes the order's other tasks: nobody should work them now.
		orderID, taskID := f.openTask(PaymentMismatch, "paid 10.00, owes 12.00")
		require.NoError(t, d.Write(f.ctx, func(tx *db.Tx) error {
			return f.store.Open(f.ctx, tx, NewTask{OrderID: orderID, Kind: SpecialRequest, Reason: "deliver on Sunday"})
		}))
		f.do(cs, "POST", "/v1/review-tasks/"+taskID+"/claim", "", 200)
		res := f.do(cs, "POST", "/v1/review-tasks/"+taskID+"/decide", `{"outcome":"cancel","reason":"customer will not pay the rest"}`, 200)
		require.Equal(t, []call{{Method: "cancel", OrderID: orderID, Reason: "customer will not pay the rest", By: me}}, f.orders.take())
		require.Equal(t, "customer will not pay the rest", res.Body["outcome_note"], "a cancel without a note keeps its reason")
		others, err := f.store.List(f.ctx, Filter{OrderID: orderID, Kind: SpecialRequest, Limit: 5})
		require.NoError(t, err)
		require.Len(t, others, 1)
		require.Equal(t, StatusDone, others[0].Status)
		require.Equal(t, Cancel, others[0].Outcome)
		require.Equal(t, "the order was cancelled: customer will not pay the rest", others[0].OutcomeNote)
		require.Equal(t, []string{"review_task.close"}, f.auditActions(others[0].ID))
	})
}

func TestDecideInvalid(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		const cs = actor.CustomerService
		_, taskID := f.openTask(VerifyAddress, "")
		f.do(cs, "POST", "/v1/review-tasks/"+taskID+"/claim", "", 200)
		path := "/v1/review-tasks/" + taskID + "/decide"
		before := f.snapshot()
		for _, c := range []struct {
			name, body string
			status     int
			fields     []string
		}{
			{"bad postal code and region", `{"outcome":"correct_address","address":{"line1":"1 Main St","city":"Springfield",
				"region":"Narnia","postal_code":"ABCDE","country":"US"}}`, 422,
				[]string{"address.postal_code invalid_format", "address.region unknown_value"}},
			{"missing city", `{"outcome":"correct_address","address":{"line1":"1 Main St","region":"CA","postal_code":"94043","country":"US"}}`,
				422, []string{"address.city required"}},
			{"no country", `{"outcome":"correct_address","address":{"line1":"1 Main St"}}`, 422, []string{"address.country required"}},
			{"unknown country", `{"outcome":"correct_address","address":{"line1":"1 Main St","country":"XX"}}`, 422,
				[]string{"address.country unknown_value"}},
			{"correction without address", `{"outcome":"correct_address"}`, 422, []string{"address required"}},
			{"address with approve", `{"outcome":"approve","address":` + validAddress + `}`, 422, []string{"address unknown_field"}},
			{"cancel without reason", `{"outcome":"cancel","note":"x"}`, 422, []string{"reason required"}},
			{"reason with approve", `{"outcome":"approve","reason":"x"}`, 422, []string{"reason unknown_field"}},
			{"unknown outcome", `{"outcome":"escalate"}`, 422, []string{"outcome unknown_value"}},
			{"no outcome", `{}`, 422, []string{"outcome required"}},
			{"unknown field", `{"outcome":"approve","colour":"red"}`, 422, []string{"colour unknown_field"}},
			{"note too long", `{"outcome":"approve","note":"` + strings.Repeat("x", 1001) + `"}`, 422, []string{"note too_long"}},
			{"control character", `{"outcome":"approve","note":"a\u0007b"}`, 422, []string{"note invalid_format"}},
			{"malformed", `{"outcome":`, 400, []string{" invalid_format"}},
		} {
			res := f.srv.Do(cs, "POST", path, c.body)
			require.Equal(t, c.status, res.Status, "%s: %s", c.name, res.Raw)
			require.Equal(t, c.fields, res.Fields, "%s: %s", c.name, res.Raw)
			require.Equal(t, "application/problem+json", res.Type, c.name)
		}
		require.Equal(t, before, f.snapshot(), "nothing written")
		require.Empty(t, f.orders.take(), "the order side never called")
	})
}

// TestDecideRollback: when the order refuses a decision, the task, the
// order's own write and the audit entry all stay as they were.
func TestDecideRollback(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		const cs = actor.CustomerService
		orderID, taskID := f.openTask(VerifyAddress, "")
		require.NoError(t, d.Write(f.ctx, func(tx *db.Tx) error { // a second task, which a cancel closes
			return f.store.Open(f.ctx, tx, NewTask{OrderID: orderID, Kind: CouponCase})
		}))
		f.do(cs, "POST", "/v1/review-tasks/"+taskID+"/claim", "", 200)
		path := "/v1/review-tasks/" + taskID + "/decide"
		before := f.snapshot()

		f.orders.failWith(errShipped)
		res := f.do(cs, "POST", path, `{"outcome":"cancel","reason":"fraud"}`, 409)
		require.Equal(t, errShipped.Message, res.Body["detail"], "the order's refusal is shown as it said it")
		f.do(cs, "POST", path, `{"outcome":"correct_address","address":`+validAddress+`}`, 409)
		f.orders.failWith(errBroken)
		res = f.do(cs, "POST", path, `{"outcome":"approve"}`, 500)
		require.NotContains(t, res.Raw, "disk on fire", "internal causes are logged, not shown")
		require.Len(t, f.orders.take(), 3, "the order side ran each time")
		require.Equal(t, before, f.snapshot(), "and each time everything was undone")
		require.Empty(t, f.orderEvents(orderID))

		f.orders.failWith(nil)
		f.do(cs, "POST", path, `{"outcome":"approve"}`, 200)
		require.Equal(t, []string{"review.approve"}, f.orderEvents(orderID))
	})
}
