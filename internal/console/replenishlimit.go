package console

import (
	"errors"
	"net/http"
	"regexp"
	"strconv"
	"strings"

	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/people"
	"github.com/waybill/waybill/internal/pick"
)

// opPutFaceLimits is the operation the pick face limits form mirrors.
const opPutFaceLimits = "put-pick-face-limits"

// limitFields are the limit form's fields, each named "limit."+field.
var limitFields = []string{"warehouse", "bin", "sku", "min", "max"}

// limitPath finds the field of a problem put-pick-face-limits names at
// limits[i].field.
var limitPath = regexp.MustCompile(`^limits\[\d+\]\.(bin|sku|min|max)$`)

// setFaceLimit sets one pick face's minimum and maximum for a SKU: it
// reads the warehouse's list, replaces (or adds) the row of that face and
// SKU and puts the list back, as put-pick-face-limits does, so the store's
// own checks apply. A bad value comes back at its field (422), nothing
// changed; set, the list of the warehouse shows it.
func (c *Console) setFaceLimit(w http.ResponseWriter, r *http.Request, s people.Session) {
	locale := s.Person.Locale
	if !c.form(w, r, locale) {
		return
	}
	typed, problems := map[string]string{}, map[string]string{}
	for _, f := range limitFields {
		typed["limit."+f] = strings.TrimSpace(r.PostForm.Get(f))
	}
	typed["limit.warehouse"] = strings.ToUpper(typed["limit.warehouse"])
	wh := typed["limit.warehouse"]
	bound := map[string]int64{}
	for _, f := range []string{"min", "max"} {
		n, err := strconv.ParseInt(typed["limit."+f], 10, 64)
		if err != nil {
			problems["limit."+f] = text(locale, "replenish.limit.whole")
			continue
		}
		bound[f] = n
	}
	if wh == "" {
		problems["limit.warehouse"] = text(locale, "replenish.limit.warehouse_required")
	}
	if len(problems) > 0 {
		c.renderLimitRefused(w, r, s, typed, problems, "")
		return
	}
	limits, err := c.cfg.Floor.FaceLimits(r.Context(), wh)
	if err != nil {
		c.limitRefused(w, r, s, typed, err)
		return
	}
	row := pick.FaceLimit{Bin: strings.ToUpper(typed["limit.bin"]), SKU: typed["limit.sku"], Min: bound["min"], Max: bound["max"]}
	replaced := false
	for i, l := range limits {
		if strings.EqualFold(l.Bin, row.Bin) && strings.EqualFold(l.SKU, row.SKU) {
			limits[i], replaced = row, true
		}
	}
	if !replaced {
		limits = append(limits, row)
	}
	if _, err := c.cfg.Floor.PutFaceLimits(r.Context(), wh, limits); err != nil {
		c.limitRefused(w, r, s, typed, err)
		return
	}
	done(w, r, stockFilter{Warehouse: wh}.Link("/replenishment"), "replenish_limit_set")
}

// limitRefused shows the page again with the store's problems at the
// limit form's fields, or its reason above the form.
func (c *Console) limitRefused(w http.ResponseWriter, r *http.Request, s people.Session, typed map[string]string, err error) {
	locale := s.Person.Locale
	var e *errs.Error
	switch {
	case errs.Is(err, errs.Invalid):
		problems := map[string]string{}
		for path, msg := range stockFieldErrors(locale, err) {
			if m := limitPath.FindStringSubmatch(path); m != nil {
				problems["limit."+m[1]] = capital(msg)
			} else if _, seen := problems["limit.bin"]; !seen {
				problems["limit.bin"] = capital(msg)
			}
		}
		c.renderLimitRefused(w, r, s, typed, problems, "")
	case errs.Is(err, errs.NotFound):
		c.renderLimitRefused(w, r, s, typed, map[string]string{"limit.warehouse": text(locale, "replenish.limit.no_warehouse")}, "")
	case (errs.Is(err, errs.Conflict) || errs.Is(err, errs.Forbidden)) && errors.As(err, &e):
		c.renderLimitRefused(w, r, s, typed, nil, capital(e.Message))
	default:
		c.internal(w, r, locale, err)
	}
}

func (c *Console) renderLimitRefused(w http.ResponseWriter, r *http.Request, s people.Session, typed, problems map[string]string, problem string) {
	status := http.StatusUnprocessableEntity
	if problem != "" {
		status = http.StatusConflict
	}
	c.renderReplenishment(w, r, s, status, typed, problems, problem)
}
