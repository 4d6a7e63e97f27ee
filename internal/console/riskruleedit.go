package console

import (
	"encoding/json"
	"net/http"
	"strconv"

	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/people"
	"github.com/waybill/waybill/internal/review"
	"github.com/waybill/waybill/internal/risk"
)

// riskFields are the rule form's fields; params is the kind's settings
// as a JSON object, as create-risk-rule takes them.
var riskFields = []string{"name", "kind", "weight", "action", "active", "params"}

// riskRulePage is the rule form: a new rule (ID empty) or a stored one.
type riskRulePage struct {
	ID      string
	Kinds   []risk.Kind
	Actions []risk.Action
}

func newRiskRulePage(id string) riskRulePage {
	return riskRulePage{ID: id, Kinds: risk.Kinds, Actions: []risk.Action{risk.Pass, risk.Hold, risk.Reject}}
}

// newRiskRule shows an empty rule form.
func (c *Console) newRiskRule(w http.ResponseWriter, r *http.Request, s people.Session) {
	v := c.pageView(s, "risk.new_title")
	v.Form = map[string]string{"weight": "10", "action": string(risk.Hold), "active": "on", "params": "{}"}
	v.Data = newRiskRulePage("")
	c.render(w, r, http.StatusOK, "riskrule", v)
}

// riskRule shows a stored rule in the form, as get-risk-rule finds it.
func (c *Console) riskRule(w http.ResponseWriter, r *http.Request, s people.Session) {
	v := c.pageView(s, "risk.edit_title")
	x, err := c.cfg.Review.RiskRule(r.Context(), r.PathValue("id"))
	if err != nil {
		c.refused(w, r, "riskrule", v, err)
		return
	}
	params, err := json.MarshalIndent(x.Params, "", "  ")
	if err != nil {
		c.internal(w, r, v.Locale, err)
		return
	}
	v.Form = map[string]string{"name": x.Name, "kind": string(x.Kind), "weight": strconv.Itoa(x.Weight),
		"action": string(x.Action), "params": string(params)}
	if x.Active {
		v.Form["active"] = "on"
	}
	v.Data = newRiskRulePage(x.ID)
	c.render(w, r, http.StatusOK, "riskrule", v)
}

// createRiskRule adds a rule as create-risk-rule does.
func (c *Console) createRiskRule(w http.ResponseWriter, r *http.Request, s people.Session) {
	c.saveRiskRule(w, r, s, "", "risk.new_title")
}

// replaceRiskRule replaces every setting of a rule as replace-risk-rule does.
func (c *Console) replaceRiskRule(w http.ResponseWriter, r *http.Request, s people.Session) {
	c.saveRiskRule(w, r, s, r.PathValue("id"), "risk.edit_title")
}

// saveRiskRule reads the form into the rule object the API takes and
// decodes it with risk.DecodeRule, the API's own reading and checks.
func (c *Console) saveRiskRule(w http.ResponseWriter, r *http.Request, s people.Session, id, title string) {
	v := c.pageView(s, title)
	if !c.form(w, r, v.Locale) {
		return
	}
	v.Form = typed(r, riskFields...)
	v.Data = newRiskRulePage(id)
	body, err := riskRuleBody(v.Locale, v.Form)
	var rule risk.Rule
	if err == nil {
		rule, err = risk.DecodeRule(body)
	}
	var saved review.RiskRule
	if err == nil && id == "" {
		saved, err = c.cfg.Review.CreateRule(r.Context(), rule)
	} else if err == nil {
		saved, err = c.cfg.Review.ReplaceRule(r.Context(), id, rule)
	}
	if err != nil {
		c.refused(w, r, "riskrule", v, err, riskFields...)
		return
	}
	done(w, r, "/risk-rules/"+saved.ID, "risk.saved")
}

// riskRuleBody is the form as the JSON object create-risk-rule reads.
func riskRuleBody(locale string, form map[string]string) ([]byte, error) {
	var f errs.Fields
	weight := wholeNumber(&f, locale, form, "weight")
	params := json.RawMessage("{}")
	if form["params"] != "" {
		params = json.RawMessage(form["params"])
		if !json.Valid(params) {
			f.Add("params", errs.CodeType, "%s", text(locale, "risk.params_invalid"))
		}
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	obj := map[string]any{"name": form["name"], "kind": form["kind"], "action": form["action"],
		"active": form["active"] != "", "params": params}
	if weight != nil {
		obj["weight"] = *weight
	}
	return json.Marshal(obj)
}
