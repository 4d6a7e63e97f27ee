package track_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/address"
	"github.com/waybill/waybill/internal/clock"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/db/dbtest"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/flowtest"
	"github.com/waybill/waybill/internal/order"
	"github.com/waybill/waybill/internal/ship"
	"github.com/waybill/waybill/internal/track"
)

var agent2 = actor.Actor{ID: "key_agent2", Name: "agent 2", Role: actor.CustomerService}

// why is ev with a reason.
func why(e ship.TrackingEvent, reason string) ship.TrackingEvent {
	e.Reason = reason
	return e
}

// openCases is the open cases of an order, by kind.
func (k *route) openCases(orderID string) map[string]track.Case {
	k.t.Helper()
	cs, err := k.Tracking.Cases(context.Background(), track.CaseFilter{OrderID: orderID})
	require.NoError(k.t, err)
	out := map[string]track.Case{}
	for _, c := range cs {
		require.NotContains(k.t, out, c.Kind, "one open case per parcel and kind")
		out[c.Kind] = c
	}
	return out
}

// fieldsOf is the paths an error names.
func fieldsOf(err error) []string {
	var out []string
	for _, f := range errs.FieldsOf(err) {
		out = append(out, f.Path)
	}
	return out
}

// Every exception the carrier reports opens the case of its kind, once per
// parcel and kind: a second attempt adds no second attempted case.
func TestEveryCarrierExceptionOpensItsCase(t *testing.T) {
	t.Parallel()
	dbtest.EachAt(t, monday, func(t *testing.T, d *db.DB, clk *clock.Fixed) {
		k := newRoute(t, d, clk)
		at := monday.Add(2 * time.Hour)
		cases := []struct {
			kind  string
			event func(tr string) ship.TrackingEvent
		}{
			{track.CaseAttempted, func(tr string) ship.TrackingEvent {
				return why(ev(tr+"-a", tr, ship.TrackDeliveryAttempted, at), ship.ReasonNoOneHome)
			}},
			{track.CaseAddress, func(tr string) ship.TrackingEvent {
				return why(ev(tr+"-a", tr, ship.TrackDeliveryAttempted, at), ship.ReasonAddress)
			}},
			{track.CaseDamaged, func(tr string) ship.TrackingEvent {
				return why(ev(tr+"-a", tr, ship.TrackException, at), ship.ReasonDamaged)
			}},
			{track.CaseLost, func(tr string) ship.TrackingEvent { return ev(tr+"-a", tr, ship.TrackLost, at) }},
			{track.CaseRefused, func(tr string) ship.TrackingEvent {
				return why(ev(tr+"-a", tr, ship.TrackDeliveryAttempted, at), ship.ReasonRefused)
			}},
			{track.CaseException, func(tr string) ship.TrackingEvent {
				return why(ev(tr+"-a", tr, ship.TrackException, at), ship.ReasonOther)
			}},
		}
		for i, c := range cases {
			oid, tr := k.ship(fmt.Sprintf("K%d", i), fmt.Sprintf("SKU-%03d", i%4))
			k.ingest(c.event(tr))
			open := k.openCases(oid)
			require.Len(t, open, 1, c.kind)
			got := open[c.kind]
			assert.Equal(t, tr, got.TrackingNumber, c.kind)
			assert.Equal(t, monday.Add(24*time.Hour), got.DueAt, "%s: due within the default SLA of 24h", c.kind)
			v, err := k.Tracking.GetCase(context.Background(), got.ID)
			require.NoError(t, err)
			require.NotNil(t, v.Parcel)
			assert.NotEmpty(t, v.Playbook, c.kind)
			assert.Equal(t, track.StepOpened, v.History[0].Action)
		}
		oid, tr := k.ship("K-again", "SKU-000")
		k.ingest(why(ev(tr+"-1", tr, ship.TrackDeliveryAttempted, at), ship.ReasonNoOneHome))
		k.ingest(why(ev(tr+"-2", tr, ship.TrackDeliveryAttempted, at.Add(24*time.Hour)), ship.ReasonNoOneHome))
		assert.Equal(t, 1, k.count(`SELECT count(*) FROM tracking_cases WHERE order_id = $1`, oid))
	})
}

