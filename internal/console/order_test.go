package console_test

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/audit"
	"github.com/waybill/waybill/internal/flowtest"
	"github.com/waybill/waybill/internal/money"
	"github.com/waybill/waybill/internal/order"
	"github.com/waybill/waybill/internal/people"
	"github.com/waybill/waybill/internal/risk"
)

// orderShop is the rig with products SKU-000 and SKU-001 in stock at
// US-EWR1, which serves the whole US.
func orderShop(t *testing.T, b *bundle) {
	t.Helper()
	b.rig.AddProducts(t, 2)
	b.rig.AddWarehouse(t, "US-EWR1")
	b.rig.Receive(t, "US-EWR1", "SKU-000", 50)
	b.rig.Receive(t, "US-EWR1", "SKU-001", 50)
}

// staffBrowser is a browser signed in as the person of role.
func staffBrowser(t *testing.T, b *bundle, role actor.Role) *browser {
	br := b.browser(t)
	br.signIn(b.emails[role])
	return br
}

// The address form as customer service would fill it.
func addressForm(line1, city, region, postal, country string) url.Values {
	return url.Values{"line1": {line1}, "line2": {""}, "city": {city}, "region": {region}, "postal_code": {postal}, "country": {country}}
}

func TestOrderPageShowsTheOrder(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, b *bundle) {
		orderShop(t, b)
		placed := b.rig.Accepted(t, flowtest.Request("page-1", flowtest.Line("SKU-000", 2), flowtest.Line("SKU-001", 1)))
		br := staffBrowser(t, b, actor.CustomerService)

		p := br.get("/orders/" + placed.ID)
		require.Equal(t, http.StatusOK, p.status, p.body)
		for _, want := range []string{placed.Number, "page-1", "web", "awaiting payment", "placed",
			"SKU-000", "Product SKU-000", "SKU-001", money.Format(1000, "USD"), money.Format(2000, "USD"), money.Format(placed.TotalMinor, "USD"),
			"Ada Lovelace", "ada@example.com", "1600 Amphitheatre Pkwy", "Mountain View, CA 94043",
			`<table id="timeline">`, "No risk rule tripped.", "Not released to a warehouse yet."} {
			require.Contains(t, p.body, want)
		}
		byNumber := br.get("/orders/" + placed.Number).body
		require.Equal(t, strings.Replace(p.body, `value="/orders/`+placed.ID+`"`, `value="/orders/`+placed.Number+`"`, 1), byNumber,
			"by number as by id (the language switch returns to the address used)")
		require.NotContains(t, p.body, "Payment events", "customer service may not read payment events")
		require.Contains(t, p.body, `action="/orders/`+placed.ID+`/cancel"`)
		require.Contains(t, p.body, `action="/orders/`+placed.ID+`/address"`)
		require.Contains(t, p.body, `id="postal_code" name="postal_code" type="text" value="94043"`, "the form has the current address")

		// Released: the sourcing explanation and the fulfilment.
		released := b.rig.ReleasedOrder(t, "page-2", flowtest.Line("SKU-000", 1))
		p = br.get("/orders/" + released.ID)
		require.Equal(t, http.StatusOK, p.status, p.body)
		require.Contains(t, p.body, `<table id="sourcing-options">`)
		require.Contains(t, p.body, released.Sourcing.Explanation.Reason)
		require.Contains(t, p.body, `<th scope="row">US-EWR1 <span class="tag">chosen</span></th>`)
		require.Contains(t, p.body, released.Fulfilments[0].ID)
		require.Contains(t, p.body, "ready to pick")
		require.Contains(t, p.body, "1 × SKU-000")
		require.Contains(t, p.body, "released to its warehouses")

		// Finance sees its payment events; in Chinese for a Chinese person.
		fin := staffBrowser(t, b, actor.Finance)
		p = fin.get("/orders/" + released.ID)
		require.Contains(t, p.body, "Payment events")
		require.Contains(t, p.body, "payment.succeeded")
		require.NotContains(t, p.body, `/cancel"`, "finance may not cancel: no form")
	})
}

func TestOrderPageShowsRiskReasons(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, b *bundle) {
		orderShop(t, b)
		b.rig.Rule(t, risk.Rule{Name: "big orders", Kind: risk.HighValue, Weight: 50, Action: risk.Hold,
			Params: risk.HighValueParams{Currency: "USD", MaxTotalMinor: 500}})
		held := b.rig.PaidOrder(t, "risky-1", flowtest.Line("SKU-000", 1))
		b.rig.RunJobs(t)
		held = b.rig.Get(t, held.ID)
		require.Equal(t, order.OnHold, held.Status)
		p := staffBrowser(t, b, actor.CustomerService).get("/orders/" + held.ID)
		require.Equal(t, http.StatusOK, p.status)
		require.Contains(t, p.body, "Risk score: 50")
		require.Contains(t, p.body, "big orders")
		require.Contains(t, p.body, held.RiskReasons[0].Text)
		require.Contains(t, p.body, "holds for review")
		require.Contains(t, p.body, `<p class="hold"><strong>Why it is on hold:</strong> `+held.HoldReason)
	})
}

