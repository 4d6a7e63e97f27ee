package console

import (
	"net/http"
	"strconv"

	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/people"
	"github.com/waybill/waybill/internal/review"
)

var riskSettingsFields = []string{"hold_score", "reject_score"}

// riskSettings shows the score thresholds, as get-risk-settings does.
func (c *Console) riskSettings(w http.ResponseWriter, r *http.Request, s people.Session) {
	v := c.pageView(s, "risk.settings_title")
	cur, err := c.cfg.Review.Settings(r.Context())
	if err != nil {
		c.internal(w, r, v.Locale, err)
		return
	}
	v.Form = map[string]string{"hold_score": strconv.Itoa(cur.HoldScore), "reject_score": strconv.Itoa(cur.RejectScore)}
	c.render(w, r, http.StatusOK, "risksettings", v)
}

// updateRiskSettings sets the thresholds as update-risk-settings does.
func (c *Console) updateRiskSettings(w http.ResponseWriter, r *http.Request, s people.Session) {
	v := c.pageView(s, "risk.settings_title")
	if !c.form(w, r, v.Locale) {
		return
	}
	v.Form = typed(r, riskSettingsFields...)
	var f errs.Fields
	var in review.SettingsInput
	for name, dst := range map[string]*int{"hold_score": &in.HoldScore, "reject_score": &in.RejectScore} {
		n := wholeNumber(&f, v.Locale, v.Form, name)
		if n == nil && v.Form[name] == "" {
			f.Add(name, errs.CodeRequired, "%s", text(v.Locale, "form.not_a_number"))
		} else if n != nil {
			*dst = int(*n)
		}
	}
	err := f.Err()
	if err == nil {
		_, err = c.cfg.Review.UpdateSettings(r.Context(), in)
	}
	if err != nil {
		c.refused(w, r, "risksettings", v, err, riskSettingsFields...)
		return
	}
	done(w, r, "/risk-settings", "risk.settings_saved")
}