// The sweep, driven by the clock: a parcel silent for the rules'
// no-scan period gets a no_scan case (once per silence); one not
// delivered by the end of its promised day gets a late case and one
// delayed notice per channel; a delivered parcel gets neither.
func TestSweepOpensNoScanAndLateCases(t *testing.T) {
	t.Parallel()
	dbtest.EachAt(t, monday, func(t *testing.T, d *db.DB, clk *clock.Fixed) {
		k := newRoute(t, d, clk)
		oid, tr := k.ship("W1", "SKU-000")
		done, dtr := k.ship("W2", "SKU-001")
		k.ingest(journey(dtr, monday)...)
		require.Equal(t, order.Delivered, k.Get(t, done).Status)

		after := "3h"
		_, err := k.Tracking.SetRules(flowtest.As(flowtest.Admin), track.RulesIn{NoScanAfter: &after})
		require.NoError(t, err)
		clk.Advance(2 * time.Hour)
		k.RunJobs(t)
		assert.Empty(t, k.openCases(oid), "silent for less than 3h")
		clk.Advance(2 * time.Hour)
		k.RunJobs(t)
		require.Contains(t, k.openCases(oid), track.CaseNoScan)
		clk.Advance(time.Hour)
		k.RunJobs(t)
		assert.Equal(t, 1, k.count(`SELECT count(*) FROM tracking_cases WHERE kind = 'no_scan'`), "once per silence")

		assert.NotContains(t, k.openCases(oid), track.CaseLate)
		h, err := k.Tracking.ParcelHistory(context.Background(), tr)
		require.NoError(t, err)
		promised, err := time.Parse(time.DateOnly, h.PromisedDate)
		require.NoError(t, err)
		clk.Advance(promised.Add(23 * time.Hour).Sub(clk.Now()))
		k.RunJobs(t)
		assert.NotContains(t, k.openCases(oid), track.CaseLate, "the promised day is not over")
		clk.Advance(promised.Add(24*time.Hour + 10*time.Minute).Sub(clk.Now()))
		k.RunJobs(t)
		require.Contains(t, k.openCases(oid), track.CaseLate)
		clk.Advance(time.Hour)
		k.RunJobs(t)
		assert.Equal(t, 1, k.count(`SELECT count(*) FROM tracking_cases WHERE kind = 'late'`))
		assert.Equal(t, 2, k.count(`SELECT count(*) FROM jobs WHERE dedupe_key LIKE $1`, oid+":parcel_delayed:%:late"),
			"one delayed notice, e-mail and SMS")
		assert.Empty(t, k.openCases(done), "a delivered parcel is neither silent nor late")
	})
}