// Each page and action admits exactly the roles of its API operation.
func TestOrderPageRoles(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, b *bundle) {
		orderShop(t, b)
		for _, role := range actor.Roles {
			br := staffBrowser(t, b, role)
			o := b.rig.Accepted(t, flowtest.Request("roles-"+string(role), flowtest.Line("SKU-000", 1)))
			for _, c := range []struct {
				op   string
				send func() page
				ok   int
			}{
				{"get-order", func() page { return br.get("/orders/" + o.ID) }, http.StatusOK},
				{"correct-order-address", func() page {
					return br.post("/orders/"+o.ID+"/address", addressForm("500 W 2nd St", "Austin", "TX", "78701", "US"))
				}, http.StatusSeeOther},
				{"cancel-order", func() page { return br.post("/orders/"+o.ID+"/cancel", url.Values{"reason": {"roles"}}) }, http.StatusSeeOther},
			} {
				roles, ok := b.api.OperationRoles(c.op)
				require.True(t, ok, c.op)
				p := c.send()
				if slices.Contains(roles, role) {
					require.Equal(t, c.ok, p.status, "%s as %s: %s", c.op, role, p.body)
				} else {
					require.Equal(t, http.StatusForbidden, p.status, "%s as %s", c.op, role)
					require.Contains(t, p.body, "Your role ("+string(role)+") may not open this page.")
				}
			}
		}
		p := b.browser(t).get("/orders/ord_x")
		require.Equal(t, http.StatusSeeOther, p.status, "signed out: sign in first")
	})
}

func TestOrderCancelFromThePage(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, b *bundle) {
		o, br, path := actionOnNewOrder(t, b, "cancel")

		for reason, msg := range map[string]string{"  ": "Give a reason for cancelling.", strings.Repeat("é", 501): "at most 500 characters"} {
			p := br.post(path, url.Values{"reason": {reason}})
			require.Equal(t, http.StatusUnprocessableEntity, p.status)
			require.Contains(t, p.body, `aria-invalid="true" aria-describedby="reason-error">`+reason+`</textarea>`, "what was typed is kept")
			require.Contains(t, p.body, `<p class="error" id="reason-error">`)
			require.Contains(t, p.body, msg)
			require.Equal(t, order.Placed, b.rig.Get(t, o.ID).Status, "nothing changed")
		}

		p := br.post(path, url.Values{"reason": {"customer called: wrong size"}})
		require.Equal(t, http.StatusSeeOther, p.status, p.body)
		require.Equal(t, "/orders/"+o.ID+"?done=order_cancelled", p.location())
		p = br.get(p.location())
		require.Contains(t, p.body, `<p class="notice" role="status">The order is cancelled.</p>`)
		require.Contains(t, p.body, `<span class="tag" id="order-status">cancelled</span>`)
		require.Contains(t, p.body, "customer called: wrong size")
		require.Contains(t, p.body, "Test customer_service", "the timeline names the person")
		require.NotContains(t, p.body, `action="/orders/`+o.ID+`/cancel"`, "no cancel form on a cancelled order")
		require.Equal(t, order.Cancelled, b.rig.Get(t, o.ID).Status)
		require.Equal(t, int64(0), b.rig.Reserved(t, "US-EWR1", "SKU-000"), "its stock released")

		person := personID(t, b, actor.CustomerService)
		entries, err := audit.List(context.Background(), b.d, audit.Filter{Actor: person, Entity: "order", Limit: 10})
		require.NoError(t, err)
		require.Len(t, entries, 1)
		require.Equal(t, "order.cancel", entries[0].Action)
		require.Equal(t, o.ID, entries[0].EntityID)

		again := br.post(path, url.Values{"reason": {"twice"}})
		require.Equal(t, http.StatusConflict, again.status)
		require.Contains(t, again.body, "This order cannot be cancelled. An order that is cancelled cannot become cancelled.")
	})
}

