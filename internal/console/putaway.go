package console

import (
	"errors"
	"net/http"
	"strings"

	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/people"
	"github.com/waybill/waybill/internal/pick"
)

// putAwaysPage is the put-away tasks of a warehouse (or all), open ones
// first, each open one with a field for the bin the units go into.
type putAwaysPage struct {
	Warehouse  string
	Warehouses []string
	Tasks      []pick.PutAwayTask
	Problem    string
}

// putAways lists put-aways as list-putaways does: picked units of
// cancelled orders to take from their tote back to a bin.
func (c *Console) putAways(w http.ResponseWriter, r *http.Request, s people.Session) {
	c.renderPutAways(w, r, s, http.StatusOK, nil, nil, "")
}

// completePutAway books a put-away into the scanned bin, as
// complete-putaway does; a bin the warehouse lacks comes back at the
// task's field (422).
func (c *Console) completePutAway(w http.ResponseWriter, r *http.Request, s people.Session) {
	locale := s.Person.Locale
	if !c.form(w, r, locale) {
		return
	}
	id := r.PathValue("id")
	field := "bin-" + id
	bin := strings.TrimSpace(r.PostForm.Get(field))
	if bin == "" {
		c.renderPutAways(w, r, s, http.StatusUnprocessableEntity, map[string]string{field: bin},
			map[string]string{field: text(locale, "pickscan.required.bin")}, "")
		return
	}
	_, err := c.cfg.Floor.PutAway(r.Context(), id, pick.PutAwayScan{Bin: bin})
	var e *errs.Error
	switch {
	case err == nil:
		done(w, r, stockFilter{Warehouse: r.URL.Query().Get("warehouse")}.Link("/putaways"), "putaway_done")
	case errs.Is(err, errs.Invalid):
		c.renderPutAways(w, r, s, http.StatusUnprocessableEntity, map[string]string{field: bin},
			map[string]string{field: pickFieldErrors(locale, err)["bin"]}, "")
	case errs.Is(err, errs.Conflict) && errors.As(err, &e):
		c.renderPutAways(w, r, s, http.StatusConflict, nil, nil, e.Message)
	case errs.Is(err, errs.NotFound):
		c.renderError(w, r, locale, http.StatusNotFound, text(locale, "putaways.not_found"))
	default:
		c.internal(w, r, locale, err)
	}
}

func (c *Console) renderPutAways(w http.ResponseWriter, r *http.Request, s people.Session, status int, typed, problems map[string]string, problem string) {
	locale := s.Person.Locale
	data := putAwaysPage{Warehouse: strings.ToUpper(strings.TrimSpace(r.URL.Query().Get("warehouse"))), Problem: problem}
	var err error
	if data.Warehouses, err = c.warehouseCodes(r.Context()); err != nil {
		c.internal(w, r, locale, err)
		return
	}
	if data.Tasks, err = c.cfg.Floor.PutAways(r.Context(), data.Warehouse, c.cfg.PageSize*10); err != nil {
		c.internal(w, r, locale, err)
		return
	}
	v := c.personView(s, "putaways.title")
	v.Form, v.Errors, v.Data = typed, problems, data
	v.Path = stockFilter{Warehouse: data.Warehouse}.Link("/putaways") // where the language switch returns after a post
	c.render(w, r, status, "putaways", v)
}

var putAwayMessages = map[string]map[string]string{
	"en": {
		"nav.putaways":        "Put-aways",
		"putaways.title":      "Put-aways",
		"putaways.warehouse":  "Warehouse",
		"putaways.all":        "All warehouses",
		"putaways.show":       "Show",
		"putaways.none":       "Nothing to put away.",
		"putaways.what":       "%d × %s",
		"putaways.from_tote":  "From tote",
		"putaways.suggested":  "Picked from bin",
		"putaways.fulfilment": "Fulfilment",
		"putaways.scan":       "Scan the bin they go into",
		"putaways.done_into":  "Put into %s",
		"putaways.not_found":  "There is no put-away with this id.",
		"done.putaway_done":   "Put away: the units are on hand in that bin again.",
	},
	"zh": {
		"nav.putaways":        "上架",
		"putaways.title":      "退回上架",
		"putaways.warehouse":  "仓库",
		"putaways.all":        "全部仓库",
		"putaways.show":       "查看",
		"putaways.none":       "没有待上架的商品。",
		"putaways.what":       "%d × %s",
		"putaways.from_tote":  "来自周转箱",
		"putaways.suggested":  "原拣货库位",
		"putaways.fulfilment": "履约单",
		"putaways.scan":       "扫描放入的库位",
		"putaways.done_into":  "已放入 %s",
		"putaways.not_found":  "没有此编号的上架任务。",
		"done.putaway_done":   "已上架：这些商品已回到该库位的在库数量中。",
	},
}