// Customer service works a case: one person holds it; only its playbook's
// actions, with precise errors for bad input; each action is in its
// history and the audit log; closing the last case of a delivered order
// queues its completion again, which happens by the clock once the
// reship it asked for is delivered too.
func TestCasePlaybookAndClosingCompletesTheOrder(t *testing.T) {
	t.Parallel()
	dbtest.EachAt(t, monday, func(t *testing.T, d *db.DB, clk *clock.Fixed) {
		k := newRoute(t, d, clk)
		oid, tr := k.ship("P1", "SKU-000")
		first := k.Get(t, oid).Fulfilments[0].ID
		k.ingest(why(ev(tr+"-x", tr, ship.TrackException, monday.Add(time.Hour)), ship.ReasonOther),
			why(ev(tr+"-a", tr, ship.TrackDeliveryAttempted, monday.Add(2*time.Hour)), ship.ReasonNoOneHome),
			ev(tr+"-d", tr, ship.TrackDelivered, monday.Add(3*time.Hour)))
		require.Equal(t, order.Delivered, k.Get(t, oid).Status)
		open := k.openCases(oid)
		exc, att := open[track.CaseException], open[track.CaseAttempted]
		require.NotEmpty(t, exc.ID)
		require.NotEmpty(t, att.ID)

		agent, other := flowtest.As(flowtest.Agent), flowtest.As(agent2)
		_, err := k.Tracking.Act(agent, exc.ID, track.ActIn{Action: track.ActContact, Note: "hello"})
		assert.True(t, errs.Is(err, errs.Conflict), "claim first: %v", err)
		_, err = k.Tracking.ClaimCase(agent, exc.ID)
		require.NoError(t, err)
		_, err = k.Tracking.ClaimCase(agent, exc.ID)
		require.NoError(t, err, "a retried claim is harmless")
		_, err = k.Tracking.ClaimCase(other, exc.ID)
		require.True(t, errs.Is(err, errs.Conflict), "one person at a time: %v", err)
		assert.Contains(t, err.Error(), "agent")
		_, err = k.Tracking.Act(other, exc.ID, track.ActIn{Action: track.ActContact, Note: "hi"})
		assert.True(t, errs.Is(err, errs.Forbidden), "%v", err)

		for _, bad := range []struct {
			in   track.ActIn
			path string
		}{
			{track.ActIn{Action: track.ActCorrectAddress, Address: &address.Address{}}, "action"},
			{track.ActIn{}, "action"},
			{track.ActIn{Action: track.ActContact}, "note"},
			{track.ActIn{Action: track.ActRefund}, "amount_minor"},
			{track.ActIn{Action: track.ActContact, Note: "x", AmountMinor: 5}, "amount_minor"},
			{track.ActIn{Action: track.ActContact, Address: &address.Address{}, Note: "x"}, "address"},
			{track.ActIn{Action: track.ActContact, Note: "bad\x00note"}, "note"},
		} {
			_, err := k.Tracking.Act(agent, exc.ID, bad.in)
			require.True(t, errs.Is(err, errs.Invalid), "%+v: %v", bad.in, err)
			assert.Contains(t, fieldsOf(err), bad.path, "%+v", bad.in)
		}
		_, err = k.Tracking.CloseCase(agent, exc.ID, track.CloseIn{Outcome: "shrug"})
		assert.Contains(t, fieldsOf(err), "outcome")
		_, err = k.Tracking.Act(agent, exc.ID, track.ActIn{Action: track.ActRefund, AmountMinor: 1 << 40})
		assert.True(t, errs.Is(err, errs.Conflict), "more than the order: %v", err)

		for _, in := range []track.ActIn{{Action: track.ActContact, Note: "Called Ada: parcel is being traced."},
			{Action: track.ActCarrierClaim, AmountMinor: 500, Note: "claim EL-1"}, {Action: track.ActReship},
			{Action: track.ActRefund, AmountMinor: 300}} {
			_, err := k.Tracking.Act(agent, exc.ID, in)
			require.NoError(t, err, in.Action)
		}
		v, err := k.Tracking.GetCase(context.Background(), exc.ID)
		require.NoError(t, err)
		var steps []string
		for _, s := range v.History {
			steps = append(steps, s.Action)
		}
		assert.Equal(t, []string{"opened", "claimed", "contact_customer", "carrier_claim", "reship", "refund"}, steps)
		assert.Equal(t, int64(500), *v.History[3].AmountMinor)
		assert.NotEmpty(t, v.History[4].Detail["items"])
		assert.Equal(t, int64(300), k.Get(t, oid).RefundDueMinor)
		assert.Equal(t, 4, k.count(`SELECT count(*) FROM audit_log WHERE entity_id = $1 AND action LIKE 'tracking_case.%'`, exc.ID)-1,
			"the claim and four actions are audited")
		assert.Contains(t, k.EventTypes(t, oid), "order.reship_requested")
		assert.Contains(t, k.EventTypes(t, oid), "order.refund_due")

		// The address: the order's changes, the carrier is not told by Waybill and the case says so.
		_, err = k.Tracking.ClaimCase(agent, att.ID)
		require.NoError(t, err)
		_, err = k.Tracking.Act(agent, att.ID, track.ActIn{Action: track.ActCorrectAddress,
			Address: &address.Address{Name: "Ada", Line1: "1 Main St", City: "Newark", Region: "NJ", PostalCode: "bad", Country: "US"}})
		assert.Contains(t, fieldsOf(err), "address.postal_code")
		v, err = k.Tracking.Act(agent, att.ID, track.ActIn{Action: track.ActCorrectAddress,
			Address: &address.Address{Name: "Ada Lovelace", Line1: "1 Main St", City: "Newark", Region: "NJ", PostalCode: "07102", Country: "US"}})
		require.NoError(t, err)
		assert.Equal(t, "Newark", k.Get(t, oid).ShippingAddress.City)
		last := v.History[len(v.History)-1]
		assert.Equal(t, track.StepTellCarrier, last.Action)
		assert.Contains(t, last.Note, "Not sent")

		// Completion waits for the cases; the last one closed queues it again.
		clk.Advance(8 * 24 * time.Hour)
		k.RunJobs(t)
		require.Equal(t, order.Delivered, k.Get(t, oid).Status, "cases are open")
		_, err = k.Tracking.CloseCase(agent, exc.ID, track.CloseIn{Outcome: "refunded", Note: "paid back the shipping"})
		require.NoError(t, err)
		k.RunJobs(t)
		require.Equal(t, order.Delivered, k.Get(t, oid).Status, "the attempted case is still open")
		_, err = k.Tracking.Act(agent, exc.ID, track.ActIn{Action: track.ActContact, Note: "late"})
		assert.True(t, errs.Is(err, errs.Conflict), "closed: %v", err)
		_, err = k.Tracking.CloseCase(flowtest.As(flowtest.Admin), att.ID, track.CloseIn{Outcome: "resolved"})
		require.NoError(t, err, "an administrator may close a case someone holds")
		k.RunJobs(t)
		require.Equal(t, order.Delivered, k.Get(t, oid).Status, "the reship is owed: it is still in the warehouse")
		rtr := k.sendOn(reshipOf(t, k.Get(t, oid), first).ID, "P1b")
		k.ingest(journey(rtr, clk.Now())...)
		clk.Advance(8 * 24 * time.Hour)
		k.RunJobs(t)
		assert.Equal(t, order.Completed, k.Get(t, oid).Status)
	})
}

