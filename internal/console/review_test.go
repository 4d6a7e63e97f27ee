package console_test

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/audit"
	"github.com/waybill/waybill/internal/flowtest"
	"github.com/waybill/waybill/internal/order"
	"github.com/waybill/waybill/internal/people"
	"github.com/waybill/waybill/internal/review"
	"github.com/waybill/waybill/internal/risk"
)

// reviewShop stocks one product in a warehouse serving the US and holds
// PO boxes for an address check, so orders open tasks through the real
// flow: a PO box a verify_address task, a customer's note a
// special_request (the default settings hold notes).
func reviewShop(t *testing.T, b *bundle) string {
	t.Helper()
	skus := b.rig.AddProducts(t, 1)
	b.rig.AddWarehouse(t, "EWR")
	b.rig.Receive(t, "EWR", skus[0], 100)
	b.rig.Rule(t, risk.Rule{Name: "PO boxes", Kind: risk.FlaggedAddress, Weight: 10, Action: risk.Hold,
		Params: risk.FlaggedAddressParams{POBox: true}})
	return skus[0]
}

// heldOrder places and pays an order shaped by edit, runs its review and
// returns it with its one open task.
func heldOrder(t *testing.T, b *bundle, sku, ref string, edit func(*order.PlaceRequest)) (order.Order, review.Task) {
	t.Helper()
	req := flowtest.Request(ref, flowtest.Line(sku, 1))
	edit(&req)
	o := b.rig.Accepted(t, req)
	b.rig.Pay(t, o, "evt-"+ref, o.TotalMinor)
	b.rig.RunJobs(t)
	o = b.rig.Get(t, o.ID)
	require.Equal(t, order.OnHold, o.Status, o.HoldReason)
	tasks, err := b.rig.Tasks.List(b.rig.Ctx, review.Filter{OrderID: o.ID, Status: review.StatusOpen, Limit: 10})
	require.NoError(t, err)
	require.Len(t, tasks, 1)
	return o, tasks[0]
}

// reviewing is a held order's task, with a browser signed in as role.
func reviewing(t *testing.T, b *bundle, role actor.Role, ref string, edit func(*order.PlaceRequest)) (order.Order, review.Task, *browser) {
	t.Helper()
	o, tk := heldOrder(t, b, reviewShop(t, b), ref, edit)
	br := b.browser(t)
	br.signIn(b.emails[role])
	return o, tk, br
}

func withNote(note string) func(*order.PlaceRequest) {
	return func(r *order.PlaceRequest) { r.SpecialRequests.Note = note }
}

func poBox(r *order.PlaceRequest) { r.ShippingAddress.Line1 = "PO Box 77" }

func (b *bundle) task(t *testing.T, id string) review.Task {
	t.Helper()
	tk, err := b.rig.Tasks.Task(context.Background(), id)
	require.NoError(t, err)
	return tk
}

