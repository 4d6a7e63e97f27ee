package console

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"

	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/people"
	"github.com/waybill/waybill/internal/warehouse"
)

// maxLayoutForm caps the layout form: a layout of a few thousand bins.
const maxLayoutForm = 8 << 20

// putLayout replaces the layout with the JSON typed, as put-warehouse-layout
// does; a refusal shows every problem at the field, the text kept.
func (c *Console) putLayout(w http.ResponseWriter, r *http.Request, s people.Session) {
	v := c.pageView(s, "layout.title")
	r.Body = http.MaxBytesReader(w, r.Body, maxLayoutForm)
	if err := r.ParseForm(); err != nil {
		c.renderError(w, r, v.Locale, http.StatusBadRequest, text(v.Locale, "error.bad_request"))
		return
	}
	code := r.PathValue("code")
	typed := r.PostForm.Get("layout")
	v.Form = map[string]string{"layout": typed}
	var in warehouse.Layout
	dec := json.NewDecoder(strings.NewReader(typed))
	dec.DisallowUnknownFields()
	err := dec.Decode(&in)
	if err != nil {
		err = (errs.Fields{{Path: "layout", Code: errs.CodeFormat,
			Message: fmt.Sprintf(text(v.Locale, "layout.not_json"), errs.Clip(err.Error()))}}).Err()
	} else {
		_, err = c.cfg.Warehouses.PutLayout(r.Context(), code, in)
	}
	if err == nil {
		done(w, r, "/warehouses/"+code+"/layout", "layout.saved")
		return
	}
	if !errs.Is(err, errs.Invalid) {
		c.refused(w, r, "layout_page", v, err)
		return
	}
	data := layoutPage{Code: strings.ToUpper(code)}
	if l, lerr := c.cfg.Warehouses.Layout(r.Context(), code); lerr == nil {
		data.Stored = true
		data.setTables(l)
	} else if errs.Is(lerr, errs.NotFound) {
		if _, gerr := c.cfg.Warehouses.Get(r.Context(), code); gerr != nil {
			c.refused(w, r, "layout_page", v, gerr)
			return
		}
	}
	v.Errors = map[string]string{}
	for _, f := range errs.FieldsOf(err) {
		if f.Path == "layout" { // the text is not JSON: nothing else to say
			v.Errors["layout"] = f.Message
			continue
		}
		data.Problems = append(data.Problems, f.Path+": "+f.Message)
	}
	if len(data.Problems) > 0 {
		v.Errors["layout"] = fmt.Sprintf(text(v.Locale, "layout.problems"), len(data.Problems))
	}
	v.Data = data
	c.render(w, r, http.StatusUnprocessableEntity, "layout_page", v)
}