// A customer's problem with a delivered order is a case that keeps the
// order from completing until it is closed; raising it again adds to it.
func TestProblemCaseBlocksCompletion(t *testing.T) {
	t.Parallel()
	dbtest.EachAt(t, monday, func(t *testing.T, d *db.DB, clk *clock.Fixed) {
		k := newRoute(t, d, clk)
		oid, tr := k.ship("Q1", "SKU-000")
		shop := flowtest.As(flowtest.Shop)
		_, err := k.Tracking.RaiseProblem(shop, oid, track.ProblemIn{Detail: "not here yet"})
		assert.True(t, errs.Is(err, errs.Conflict), "not delivered: %v", err)
		k.ingest(journey(tr, monday)...)
		_, err = k.Tracking.RaiseProblem(shop, oid, track.ProblemIn{Detail: "  "})
		assert.Contains(t, fieldsOf(err), "detail")
		_, err = k.Tracking.RaiseProblem(shop, "no-such-order", track.ProblemIn{Detail: "x"})
		assert.True(t, errs.Is(err, errs.NotFound), "%v", err)

		number := k.Get(t, oid).Number
		v, err := k.Tracking.RaiseProblem(shop, number, track.ProblemIn{Detail: "the box was empty"})
		require.NoError(t, err)
		assert.Equal(t, track.CaseProblem, v.Kind)
		assert.Equal(t, number, v.OrderNumber)
		again, err := k.Tracking.RaiseProblem(shop, oid, track.ProblemIn{Detail: "still empty"})
		require.NoError(t, err)
		assert.Equal(t, v.ID, again.ID, "one open problem per order")
		assert.Len(t, k.openCases(oid), 1)

		clk.Advance(8 * 24 * time.Hour)
		k.RunJobs(t)
		require.Equal(t, order.Delivered, k.Get(t, oid).Status, "the problem blocks completion")
		agent := flowtest.As(flowtest.Agent)
		_, err = k.Tracking.ClaimCase(agent, v.ID)
		require.NoError(t, err)
		_, err = k.Tracking.Act(agent, v.ID, track.ActIn{Action: track.ActCarrierClaim, AmountMinor: 1})
		assert.Contains(t, fieldsOf(err), "action", "not in a problem's playbook")
		_, err = k.Tracking.CloseCase(agent, v.ID, track.CloseIn{Outcome: "resolved"})
		require.NoError(t, err)
		k.RunJobs(t)
		assert.Equal(t, order.Completed, k.Get(t, oid).Status)
	})
}

// Two people claiming one case at the same moment: exactly one holds it,
// the other is told who does.
func TestConcurrentClaimsOneWins(t *testing.T) {
	t.Parallel()
	dbtest.EachAt(t, monday, func(t *testing.T, d *db.DB, clk *clock.Fixed) {
		k := newRoute(t, d, clk)
		oid, tr := k.ship("R1", "SKU-000")
		k.ingest(ev(tr+"-l", tr, ship.TrackLost, monday.Add(time.Hour)))
		c := k.openCases(oid)[track.CaseLost]
		require.NotEmpty(t, c.ID)
		people := []actor.Actor{flowtest.Agent, agent2}
		results := make([]error, len(people))
		var wg sync.WaitGroup
		for i, who := range people {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, results[i] = k.Tracking.ClaimCase(flowtest.As(who), c.ID)
			}()
		}
		wg.Wait()
		won := 0
		for _, err := range results {
			if err == nil {
				won++
			} else {
				assert.True(t, errs.Is(err, errs.Conflict), "%v", err)
				assert.Contains(t, err.Error(), "already claimed by agent")
			}
		}
		assert.Equal(t, 1, won)
		assert.Equal(t, 1, k.count(`SELECT count(*) FROM tracking_case_actions WHERE case_id = $1 AND action = 'claimed'`, c.ID))
	})
}
