package console_test

import (
	"context"
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/actor"
)

func backorder() url.Values {
	return url.Values{"sku": {"SKU-000"}, "channel": {""}, "policy": {"backorder"}, "max_waiting": {"20"}, "lead_days": {"7"}}
}

func TestShortagePagesRoles(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, b *bundle) {
		b.rig.AddProducts(t, 1)
		requireAdminRoles(t, b, []roleCase{
			{"GET", "/shortage-policies?sku=SKU-000", "list-shortage-policies", nil, http.StatusOK},
			{"POST", "/shortage-policies", "set-shortage-policy", backorder(), http.StatusSeeOther},
		})
	})
}

func TestShortagePageSetsAPolicy(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, b *bundle) {
		b.rig.AddProducts(t, 1)
		br := b.browser(t)
		br.signIn(b.emails[actor.Admin])
		p := br.get("/shortage-policies?sku=SKU-000")
		require.Equal(t, http.StatusOK, p.status)
		require.Contains(t, p.body, "No policy")

		bad := backorder()
		bad.Set("lead_days", "400")
		bad.Set("channel", "bad channel!")
		p = br.post("/shortage-policies", bad)
		requireFieldError(t, p, "lead_days", "lead_days must be 0 to 365")
		bad.Set("lead_days", "7")
		p = br.post("/shortage-policies", bad)
		requireFieldError(t, p, "channel", "channel must be empty")
		require.Contains(t, p.body, `value="bad channel!"`)
		bad = backorder()
		bad.Set("policy", "presale")
		p = br.post("/shortage-policies", bad)
		requireFieldError(t, p, "release_on", "a presale needs its release date")
		bad.Set("max_waiting", "many")
		requireFieldError(t, br.post("/shortage-policies", bad), "max_waiting", "Enter a whole number.")
		rules, err := b.rig.Shortages.List(context.Background(), "SKU-000")
		require.NoError(t, err)
		require.Empty(t, rules, "nothing was set")

		p = br.post("/shortage-policies", backorder())
		require.Equal(t, http.StatusSeeOther, p.status, p.body)
		require.Equal(t, "/shortage-policies?sku=SKU-000&done=shortage.saved", p.location())
		page := br.get(p.location())
		require.Contains(t, page.body, "The policy was saved.")
		require.Contains(t, page.body, "every channel (default)")
		rules, err = b.rig.Shortages.List(context.Background(), "SKU-000")
		require.NoError(t, err)
		require.Len(t, rules, 1)
		require.Equal(t, "backorder", rules[0].Kind)
		require.Equal(t, int64(20), rules[0].MaxWaiting)
		require.Equal(t, 7, rules[0].LeadDays)
		requireAudited(t, b, "shortage_policy.set")

		cs := b.browser(t)
		cs.signIn(b.emails[actor.CustomerService])
		read := cs.get("/shortage-policies?sku=SKU-000")
		require.Contains(t, read.body, "Backorder")
		require.NotContains(t, read.body, `method="post" action="/shortage-policies"`, "customer service reads, cannot set")

		require.Equal(t, http.StatusNotFound, br.get("/shortage-policies?sku=NOPE").status)
		missing := backorder()
		missing.Set("sku", "NOPE")
		require.Equal(t, http.StatusNotFound, br.post("/shortage-policies", missing).status)
	})
}
