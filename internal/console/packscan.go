package console

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/pack"
	"github.com/waybill/waybill/internal/people"
)

// packScan scans units into the parcel on the desk, as scan-pack-item
// does. A wrong item, an extra unit or a held parcel comes back at the
// item field (422) with nothing booked; a booked scan goes back to the
// station, which says the parcel the units went into.
func (c *Console) packScan(w http.ResponseWriter, r *http.Request, s people.Session) {
	locale := s.Person.Locale
	if !c.form(w, r, locale) {
		return
	}
	id, f := r.PathValue("id"), r.PostForm
	typed := map[string]string{"item": strings.TrimSpace(f.Get("item")), "quantity": strings.TrimSpace(f.Get("quantity"))}
	var bad errs.Fields
	in := pack.ItemScan{ScanID: scanID(f), Item: typed["item"], Quantity: packNumber(f, "quantity", locale, &bad)}
	if in.Item == "" {
		bad.Add("item", errs.CodeRequired, "%s", text(locale, "packscan.required.item"))
	}
	if in.Quantity < 0 || in.Quantity > 10_000 {
		bad.Add("quantity", errs.CodeOutOfRange, "%s", text(locale, "packscan.quantity_range"))
	}
	var err error
	if len(bad) > 0 {
		err = bad.Err() // nothing to ask the store: it would refuse the same
	} else {
		var res pack.ScanResult
		res, err = c.cfg.Packing.Scan(r.Context(), id, in)
		if err == nil {
			done(w, r, "/pack/"+id+"?parcel="+url.QueryEscape(res.Parcel), "pack_scanned")
			return
		}
	}
	typed["item"] = "" // the field waits for the next scan; the message names what was scanned
	c.packRefused(w, r, s, id, typed, err, nil)
}

// packClose closes the parcel on the desk in a carton at a weight, as
// close-parcel does: packed, the station goes on (or, the last one, back
// to the scan screen); held, the station shows why and asks to weigh it
// again. A carton that does not fit or a weight out of range comes back at
// its field.
func (c *Console) packClose(w http.ResponseWriter, r *http.Request, s people.Session) {
	locale := s.Person.Locale
	if !c.form(w, r, locale) {
		return
	}
	id, f := r.PathValue("id"), r.PostForm
	typed := map[string]string{"carton": strings.ToUpper(strings.TrimSpace(f.Get("carton"))), "weight_g": strings.TrimSpace(f.Get("weight_g"))}
	var bad errs.Fields
	in := pack.CloseParcel{ScanID: scanID(f), Carton: typed["carton"], WeightG: packNumber(f, "weight_g", locale, &bad)}
	if in.Carton == "" {
		bad.Add("carton", errs.CodeRequired, "%s", text(locale, "packscan.required.carton"))
	}
	if typed["weight_g"] == "" {
		bad.Add("weight_g", errs.CodeRequired, "%s", text(locale, "packscan.required.weight"))
	} else if in.WeightG < 1 || in.WeightG > 1_000_000 {
		bad.Add("weight_g", errs.CodeOutOfRange, "%s", text(locale, "packscan.weight_range"))
	}
	parcel, err := c.deskParcel(r, id, f.Get("parcel"))
	if err != nil {
		c.packRefused(w, r, s, id, typed, err, nil)
		return
	}
	if len(bad) > 0 {
		c.packRefused(w, r, s, id, typed, bad.Err(), nil)
		return
	}
	res, err := c.cfg.Packing.Close(r.Context(), parcel, in)
	switch {
	case err != nil:
		c.packRefused(w, r, s, id, typed, err, nil)
	case res.Done:
		done(w, r, "/pack", "pack_done")
	case res.Held: // the close form says why, in red, and asks to weigh again
		done(w, r, "/pack/"+id, "pack_held")
	default:
		done(w, r, "/pack/"+id, "pack_parcel_packed")
	}
}

// deskParcel checks that the parcel a form names is one of the
// fulfilment's: a form of another station's page must not act here.
func (c *Console) deskParcel(r *http.Request, fid, parcel string) (string, error) {
	st, err := c.cfg.Packing.Station(r.Context(), fid)
	if err != nil {
		return "", err
	}
	for _, p := range st.Parcels {
		if p.ID == parcel {
			return parcel, nil
		}
	}
	return "", errs.E(errs.Conflict, "that parcel is not on this station's desk any more: look at the parcels below")
}

// packNumber reads a whole number typed into a form; a blank field is 0
// (the store's default, or a problem the caller names), anything else not
// a number is a problem at the field, in the person's language.
func packNumber(form url.Values, name, locale string, bad *errs.Fields) int64 {
	raw := strings.TrimSpace(form.Get(name))
	if raw == "" {
		return 0
	}
	n, err := strconv.ParseInt(strings.TrimPrefix(raw, "+"), 10, 64)
	if err != nil {
		bad.Add(name, errs.CodeType, "%s", (view{Locale: locale}).Tf("packscan.not_number", errs.Clip(raw)))
		return 0
	}
	return n
}

