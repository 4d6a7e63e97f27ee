package console

import (
	"net/http"
	"slices"
	"strings"

	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/fulfilment"
	"github.com/waybill/waybill/internal/httpapi"
	"github.com/waybill/waybill/internal/people"
)

// The dispatch screens (/dispatch…) take a packed fulfilment to the
// carrier's driver, each mirroring a ship operation: book its shipment
// (and void it), stage its parcels in the carrier's lane, close the day's
// manifest and hand it over against the driver's scans. Like the pick
// screen they are made for a 360 px phone with a keyboard-wedge scanner:
// one scan field that has the focus, Enter sends it.

// The operations the dispatch screens mirror.
const (
	opBookShipment  = "book-shipment"
	opGetShipment   = "get-shipment"
	opPrintLabels   = "print-shipment-labels"
	opReturnLabel   = "book-return-label"
	opVoidShipment  = "void-shipment"
	opStageParcel   = "stage-parcel"
	opCloseManifest = "close-manifest"
	opGetManifest   = "get-manifest"
	opManifestPDF   = "get-manifest-pdf"
	opHandover      = "hand-over-manifest"
)

// dispatchWarehouseCookie remembers the warehouse a dock worker last chose,
// so the staging and manifest screens open on it.
const dispatchWarehouseCookie = "waybill_dispatch_warehouse"

// dispatchRoutes mounts the dispatch screens (called from routes).
func (c *Console) dispatchRoutes() {
	c.page("GET /dispatch", opBookShipment, c.dispatchStart)
	c.page("POST /dispatch/scan", opBookShipment, c.dispatchScan)
	c.page("GET /dispatch/stage", opStageParcel, c.stagePage)
	c.page("POST /dispatch/stage", opStageParcel, c.stageParcel)
	c.page("GET /dispatch/manifests", opCloseManifest, c.manifestsPage)
	c.page("POST /dispatch/manifests", opCloseManifest, c.closeManifest)
	c.page("GET /dispatch/manifests/{id}", opGetManifest, c.manifestPage)
	c.page("GET /dispatch/manifests/{id}/csv", opGetManifest, c.manifestCSV)
	c.page("GET /dispatch/manifests/{id}/pdf", opManifestPDF, c.manifestPDF)
	c.page("POST /dispatch/manifests/{id}/handover", opHandover, c.handover)
	c.page("GET /dispatch/fulfilments/{fid}", opGetShipment, c.shipmentPage)
	c.page("GET /dispatch/shipments/{id}/labels", opPrintLabels, c.shipmentLabels)
	c.page("POST /dispatch/shipments/{id}/return-label", opReturnLabel, c.returnLabel)
	c.page("POST /dispatch/fulfilments/{fid}/book", opBookShipment, c.bookShipment)
	c.page("GET /dispatch/fulfilments/{fid}/void", opVoidShipment, c.voidPage)
	c.page("POST /dispatch/fulfilments/{fid}/void", opVoidShipment, c.voidShipment)
}

// dispatchStart is the scan screen: a packed fulfilment's id or its
// order's number opens its shipment.
func (c *Console) dispatchStart(w http.ResponseWriter, r *http.Request, s people.Session) {
	c.renderDispatchStart(w, r, s, http.StatusOK, nil, nil)
}

func (c *Console) renderDispatchStart(w http.ResponseWriter, r *http.Request, s people.Session, status int, form, problems map[string]string) {
	v := c.personView(s, "dispatch.title")
	v.Form, v.Errors, v.Path = form, problems, "/dispatch"
	c.render(w, r, status, "dispatch", v)
}

// dispatchScan opens what the scanned code names: a fulfilment by its id,
// or an order by its number or id (its packed fulfilment, else one booked,
// else its first). A code that names nothing comes back at the field (422).
func (c *Console) dispatchScan(w http.ResponseWriter, r *http.Request, s people.Session) {
	locale := s.Person.Locale
	if !c.form(w, r, locale) {
		return
	}
	code := strings.TrimSpace(r.PostForm.Get("code"))
	problem := func(key string, args ...any) {
		c.renderDispatchStart(w, r, s, http.StatusUnprocessableEntity, map[string]string{"code": code},
			map[string]string{"code": (view{Locale: locale}).Tf(key, args...)})
	}
	if code == "" || len(code) > 100 {
		problem("dispatch.scan_empty")
		return
	}
	fid, number, err := c.scannedFulfilment(r.Context(), code, shippable)
	switch {
	case errs.Is(err, errs.NotFound) && number != "":
		problem("fulfilmentscan.not_released", number)
	case errs.Is(err, errs.NotFound):
		problem("dispatch.scan_unknown", errs.Clip(code))
	case err != nil:
		c.internal(w, r, locale, err)
	default:
		http.Redirect(w, r, "/dispatch/fulfilments/"+fid, http.StatusSeeOther)
	}
}

// shippable is the fulfilment of an order a dock worker most likely wants:
// packed (ready to book or booked), else shipped, else the first.
func shippable(fuls []fulfilment.Fulfilment) fulfilment.Fulfilment {
	for _, want := range []fulfilment.Status{fulfilment.Packed, fulfilment.Shipped} {
		if i := slices.IndexFunc(fuls, func(f fulfilment.Fulfilment) bool { return f.Status == want }); i >= 0 {
			return fuls[i]
		}
	}
	return fuls[0]
}

// dispatchWarehouse is the warehouse a dock screen opens on: the one asked
// for (?warehouse=), else the one chosen last, else the first there is.
func (c *Console) dispatchWarehouse(w http.ResponseWriter, r *http.Request) (string, []string, error) {
	codes, err := c.warehouseCodes(r.Context())
	if err != nil {
		return "", nil, err
	}
	wh := strings.ToUpper(strings.TrimSpace(r.URL.Query().Get("warehouse")))
	if wh == "" {
		if ck, err := r.Cookie(dispatchWarehouseCookie); err == nil {
			wh = ck.Value
		}
	}
	if !slices.Contains(codes, wh) {
		wh = ""
		if len(codes) > 0 {
			wh = codes[0]
		}
	}
	if wh != "" {
		http.SetCookie(w, &http.Cookie{Name: dispatchWarehouseCookie, Value: wh, Path: "/dispatch", MaxAge: 400 * 24 * 3600,
			HttpOnly: true, Secure: httpapi.HTTPS(r), SameSite: http.SameSiteLaxMode})
	}
	return wh, codes, nil
}
