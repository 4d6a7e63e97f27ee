package console

import (
	"errors"
	"net/http"
	"net/url"
	"strings"

	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/people"
	"github.com/waybill/waybill/internal/ship"
)

// stageScreen is the staging screen: the parcel's label, then the lane's,
// and what is in each carrier's lane at the warehouse.
type stageScreen struct {
	Warehouse  string
	Warehouses []string
	Lanes      []laneRow
	Focus      string // the field that takes the next scan: parcel or lane
	Problem    string
}

// laneRow is a carrier's lane with the label its barcode reads.
type laneRow struct {
	ship.Lane
	Label string // LANE-CARRIER
}

// laneRows labels the lanes of a dock.
func laneRows(lanes []ship.Lane) []laneRow {
	rows := make([]laneRow, len(lanes))
	for i, l := range lanes {
		rows[i] = laneRow{Lane: l, Label: "LANE-" + strings.ToUpper(l.Carrier)}
	}
	return rows
}

// maxScan bounds a scanned code, as the stage-parcel operation does.
const maxScan = 64

// stagePage shows the staging screen; after a parcel was staged it says
// where (?staged=&lane=).
func (c *Console) stagePage(w http.ResponseWriter, r *http.Request, s people.Session) {
	v := c.personView(s, "dispatch.stage_title")
	q := r.URL.Query()
	if staged, lane := q.Get("staged"), q.Get("lane"); staged != "" && lane != "" {
		v.Notice = v.Tf("dispatch.staged", errs.Clip(staged), errs.Clip(lane))
	}
	c.renderStage(w, r, s, v, http.StatusOK, "parcel", "")
}

func (c *Console) renderStage(w http.ResponseWriter, r *http.Request, s people.Session, v view, status int, focus, problem string) {
	locale := s.Person.Locale
	wh, codes, err := c.dispatchWarehouse(w, r)
	if err != nil {
		c.internal(w, r, locale, err)
		return
	}
	var lanes []ship.Lane
	if wh != "" {
		if lanes, err = c.cfg.Shipping.Dock(r.Context(), wh); err != nil {
			c.internal(w, r, locale, err)
			return
		}
	}
	v.Path = "/dispatch/stage?warehouse=" + url.QueryEscape(wh)
	v.Data = stageScreen{Warehouse: wh, Warehouses: codes, Lanes: laneRows(lanes), Focus: focus, Problem: problem}
	c.render(w, r, status, "dispatchstage", v)
}

// stageParcel puts the scanned parcel in the scanned lane (stage-parcel).
// The parcel alone (Enter without a script to move on) is checked by the
// store with no lane, which stages nothing: an unknown parcel comes back
// at its field, a known one waits for the lane. A wrong lane is refused at
// the lane field naming the right one, the parcel kept.
func (c *Console) stageParcel(w http.ResponseWriter, r *http.Request, s people.Session) {
	locale := s.Person.Locale
	if !c.form(w, r, locale) {
		return
	}
	parcel, lane := strings.TrimSpace(r.PostForm.Get("parcel")), strings.TrimSpace(r.PostForm.Get("lane"))
	v := c.personView(s, "dispatch.stage_title")
	v.Form = map[string]string{"parcel": parcel}
	refuse := func(status int, field, msg string) {
		if field == "parcel" {
			v.Form["parcel"] = ""
		}
		v.Errors = map[string]string{field: msg}
		c.renderStage(w, r, s, v, status, field, "")
	}
	switch {
	case parcel == "":
		refuse(http.StatusUnprocessableEntity, "parcel", text(locale, "dispatch.parcel_required"))
		return
	case len(parcel) > maxScan:
		refuse(http.StatusUnprocessableEntity, "parcel", text(locale, "dispatch.scan_long"))
		return
	case len(lane) > maxScan:
		refuse(http.StatusUnprocessableEntity, "lane", text(locale, "dispatch.scan_long"))
		return
	}
	sh, err := c.cfg.Shipping.Stage(r.Context(), ship.StageScan{Parcel: parcel, Lane: lane})
	var e *errs.Error
	switch {
	case err == nil:
		done(w, r, "/dispatch/stage?warehouse="+url.QueryEscape(sh.Warehouse)+"&staged="+url.QueryEscape(parcel)+
			"&lane="+url.QueryEscape(laneLabel(lane)), "parcel_staged")
	case errs.Is(err, errs.Invalid):
		problems := dispatchFieldErrors(locale, err)
		if msg, ok := problems["parcel"]; ok {
			refuse(http.StatusUnprocessableEntity, "parcel", msg)
			return
		}
		if lane == "" { // the parcel is right: now its lane
			c.renderStage(w, r, s, v, http.StatusOK, "lane", "")
			return
		}
		refuse(http.StatusUnprocessableEntity, "lane", firstMessage(problems))
	case errs.Is(err, errs.Conflict) && errors.As(err, &e):
		v.Form["parcel"] = ""
		c.renderStage(w, r, s, v, http.StatusConflict, "parcel", capital(e.Message))
	default:
		c.internal(w, r, locale, err)
	}
}

// laneLabel is a scanned lane as the notice names it: LANE-X reads as X.
func laneLabel(scanned string) string {
	return strings.TrimPrefix(strings.ToUpper(scanned), "LANE-")
}
