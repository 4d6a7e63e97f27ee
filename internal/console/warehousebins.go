package console

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/people"
	"github.com/waybill/waybill/internal/warehouse"
)

// binFields are the bin form's fields, named as the API's.
var binFields = []string{"x", "y", "active"}

// addBins adds the bins typed one per line ("A-01-03-2 4.5 12": code,
// then x and y in metres) as add-bins does: all or none.
func (c *Console) addBins(w http.ResponseWriter, r *http.Request, s people.Session) {
	v := c.pageView(s, "warehouses.edit_title")
	if !c.form(w, r, v.Locale) {
		return
	}
	v.Form = map[string]string{"bins": strings.TrimSpace(r.PostForm.Get("bins"))}
	var bad errs.Fields
	var in []warehouse.BinInput
	for i, line := range strings.Split(v.Form["bins"], "\n") {
		parts := strings.Fields(line)
		if len(parts) == 0 {
			continue
		}
		b := warehouse.BinInput{Code: parts[0]}
		var xerr, yerr error
		if len(parts) == 3 {
			b.X, xerr = strconv.ParseFloat(parts[1], 64)
			b.Y, yerr = strconv.ParseFloat(parts[2], 64)
		}
		if len(parts) != 3 || xerr != nil || yerr != nil {
			bad.Add("bins", errs.CodeFormat, "%s", fmt.Sprintf(text(v.Locale, "warehouses.bin_line"), i+1))
		}
		in = append(in, b)
	}
	if len(in) == 0 {
		bad.Add("bins", errs.CodeRequired, "%s", text(v.Locale, "warehouses.bins_none"))
	}
	err := bad.Err()
	if err == nil {
		_, err = c.cfg.Warehouses.AddBins(r.Context(), r.PathValue("code"), in)
	}
	if err != nil {
		c.warehouseAnswer(w, r, v, err)
		return
	}
	done(w, r, "/warehouses/"+r.PathValue("code"), "warehouses.bins_added")
}

// binPage is one bin and its warehouse's code.
type binPage struct {
	Warehouse string
	Bin       warehouse.Bin
}

// bin shows one bin with the form update-bin takes: where it is, and
// whether it takes stock.
func (c *Console) bin(w http.ResponseWriter, r *http.Request, s people.Session) {
	v := c.pageView(s, "warehouses.bin_title")
	b, err := c.findBin(r)
	if err != nil {
		c.refused(w, r, "bin", v, err)
		return
	}
	v.Form = map[string]string{"x": metres(b.X), "y": metres(b.Y)}
	if b.Active {
		v.Form["active"] = "on"
	}
	v.Data = binPage{Warehouse: r.PathValue("code"), Bin: b}
	c.render(w, r, http.StatusOK, "bin", v)
}

// updateBin moves or (de)activates the bin as update-bin does.
func (c *Console) updateBin(w http.ResponseWriter, r *http.Request, s people.Session) {
	v := c.pageView(s, "warehouses.bin_title")
	if !c.form(w, r, v.Locale) {
		return
	}
	v.Form = typed(r, binFields...)
	b, err := c.findBin(r)
	if err != nil {
		c.refused(w, r, "bin", v, err)
		return
	}
	v.Data = binPage{Warehouse: r.PathValue("code"), Bin: b}
	var bad errs.Fields
	active := v.Form["active"] != ""
	p := warehouse.BinPatch{X: formDecimal(&bad, v.Locale, v.Form, "x"), Y: formDecimal(&bad, v.Locale, v.Form, "y"), Active: &active}
	err = bad.Err()
	if err == nil {
		_, err = c.cfg.Warehouses.UpdateBin(r.Context(), r.PathValue("code"), r.PathValue("bin"), p)
	}
	if err != nil {
		c.refused(w, r, "bin", v, err, binFields...)
		return
	}
	done(w, r, "/warehouses/"+r.PathValue("code"), "warehouses.bin_updated")
}

// findBin finds the bin the path names, NotFound when there is none.
func (c *Console) findBin(r *http.Request) (warehouse.Bin, error) {
	code, err := warehouse.ParseBinCode(r.PathValue("bin"))
	if err != nil {
		return warehouse.Bin{}, errs.E(errs.NotFound, "no bin %s", errs.Clip(r.PathValue("bin")))
	}
	// Bins lists by code after a cursor: start just before this code (its
	// prefix sorts first), so only a few of the zone's bins are read.
	canonical := code.String()
	bins, err := c.cfg.Warehouses.Bins(r.Context(), r.PathValue("code"), warehouse.BinFilter{Zone: code.Zone,
		After: canonical[:len(canonical)-1], Limit: 1000})
	if err != nil {
		return warehouse.Bin{}, err
	}
	for _, b := range bins {
		if b.Code == canonical {
			return b, nil
		}
	}
	return warehouse.Bin{}, errs.E(errs.NotFound, "no bin %s", code)
}

// formDecimal reads the number typed in field name; blank is a problem.
func formDecimal(f *errs.Fields, locale string, form map[string]string, name string) *float64 {
	n, err := strconv.ParseFloat(form[name], 64)
	if err != nil {
		f.Add(name, errs.CodeType, "%s", text(locale, "warehouses.not_a_decimal"))
		return nil
	}
	return &n
}
