package console

import (
	"math"
	"net/http"
	"strconv"

	"github.com/waybill/waybill/internal/httpapi"
	"github.com/waybill/waybill/internal/people"
	"github.com/waybill/waybill/internal/warehouse"
)

// warehouseFields are the edit form's fields, named as the API's.
var warehouseFields = []string{"name", "cutoff_time", "timezone", "categories", "active"}

// binRow is one line of the bins table.
type binRow struct {
	Code, X, Y string
	Active     bool
}

// metres writes a position as people read it, to the millimetre.
func metres(m float64) string { return strconv.FormatFloat(math.Round(m*1000)/1000, 'f', -1, 64) }

// warehousePage is a warehouse, a page of its bins and its forms.
type warehousePage struct {
	Warehouse  warehouse.Warehouse
	Bins       []binRow
	NextCursor string
	Paged      bool
}

// warehouseDetail shows a warehouse with its bins by code, as list-bins
// lists them, and the forms for update-warehouse and add-bins.
func (c *Console) warehouseDetail(w http.ResponseWriter, r *http.Request, s people.Session) {
	c.warehouseAnswer(w, r, c.pageView(s, "warehouses.edit_title"), nil)
}

// updateWarehouse changes the warehouse as update-warehouse does; the
// store validates the result as a whole.
func (c *Console) updateWarehouse(w http.ResponseWriter, r *http.Request, s people.Session) {
	v := c.pageView(s, "warehouses.edit_title")
	if !c.form(w, r, v.Locale) {
		return
	}
	v.Form = typed(r, warehouseFields...)
	active := v.Form["active"] != ""
	categories := list(v.Form["categories"])
	code := r.PathValue("code")
	_, err := c.cfg.Warehouses.Update(r.Context(), code, warehouse.Patch{Name: ptr(v.Form["name"]),
		CutoffTime: ptr(v.Form["cutoff_time"]), Timezone: ptr(v.Form["timezone"]), Categories: &categories, Active: &active})
	if err != nil {
		c.warehouseAnswer(w, r, v, err)
		return
	}
	done(w, r, "/warehouses/"+code, "warehouses.updated")
}

// warehouseAnswer renders the warehouse page, with a form's problems
// when err is not nil; an unknown warehouse is 404.
func (c *Console) warehouseAnswer(w http.ResponseWriter, r *http.Request, v view, err error) {
	after, ok := c.cursor(w, r, v.Locale, "warehouses.cursor_invalid")
	if !ok {
		return
	}
	code := r.PathValue("code")
	x, gerr := c.cfg.Warehouses.Get(r.Context(), code)
	if gerr != nil {
		c.refused(w, r, "warehouse", v, gerr)
		return
	}
	bins, berr := c.cfg.Warehouses.Bins(r.Context(), code, warehouse.BinFilter{After: after, Limit: c.cfg.PageSize + 1})
	if berr != nil {
		c.internal(w, r, v.Locale, berr)
		return
	}
	page := httpapi.NewPage(bins, c.cfg.PageSize, func(b warehouse.Bin) string { return b.Code })
	data := warehousePage{Warehouse: x, NextCursor: page.NextCursor, Paged: after != ""}
	for _, b := range page.Items {
		data.Bins = append(data.Bins, binRow{Code: b.Code, X: metres(b.X), Y: metres(b.Y), Active: b.Active})
	}
	v.Data = data
	if _, typed := v.Form["name"]; !typed { // not the edit form posted: show the stored values
		if v.Form == nil {
			v.Form = map[string]string{}
		}
		v.Form["name"], v.Form["cutoff_time"], v.Form["timezone"] = x.Name, x.CutoffTime, x.Timezone
		v.Form["categories"] = joinList(x.Categories)
		if x.Active {
			v.Form["active"] = "on"
		}
	}
	if err != nil {
		c.refused(w, r, "warehouse", v, err, append(warehouseFields, "bins")...)
		return
	}
	c.render(w, r, http.StatusOK, "warehouse", v)
}