func TestOrderAddressFromThePage(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, b *bundle) {
		o, br, path := actionOnNewOrder(t, b, "address")

		p := br.post(path, addressForm("500 W 2nd St", "Austin", "TX", "94043", "US"))
		require.Equal(t, http.StatusUnprocessableEntity, p.status, p.body)
		require.Contains(t, p.body, `id="postal_code" name="postal_code" type="text" value="94043"
    aria-invalid="true" aria-describedby="postal_code-error">`)
		require.Contains(t, p.body, `<p class="error" id="postal_code-error">ZIP code 94043 is not in state TX</p>`)
		require.Contains(t, p.body, `value="500 W 2nd St"`, "what was typed is kept")
		require.Contains(t, p.body, `value="Austin"`)
		require.Equal(t, "94043", b.rig.Get(t, o.ID).ShippingAddress.PostalCode)

		p = br.post(path, addressForm("500 W 2nd St", "Toronto", "ON", "M5H 2N2", "CA"))
		require.Equal(t, http.StatusConflict, p.status, p.body)
		require.Contains(t, p.body, `id="postal_code-error">warehouse US-EWR1, which holds this order&#39;s stock, does not ship to CA M5H 2N2`)

		p = br.post(path, addressForm("500 W 2nd St", "Austin", "Texas", "78701", "us"))
		require.Equal(t, http.StatusSeeOther, p.status, p.body)
		require.Equal(t, "/orders/"+o.ID+"?done=order_address", p.location())
		p = br.get(p.location())
		require.Contains(t, p.body, "The shipping address is corrected.")
		require.Contains(t, p.body, "Austin, TX 78701")
		require.Contains(t, p.body, "shipping address corrected")
		got := b.rig.Get(t, o.ID).ShippingAddress
		require.Equal(t, []string{"Ada Lovelace", "500 W 2nd St", "Austin", "TX", "78701", "US"},
			[]string{got.Name, got.Line1, got.City, got.Region, got.PostalCode, got.Country}, "the name kept, the rest normalised")
		evs, err := b.rig.Orders.Events(b.rig.Ctx, o.ID)
		require.NoError(t, err)
		require.Equal(t, "order.address_corrected", evs[len(evs)-1].Type)
		require.Equal(t, personID(t, b, actor.CustomerService), evs[len(evs)-1].Actor)

		_, err = b.rig.Orders.Cancel(b.rig.Ctx, o.ID, "test")
		require.NoError(t, err)
		p = br.post(path, addressForm("500 W 2nd St", "Austin", "TX", "78701", "US"))
		require.Equal(t, http.StatusConflict, p.status)
		require.Contains(t, p.body, "This order&#39;s address can no longer be corrected.")

		// In Chinese, the page and the problem read in Chinese.
		b.addPerson(t, people.NewPerson{Email: "li@example.com", Name: "Li Wei", Role: actor.CustomerService, Locale: "zh"})
		zh := b.browser(t)
		zh.signIn("li@example.com")
		other := b.rig.Accepted(t, flowtest.Request("addr-2", flowtest.Line("SKU-000", 1)))
		p = zh.get("/orders/" + other.ID)
		for _, want := range []string{"<h1>订单 " + other.Number + "</h1>", "商品明细", "收货地址", "时间线", "已下单", "待付款", "更正收货地址"} {
			require.Contains(t, p.body, want)
		}
		p = zh.post("/orders/"+other.ID+"/address", addressForm("500 W 2nd St", "Austin", "TX", "94043", "US"))
		require.Equal(t, http.StatusUnprocessableEntity, p.status)
		require.Contains(t, p.body, `id="postal_code-error">格式不符合该国家的地址规则`)
	})
}

func TestUnknownOrderIsNotFound(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, b *bundle) {
		br := staffBrowser(t, b, actor.Admin)
		for _, p := range []page{br.get("/orders/ord_nope"), br.get("/orders/" + strings.Repeat("x", 300)),
			br.post("/orders/ord_nope/cancel", url.Values{"reason": {"x"}}),
			br.post("/orders/ord_nope/address", addressForm("500 W 2nd St", "Austin", "TX", "78701", "US"))} {
			require.Equal(t, http.StatusNotFound, p.status, p.body)
			require.Contains(t, p.body, "There is no such order.")
			require.Contains(t, p.body, `href="/orders"`, "the navigation stays")
		}
	})
}

// actionOnNewOrder places an order of 3 units in orderShop and returns it,
// customer service's browser and the path of the order's action.
func actionOnNewOrder(t *testing.T, b *bundle, action string) (order.Order, *browser, string) {
	t.Helper()
	orderShop(t, b)
	o := b.rig.Accepted(t, flowtest.Request(action+"-1", flowtest.Line("SKU-000", 3)))
	return o, staffBrowser(t, b, actor.CustomerService), "/orders/" + o.ID + "/" + action
}

// personID is the id of the person of role, as the audit log names them.
func personID(t *testing.T, b *bundle, role actor.Role) string {
	t.Helper()
	ps, err := b.people.List(context.Background())
	require.NoError(t, err)
	for _, p := range ps {
		if p.Email == b.emails[role] {
			return p.ID
		}
	}
	t.Fatalf("no person of role %s", role)
	return ""
}