// The queue lists the tasks not done soonest due first, each with its
// order number linked, its kind and reason in words and its holder; an
// overdue task is marked with a class and the word; filters by kind and
// whose; the next page keeps the filter.
func TestReviewQueueListsSoonestDueAndFilters(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, b *bundle) {
		sku := reviewShop(t, b)
		note1, special1 := heldOrder(t, b, sku, "rq-1", withNote("Leave it with the neighbour at no. 3"))
		box, verify := heldOrder(t, b, sku, "rq-2", poBox)
		note2, special2 := heldOrder(t, b, sku, "rq-3", withNote("Ring twice"))
		b.clk.Advance(5 * time.Hour) // past the address check's 4 h, within the request's 24 h
		br := b.browser(t)
		br.signIn(b.emails[actor.CustomerService])

		first := br.get("/review")
		require.Equal(t, http.StatusOK, first.status, first.body)
		require.Contains(t, first.body, `<a href="/orders/`+box.ID+`">`+box.Number+`</a>`)
		require.Contains(t, first.body, `href="/review/`+verify.ID+`"`)
		require.Contains(t, first.body, "verify the address")
		require.Contains(t, first.body, "special request")
		require.Contains(t, first.body, "the customer wrote: Leave it with the neighbour at no. 3", "why, in words")
		require.Less(t, strings.Index(first.body, box.Number), strings.Index(first.body, note1.Number), "soonest due first")
		require.NotContains(t, first.body, note2.Number, "two a page")
		require.Equal(t, 1, strings.Count(first.body, `<tr class="overdue">`), "only the address check is overdue")
		require.Contains(t, first.body, `<span class="tag overdue-tag">overdue</span>`, "the word, not colour alone")
		require.Contains(t, first.body, `<form method="post" action="/review/`+verify.ID+`/claim"`, "an open task is claimed from its row")

		next := hrefOf(t, first.body, `rel="next"`)
		second := br.get(next)
		require.Equal(t, http.StatusOK, second.status)
		require.Contains(t, second.body, note2.Number)
		require.NotContains(t, second.body, box.Number)
		require.NotContains(t, second.body, `rel="next"`, "the last page")

		special := br.get("/review?kind=special_request")
		require.Contains(t, special.body, note1.Number)
		require.Contains(t, special.body, note2.Number)
		require.NotContains(t, special.body, box.Number, "filtered by kind")
		require.Contains(t, special.body, `<option value="special_request" selected>`)

		require.Equal(t, http.StatusSeeOther, br.post("/review/"+special2.ID+"/claim", nil).status)
		all := br.get("/review?kind=special_request")
		require.Contains(t, all.body, note2.Number, "claimed tasks stay in the queue")
		require.Contains(t, all.body, "Test customer_service", "with who holds them")
		mine := br.get("/review?who=mine")
		require.Contains(t, mine.body, note2.Number)
		require.NotContains(t, mine.body, note1.Number)
		unclaimed := br.get("/review?who=unclaimed&kind=special_request")
		require.Contains(t, unclaimed.body, note1.Number)
		require.NotContains(t, unclaimed.body, note2.Number)
		_ = special1

		for _, bad := range []string{"/review?kind=nonsense", "/review?who=everyone", "/review?cursor=garbage"} {
			p := br.get(bad)
			require.Equal(t, http.StatusBadRequest, p.status, bad)
			require.Contains(t, p.body, "This filter or page link is not valid")
		}
		zh := b.browser(t)
		b.addPerson(t, people.NewPerson{Email: "li@example.com", Name: "Li", Role: actor.CustomerService, Locale: "zh"})
		zh.signIn("li@example.com")
		p := zh.get("/review")
		require.Contains(t, p.body, "<h1>审核队列</h1>")
		require.Contains(t, p.body, "核实地址")
		require.Contains(t, p.body, "已超时")
	})
}

// hrefOf is the link of the anchor carrying attr, unescaped.
func hrefOf(t *testing.T, body, attr string) string {
	t.Helper()
	i := strings.Index(body, attr)
	require.Positive(t, i, "no link with %s", attr)
	a := body[strings.LastIndex(body[:i], "<a "):i]
	h := a[strings.Index(a, `href="`)+len(`href="`):]
	return strings.ReplaceAll(h[:strings.IndexByte(h, '"')], "&amp;", "&")
}

