package console_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/review"
)

// highValue is a valid rule form.
func highValue(name string) url.Values {
	return url.Values{"name": {name}, "kind": {"high_value"}, "weight": {"40"}, "action": {"hold"}, "active": {"on"},
		"params": {`{"currency": "USD", "max_total_minor": 100000}`}}
}

// rules returns every stored rule.
func rules(t *testing.T, b *bundle) []review.RiskRule {
	t.Helper()
	list, err := b.rig.Tasks.RiskRules(context.Background(), review.RuleFilter{Limit: 100})
	require.NoError(t, err)
	return list
}

func TestRiskPagesRoles(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, b *bundle) {
		br := b.browser(t)
		br.signIn(b.emails[actor.Admin])
		require.Equal(t, http.StatusSeeOther, br.post("/risk-rules", highValue("Big orders")).status)
		id := rules(t, b)[0].ID
		requireAdminRoles(t, b, []roleCase{
			{"GET", "/risk-rules", "list-risk-rules", nil, http.StatusOK},
			{"GET", "/risk-rules/new", "create-risk-rule", nil, http.StatusOK},
			{"POST", "/risk-rules", "create-risk-rule", highValue("Another"), http.StatusSeeOther},
			{"GET", "/risk-rules/" + id, "get-risk-rule", nil, http.StatusOK},
			{"POST", "/risk-rules/" + id, "replace-risk-rule", highValue("Renamed"), http.StatusSeeOther},
			{"GET", "/risk-rules/" + id + "/delete", "delete-risk-rule", nil, http.StatusOK},
			{"POST", "/risk-rules/" + id + "/delete", "delete-risk-rule", url.Values{}, http.StatusSeeOther},
			{"GET", "/risk-settings", "get-risk-settings", nil, http.StatusOK},
			{"POST", "/risk-settings", "update-risk-settings", url.Values{"hold_score": {"50"}, "reject_score": {"90"}}, http.StatusSeeOther},
		})
	})
}

// A rule is created, replaced and deleted (after a confirmation) through
// the review store, each audited as the person.
func TestRiskRulePagesCreateReplaceDelete(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, b *bundle) {
		br := b.browser(t)
		br.signIn(b.emails[actor.Admin])
		p := br.post("/risk-rules", highValue("Big orders"))
		require.Equal(t, http.StatusSeeOther, p.status, p.body)
		list := rules(t, b)
		require.Len(t, list, 1)
		x := list[0]
		require.Equal(t, "/risk-rules/"+x.ID+"?done=risk.saved", p.location())
		require.Equal(t, "Big orders", x.Name)
		require.Equal(t, 40, x.Weight)
		require.True(t, x.Active)
		requireAudited(t, b, "risk_rule.create")
		page := br.get(p.location())
		require.Contains(t, page.body, "The rule was saved.")
		require.Contains(t, page.body, "max_total_minor")
		require.Contains(t, br.get("/risk-rules").body, "Big orders")

		form := highValue("Very big orders")
		form.Set("weight", "70")
		form.Set("action", "reject")
		require.Equal(t, http.StatusSeeOther, br.post("/risk-rules/"+x.ID, form).status)
		x = rules(t, b)[0]
		require.Equal(t, "Very big orders", x.Name)
		require.Equal(t, 70, x.Weight)
		require.Equal(t, "reject", string(x.Action))

		confirm := br.get("/risk-rules/" + x.ID + "/delete")
		require.Equal(t, http.StatusOK, confirm.status)
		require.Contains(t, confirm.body, "Delete the rule “Very big orders”?")
		require.True(t, rules(t, b)[0].Active, "asking changes nothing")
		p = br.post("/risk-rules/"+x.ID+"/delete", url.Values{})
		require.Equal(t, "/risk-rules?done=risk.deleted", p.location())
		require.False(t, rules(t, b)[0].Active)
		requireAudited(t, b, "risk_rule.deactivate")

		require.Equal(t, http.StatusNotFound, br.get("/risk-rules/rsk_nope").status)
		require.Equal(t, http.StatusNotFound, br.post("/risk-rules/rsk_nope", highValue("x")).status)
		require.Equal(t, http.StatusNotFound, br.get("/risk-rules/rsk_nope/delete").status)
		require.Equal(t, http.StatusNotFound, br.post("/risk-rules/rsk_nope/delete", url.Values{}).status)
	})
}

func TestRiskRulePagesRefuseBadInput(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, b *bundle) {
		br := b.browser(t)
		br.signIn(b.emails[actor.Admin])
		form := highValue("")
		form.Set("params", `{"currency": "USD", "max_total_minor": -1}`)
		p := br.post("/risk-rules", form)
		requireFieldError(t, p, "name", "")
		require.Contains(t, p.body, `id="params-error"`)
		require.Contains(t, p.body, "max_total_minor", "the kind's own problem, at params")
		form = highValue("Typed name kept")
		form.Set("weight", "heavy")
		form.Set("params", "{not json")
		p = br.post("/risk-rules", form)
		requireFieldError(t, p, "weight", "Enter a whole number.")
		require.Contains(t, p.body, `id="params-error">This is not JSON`)
		require.Contains(t, p.body, `value="Typed name kept"`)
		require.Contains(t, p.body, "{not json")
		form = highValue("Odd kind")
		form.Set("kind", "astrology")
		requireFieldError(t, br.post("/risk-rules", form), "kind", "")
		require.Empty(t, rules(t, b), "nothing was created")
	})
}

func TestRiskSettingsPage(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, b *bundle) {
		br := b.browser(t)
		br.signIn(b.emails[actor.Admin])
		require.Equal(t, http.StatusOK, br.get("/risk-settings").status)
		p := br.post("/risk-settings", url.Values{"hold_score": {"50"}, "reject_score": {"40"}})
		requireFieldError(t, p, "reject_score", "")
		p = br.post("/risk-settings", url.Values{"hold_score": {"lots"}, "reject_score": {"90"}})
		requireFieldError(t, p, "hold_score", "Enter a whole number.")
		require.Contains(t, p.body, `value="lots"`)
		cur, err := b.rig.Tasks.Settings(context.Background())
		require.NoError(t, err)
		before := cur
		p = br.post("/risk-settings", url.Values{"hold_score": {"50"}, "reject_score": {"90"}})
		require.Equal(t, "/risk-settings?done=risk.settings_saved", p.location())
		require.True(t, strings.Contains(br.get(p.location()).body, `value="90"`))
		cur, err = b.rig.Tasks.Settings(context.Background())
		require.NoError(t, err)
		require.Equal(t, 50, cur.HoldScore)
		require.Equal(t, 90, cur.RejectScore)
		require.NotEqual(t, before, cur)
		requireAudited(t, b, "risk_settings.update")
	})
}
