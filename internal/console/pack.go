package console

import (
	"cmp"
	"net/http"
	"slices"
	"strings"

	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/httpapi"
	"github.com/waybill/waybill/internal/people"
)

// The pack station (/pack) is the desk where picked totes are packed into
// parcels, made for a wide screen and for a 360 px handheld with a
// keyboard-wedge scanner alike: one field takes each scan and its Enter.
// Each form mirrors a pack operation (find, scan, close, accept, write
// off); a refusal comes back at its field with nothing booked.

// The operations the pack pages mirror.
const (
	opFindPackStation = "find-pack-station"
	opGetPackStation  = "get-pack-station"
	opScanPackItem    = "scan-pack-item"
	opCloseParcel     = "close-parcel"
	opAcceptParcel    = "accept-parcel-weight"
	opResolvePack     = "resolve-pack-problem"
)

// packWarehouseCookie remembers the warehouse a station last packed in: a
// tote's code is unique only within one warehouse, and people carry none.
const packWarehouseCookie = "waybill_pack_warehouse"

// packStartPage is the scan screen: the warehouse of the station and the
// one field for a tote, a fulfilment or an order number.
type packStartPage struct {
	Warehouse  string
	Warehouses []string
}

// packStart shows the scan screen (?warehouse=, else the one packed in
// last, else the first).
func (c *Console) packStart(w http.ResponseWriter, r *http.Request, s people.Session) {
	wh := strings.ToUpper(strings.TrimSpace(r.URL.Query().Get("warehouse")))
	if ck, err := r.Cookie(packWarehouseCookie); wh == "" && err == nil {
		wh = ck.Value
	}
	c.renderPackStart(w, r, s, http.StatusOK, wh, "", nil)
}

func (c *Console) renderPackStart(w http.ResponseWriter, r *http.Request, s people.Session, status int, warehouse, code string, problems map[string]string) {
	codes, err := c.warehouseCodes(r.Context())
	if err != nil {
		c.internal(w, r, s.Person.Locale, err)
		return
	}
	if !slices.Contains(codes, warehouse) && len(codes) > 0 {
		warehouse = codes[0]
	}
	v := c.personView(s, "pack.title")
	v.Form, v.Errors, v.Path = map[string]string{"code": code, "warehouse": warehouse}, problems, "/pack"
	v.Data = packStartPage{Warehouse: warehouse, Warehouses: codes}
	c.render(w, r, status, "pack", v)
}

// packFind opens the station on what was scanned, as find-pack-station
// does, remembers the warehouse and goes to the fulfilment's station. A
// code that names nothing to pack comes back at the field (422).
func (c *Console) packFind(w http.ResponseWriter, r *http.Request, s people.Session) {
	locale := s.Person.Locale
	if !c.form(w, r, locale) {
		return
	}
	wh := strings.ToUpper(strings.TrimSpace(r.PostForm.Get("warehouse")))
	code := strings.TrimSpace(r.PostForm.Get("code"))
	if len(wh) > 32 {
		c.renderPackStart(w, r, s, http.StatusUnprocessableEntity, "", code, map[string]string{"warehouse": text(locale, "pack.err.warehouse")})
		return
	}
	st, err := c.cfg.Packing.Find(r.Context(), wh, scannedID(code))
	switch {
	case err == nil:
		http.SetCookie(w, &http.Cookie{Name: packWarehouseCookie, Value: st.Warehouse, Path: "/pack", MaxAge: 400 * 24 * 3600,
			HttpOnly: true, Secure: httpapi.HTTPS(r), SameSite: http.SameSiteLaxMode})
		http.Redirect(w, r, "/pack/"+st.FulfilmentID, http.StatusSeeOther)
	case errs.Is(err, errs.Invalid):
		problems := map[string]string{}
		for _, f := range errs.FieldsOf(err) {
			switch f.Code {
			case errs.CodeRequired:
				problems["code"] = text(locale, "pack.err.code_required")
			case errs.CodeUnknown:
				problems["code"] = (view{Locale: locale}).Tf("pack.err.code_unknown", errs.Clip(code), cmp.Or(wh, "*"))
			default:
				problems["code"] = capital(f.Message)
			}
		}
		c.renderPackStart(w, r, s, http.StatusUnprocessableEntity, wh, code, problems)
	default:
		c.internal(w, r, locale, err)
	}
}

var packMessages = map[string]map[string]string{
	"en": {
		"nav.pack":               "Pack",
		"pack.title":             "Pack",
		"pack.warehouse":         "Warehouse",
		"pack.code":              "Scan a tote, a fulfilment or an order number",
		"pack.hint":              "The station opens on the order in that tote: its lines, its packing instructions and its parcels.",
		"pack.err.warehouse":     "Choose the station's warehouse.",
		"pack.err.code_required": "Scan a tote, a fulfilment or an order number.",
		"pack.err.code_unknown":  "%s names no tote, fulfilment or order waiting to be packed in %s.",
		"done.pack_done":         "Packed: every unit is in a packed parcel. Scan the next tote.",
	},
	"zh": {
		"nav.pack":               "打包",
		"pack.title":             "打包",
		"pack.warehouse":         "仓库",
		"pack.code":              "扫描周转箱、履约单号或订单号",
		"pack.hint":              "打包台将打开该周转箱中的订单：商品行、包装要求和包裹。",
		"pack.err.warehouse":     "请选择打包台所在的仓库。",
		"pack.err.code_required": "请扫描周转箱、履约单号或订单号。",
		"pack.err.code_unknown":  "%s 不是 %s 中等待打包的周转箱、履约单或订单。",
		"done.pack_done":         "已打包：所有商品都已装入已封箱的包裹。请扫描下一个周转箱。",
	},
}