// Every review page and action admits exactly the roles of the operation
// it mirrors; a refused role changes nothing.
func TestReviewPagesRolesMatchTheirOperations(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, b *bundle) {
		sku := reviewShop(t, b)
		for i, role := range actor.Roles {
			_, tk := heldOrder(t, b, sku, "role-"+string(role), withNote("note "+string(rune('a'+i))))
			br := b.browser(t)
			br.signIn(b.emails[role])
			for _, step := range []struct {
				op, method, path string
				form             url.Values
				want             int
			}{
				{"list-review-tasks", "GET", "/review", nil, http.StatusOK},
				{"get-review-task", "GET", "/review/" + tk.ID, nil, http.StatusOK},
				{"claim-review-task", "POST", "/review/" + tk.ID + "/claim", nil, http.StatusSeeOther},
				{"release-review-task", "POST", "/review/" + tk.ID + "/release", nil, http.StatusSeeOther},
				{"claim-review-task", "POST", "/review/" + tk.ID + "/claim", nil, http.StatusSeeOther},
				{"decide-review-task", "POST", "/review/" + tk.ID + "/decide", url.Values{"outcome": {"approve"}}, http.StatusSeeOther},
			} {
				roles, ok := b.api.OperationRoles(step.op)
				require.True(t, ok, step.op)
				var p page
				if step.method == "GET" {
					p = br.get(step.path)
				} else {
					p = br.post(step.path, step.form)
				}
				if !slices.Contains(roles, role) {
					require.Equal(t, http.StatusForbidden, p.status, "%s %s", role, step.path)
					require.Contains(t, p.body, "Your role ("+string(role)+") may not open this page.")
					continue
				}
				require.Equal(t, step.want, p.status, "%s %s %s: %s", role, step.method, step.path, p.body)
			}
			want := review.StatusOpen
			if roles, _ := b.api.OperationRoles("decide-review-task"); slices.Contains(roles, role) {
				want = review.StatusDone
			}
			require.Equal(t, want, b.task(t, tk.ID).Status, role)
		}
		br := b.browser(t)
		for _, path := range []string{"/review", "/review/rtk_X"} {
			require.Equal(t, "/signin", br.get(path).location(), "signed out")
		}
	})
}

// A reviewer claims a task and approves it: the order goes on to its
// warehouse, the queue says so, and the audit log names the person.
func TestReviewClaimThenApproveReleasesTheOrder(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, b *bundle) {
		o, tk, br := reviewing(t, b, actor.CustomerService, "ok-1", withNote("Please gift wrap"))
		view := br.get("/review/" + tk.ID)
		require.Equal(t, http.StatusOK, view.status)
		require.Contains(t, view.body, "Please gift wrap", "the customer's note")
		require.Contains(t, view.body, "Ada Lovelace")
		require.Contains(t, view.body, "1600 Amphitheatre Pkwy")
		require.Contains(t, view.body, o.Lines[0].SKU)
		require.Contains(t, view.body, "Claim this task")
		require.NotContains(t, view.body, `value="approve"`, "decisions wait for a claim")

		p := br.post("/review/"+tk.ID+"/claim", nil)
		require.Equal(t, http.StatusSeeOther, p.status, p.body)
		require.Equal(t, "/review/"+tk.ID+"?done=review_claimed", p.location())
		view = br.get(p.location())
		require.Contains(t, view.body, "The task is yours now")
		require.Contains(t, view.body, `value="approve"`)
		require.Contains(t, view.body, `value="94043"`, "the address form is prefilled")

		p = br.post("/review/"+tk.ID+"/decide", url.Values{"outcome": {"approve"}, "approve.note": {"called the customer"}})
		require.Equal(t, http.StatusSeeOther, p.status, p.body)
		require.Equal(t, "/review?done=review_approve", p.location())
		require.Contains(t, br.get(p.location()).body, "Approved: the order goes on.")

		require.Equal(t, order.Released, b.rig.Get(t, o.ID).Status)
		done := b.task(t, tk.ID)
		require.Equal(t, review.StatusDone, done.Status)
		require.Equal(t, review.Approve, done.Outcome)
		require.Equal(t, "called the customer", done.OutcomeNote)
		entries, err := audit.List(context.Background(), b.d, audit.Filter{Entity: "review_task", EntityID: tk.ID, Limit: 10})
		require.NoError(t, err)
		require.Len(t, entries, 2)
		require.Equal(t, "review_task.decide", entries[0].Action)
		require.Equal(t, "review_task.claim", entries[1].Action)
		for _, e := range entries {
			require.True(t, strings.HasPrefix(e.Actor.ID, "usr_"), e.Actor.ID)
			require.Contains(t, e.Actor.Name, b.emails[actor.CustomerService])
			require.Equal(t, actor.CustomerService, e.Actor.Role)
		}
		require.Contains(t, br.get("/review/"+tk.ID).body, "called the customer", "the history shows the decision")
	})
}

