package console

import (
	"net/http"

	"github.com/waybill/waybill/internal/people"
)

// riskRuleDeletePage asks before deleting (deactivating) a rule.
func (c *Console) riskRuleDeletePage(w http.ResponseWriter, r *http.Request, s people.Session) {
	v := c.pageView(s, "risk.delete_title")
	x, err := c.cfg.Review.RiskRule(r.Context(), r.PathValue("id"))
	if err != nil {
		c.refused(w, r, "riskruledelete", v, err)
		return
	}
	v.Data = riskRuleRow{ID: x.ID, Name: x.Name, Active: x.Active}
	c.render(w, r, http.StatusOK, "riskruledelete", v)
}

// deleteRiskRule deactivates the rule as delete-risk-rule does: it stops
// running and stays, so reasons recorded on orders still name it.
func (c *Console) deleteRiskRule(w http.ResponseWriter, r *http.Request, s people.Session) {
	v := c.pageView(s, "risk.delete_title")
	if _, err := c.cfg.Review.DeactivateRule(r.Context(), r.PathValue("id")); err != nil {
		c.refused(w, r, "riskruledelete", v, err)
		return
	}
	done(w, r, "/risk-rules", "risk.deleted")
}