// scanID is the form's key of one action, made when the form was shown;
// a form without one gets a fresh key.
func scanID(f url.Values) string {
	if id := strings.TrimSpace(f.Get("scan_id")); id != "" && len(id) <= 64 {
		return id
	}
	return newScanID()
}

// packRefused shows the station again after a refusal: field problems at
// their fields (422, renamed from the store's paths by rename), a state
// that forbids the action above the forms (409, 403), an unknown
// fulfilment 404.
func (c *Console) packRefused(w http.ResponseWriter, r *http.Request, s people.Session, id string, typed map[string]string,
	err error, rename map[string]string) {
	locale := s.Person.Locale
	var e *errs.Error
	switch {
	case errs.Is(err, errs.Invalid):
		problems, problem := map[string]string{}, ""
		for path, msg := range packFieldErrors(locale, err) {
			if to, ok := rename[path]; ok {
				path = to
			}
			if _, onForm := typed[path]; onForm {
				problems[path] = msg
			} else if problem == "" {
				problem = msg // a used scan key: said above the forms
			}
		}
		c.renderPackStation(w, r, s, http.StatusUnprocessableEntity, id, typed, problems, problem)
	case errs.Is(err, errs.NotFound):
		c.renderError(w, r, locale, http.StatusNotFound, text(locale, "packstation.not_found"))
	case (errs.Is(err, errs.Conflict) || errs.Is(err, errs.Forbidden)) && errors.As(err, &e):
		status := http.StatusConflict
		if errs.Is(err, errs.Forbidden) {
			status = http.StatusForbidden
		}
		c.renderPackStation(w, r, s, status, id, typed, nil, capital(e.Message))
	default:
		c.internal(w, r, locale, err)
	}
}

// packFieldErrors is a refusal by field: in English the store's words; in
// another language the problem's sentence with the store's words after it.
func packFieldErrors(locale string, err error) map[string]string {
	out := map[string]string{}
	for _, f := range errs.FieldsOf(err) {
		if _, seen := out[f.Path]; seen {
			continue
		}
		msg := capital(f.Message)
		if t := text(locale, "packscan.err."+f.Code); locale != "en" && t != "packscan.err."+f.Code && t != f.Message {
			msg = t + "（" + f.Message + "）"
		}
		out[f.Path] = msg
	}
	return out
}

var packScanMessages = map[string]map[string]string{
	"en": {
		"packscan.required.item":    "Scan the item's barcode, or type its SKU.",
		"packscan.required.carton":  "Scan the carton's code, or choose one.",
		"packscan.required.weight":  "Put the parcel on the scale and enter its weight in grams.",
		"packscan.quantity_range":   "Units must be 1 to 10000.",
		"packscan.not_number":       "“%s” is not a whole number.",
		"packscan.weight_range":     "The weight must be 1 to 1000000 grams.",
		"packscan.err.wrong_item":   "Wrong item",
		"packscan.err.extra_unit":   "Extra unit",
		"packscan.err.parcel_held":  "Parcel held",
		"packscan.err.hazmat_apart": "Hazardous goods ship apart",
		"packscan.err.empty_parcel": "Empty parcel",
		"packscan.err.not_single":   "Not a single unit",
		"packscan.err.not_plain":    "Not a plain carton",
		"packscan.err.too_heavy":    "Too heavy for this carton",
		"packscan.err.too_small":    "Too small",
		"packscan.err.out_of_stock": "Out of stock",
		"packscan.err.unknown":      "Unknown",
		"packscan.err.out_of_range": "Out of range",
		"done.pack_parcel_packed":   "Parcel packed. Scan the next item into a new parcel.",
	},
	"zh": {
		"packscan.required.item":    "请扫描商品条码，或输入 SKU。",
		"packscan.required.carton":  "请扫描纸箱编码，或从列表中选择。",
		"packscan.required.weight":  "请把包裹放到秤上，输入重量（克）。",
		"packscan.quantity_range":   "件数须为 1 到 10000。",
		"packscan.not_number":       "“%s”不是整数。",
		"packscan.weight_range":     "重量须为 1 到 1000000 克。",
		"packscan.err.wrong_item":   "商品不对",
		"packscan.err.extra_unit":   "多出的件数",
		"packscan.err.parcel_held":  "包裹已暂扣",
		"packscan.err.hazmat_apart": "危险品须单独发运",
		"packscan.err.empty_parcel": "包裹为空",
		"packscan.err.not_single":   "不是单件",
		"packscan.err.not_plain":    "不是素面纸箱",
		"packscan.err.too_heavy":    "超出此纸箱的承重",
		"packscan.err.too_small":    "纸箱太小",
		"packscan.err.out_of_stock": "纸箱缺货",
		"packscan.err.unknown":      "无法识别",
		"packscan.err.out_of_range": "超出范围",
		"done.pack_parcel_packed":   "包裹已封箱。请把下一件商品扫描到新包裹中。",
	},
}