// Deciding needs the task claimed first, and a done task cannot be
// claimed, released or decided again: 409 pages that say so, and nothing
// changes.
func TestReviewDecideNeedsAClaimAndHappensOnce(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, b *bundle) {
		o, tk, br := reviewing(t, b, actor.CustomerService, "once-1", withNote("Call before delivery"))
		approve := url.Values{"outcome": {"approve"}}
		p := br.post("/review/"+tk.ID+"/decide", approve)
		require.Equal(t, http.StatusConflict, p.status, p.body)
		require.Contains(t, p.body, "This task is not claimed. Claim it first")
		p = br.post("/review/"+tk.ID+"/release", nil)
		require.Equal(t, http.StatusConflict, p.status)
		require.Equal(t, review.StatusOpen, b.task(t, tk.ID).Status)
		require.Equal(t, order.OnHold, b.rig.Get(t, o.ID).Status)

		admin := b.browser(t)
		admin.signIn(b.emails[actor.Admin])
		require.Equal(t, http.StatusSeeOther, admin.post("/review/"+tk.ID+"/claim", nil).status)
		p = br.post("/review/"+tk.ID+"/claim", nil)
		require.Equal(t, http.StatusConflict, p.status)
		require.Contains(t, p.body, "This task is claimed by Test admin")
		p = br.post("/review/"+tk.ID+"/decide", approve)
		require.Equal(t, http.StatusForbidden, p.status, "not the holder")
		require.Contains(t, p.body, "This task is claimed by Test admin")
		require.Equal(t, http.StatusSeeOther, admin.post("/review/"+tk.ID+"/release", nil).status)

		require.Equal(t, http.StatusSeeOther, br.post("/review/"+tk.ID+"/claim", nil).status)
		require.Equal(t, http.StatusSeeOther, br.post("/review/"+tk.ID+"/decide", approve).status)
		for _, action := range []string{"decide", "claim", "release"} {
			p = br.post("/review/"+tk.ID+"/"+action, approve)
			require.Equal(t, http.StatusConflict, p.status, action)
			require.Contains(t, p.body, "This task is done already", action)
		}
		require.Equal(t, order.Released, b.rig.Get(t, o.ID).Status)
	})
}

// A corrected address is checked for its country as the API checks it:
// a bad ZIP is shown at its field with everything typed kept, and nothing
// changes; a good one is saved and the order goes on.
func TestReviewCorrectAddressValidatesPerCountry(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, b *bundle) {
		o, tk, br := reviewing(t, b, actor.CustomerService, "addr-1", poBox)
		require.Equal(t, http.StatusSeeOther, br.post("/review/"+tk.ID+"/claim", nil).status)
		form := url.Values{"outcome": {"correct_address"}, "address.name": {"Ada Lovelace"}, "address.line1": {"1 Main St"},
			"address.city": {"Mountain View"}, "address.region": {"CA"}, "address.postal_code": {"ABCDE"},
			"address.country": {"US"}, "correct_address.note": {"spelled out on the phone"}}
		p := br.post("/review/"+tk.ID+"/decide", form)
		require.Equal(t, http.StatusUnprocessableEntity, p.status, p.body)
		require.Contains(t, p.body, `aria-invalid="true" aria-describedby="address.postal_code-error"`)
		require.Contains(t, p.body, `id="address.postal_code-error"`)
		require.Contains(t, p.body, `value="ABCDE"`, "what was typed is kept")
		require.Contains(t, p.body, `value="1 Main St"`)
		require.Contains(t, p.body, `value="spelled out on the phone"`)
		require.Equal(t, "PO Box 77", b.rig.Get(t, o.ID).ShippingAddress.Line1, "nothing changed")
		require.Equal(t, review.StatusClaimed, b.task(t, tk.ID).Status)

		long := br.post("/review/"+tk.ID+"/decide", url.Values{"outcome": {"approve"}, "approve.note": {strings.Repeat("x", 1001)}})
		require.Equal(t, http.StatusUnprocessableEntity, long.status)
		require.Contains(t, long.body, `id="approve.note-error"`)

		toronto := url.Values{"outcome": {"correct_address"}, "address.name": {"Ada Lovelace"}, "address.line1": {"100 Queen St W"},
			"address.city": {"Toronto"}, "address.region": {"ON"}, "address.postal_code": {"M5H 2N2"}, "address.country": {"CA"}}
		p = br.post("/review/"+tk.ID+"/decide", toronto)
		require.Equal(t, http.StatusConflict, p.status, "no warehouse serves Canada")
		require.Contains(t, p.body, `id="address-error" role="alert">the warehouses can ship only part of the order to CA M5H 2N2`)
		require.Contains(t, p.body, `value="M5H 2N2"`)
		require.Equal(t, "PO Box 77", b.rig.Get(t, o.ID).ShippingAddress.Line1, "nothing changed")

		form.Set("address.postal_code", "94043")
		p = br.post("/review/"+tk.ID+"/decide", form)
		require.Equal(t, http.StatusSeeOther, p.status, p.body)
		require.Equal(t, "/review?done=review_correct_address", p.location())
		got := b.rig.Get(t, o.ID)
		require.Equal(t, "1 Main St", got.ShippingAddress.Line1)
		require.Equal(t, order.Released, got.Status)
	})
}

// Cancelling needs a reason, then cancels the order with it.
func TestReviewCancelWithAReason(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, b *bundle) {
		o, tk, br := reviewing(t, b, actor.Admin, "cancel-1", withNote("Deliver on the moon"))
		require.Equal(t, http.StatusSeeOther, br.post("/review/"+tk.ID+"/claim", nil).status)
		p := br.post("/review/"+tk.ID+"/decide", url.Values{"outcome": {"cancel"}, "cancel.note": {"asked twice"}})
		require.Equal(t, http.StatusUnprocessableEntity, p.status)
		require.Contains(t, p.body, `id="cancel.reason-error"`)
		require.Contains(t, p.body, `value="asked twice"`)
		require.Equal(t, order.OnHold, b.rig.Get(t, o.ID).Status)

		p = br.post("/review/"+tk.ID+"/decide", url.Values{"outcome": {"cancel"}, "cancel.reason": {"we do not ship there"}})
		require.Equal(t, http.StatusSeeOther, p.status, p.body)
		require.Contains(t, br.get(p.location()).body, "The order is cancelled.")
		require.Equal(t, order.Cancelled, b.rig.Get(t, o.ID).Status)
		require.Equal(t, review.Cancel, b.task(t, tk.ID).Outcome)
		require.Contains(t, b.rig.EventTypes(t, o.ID), "order.cancelled")
	})
}

// An unknown task is a 404 page for every page and action.
func TestReviewUnknownTaskIsNotFound(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, b *bundle) {
		br := b.browser(t)
		br.signIn(b.emails[actor.CustomerService])
		p := br.get("/review/rtk_NOPE")
		require.Equal(t, http.StatusNotFound, p.status)
		require.Contains(t, p.body, "There is no such review task.")
		for _, action := range []string{"claim", "release", "decide"} {
			p = br.post("/review/rtk_NOPE/"+action, url.Values{"outcome": {"approve"}})
			require.Equal(t, http.StatusNotFound, p.status, action)
			require.Contains(t, p.body, "There is no such review task.")
		}
		p = br.post("/review/rtk_NOPE/decide", url.Values{"outcome": {"cancel"}})
		require.Equal(t, http.StatusNotFound, p.status, "bad input for no task is still no task")
	})
}
