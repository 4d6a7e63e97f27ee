package console

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/people"
	"github.com/waybill/waybill/internal/ship"
)

// manifestsScreen is the end of the day at a warehouse: each carrier's
// lane with a button to close its manifest, and the latest manifests.
type manifestsScreen struct {
	Warehouse  string
	Warehouses []string
	Lanes      []ship.Lane
	Manifests  []ship.ManifestSummary
	Problem    string
}

// manifestScreen is one manifest: its parcels, the CSV, the handover form
// and, after a handover, what the driver's scans showed.
type manifestScreen struct {
	Manifest  ship.ManifestOut
	LeftOff   int // shipments left off when it closed (not fully staged)
	Report    *ship.HandoverReport
	Open      bool // not handed over yet: the handover form shows
	Remaining int  // parcels not handed over yet
	Problem   string
}

// maxHandoverScans is what one handover takes, as hand-over-manifest does.
const maxHandoverScans = 5000

// manifestsPage shows the warehouse's lanes and manifests.
func (c *Console) manifestsPage(w http.ResponseWriter, r *http.Request, s people.Session) {
	c.renderManifests(w, r, s, http.StatusOK, "")
}

func (c *Console) renderManifests(w http.ResponseWriter, r *http.Request, s people.Session, status int, problem string) {
	locale := s.Person.Locale
	wh, codes, err := c.dispatchWarehouse(w, r)
	if err != nil {
		c.internal(w, r, locale, err)
		return
	}
	data := manifestsScreen{Warehouse: wh, Warehouses: codes, Problem: problem}
	if wh != "" {
		if data.Lanes, err = c.cfg.Shipping.Dock(r.Context(), wh); err == nil {
			data.Manifests, err = c.cfg.Shipping.Manifests(r.Context(), wh, 20)
		}
		if err != nil {
			c.internal(w, r, locale, err)
			return
		}
	}
	v := c.personView(s, "dispatch.manifests_title")
	v.Path, v.Data = "/dispatch/manifests?warehouse="+url.QueryEscape(wh), data
	c.render(w, r, status, "dispatchmanifests", v)
}

// closeManifest closes a carrier's day at the warehouse (close-manifest)
// and opens the manifest, saying how many shipments were left off.
func (c *Console) closeManifest(w http.ResponseWriter, r *http.Request, s people.Session) {
	locale := s.Person.Locale
	if !c.form(w, r, locale) {
		return
	}
	in := ship.ManifestIn{Warehouse: strings.TrimSpace(r.PostForm.Get("warehouse")), Carrier: strings.TrimSpace(r.PostForm.Get("carrier"))}
	if in.Warehouse == "" || in.Carrier == "" || len(in.Warehouse) > 32 || len(in.Carrier) > 64 {
		c.renderError(w, r, locale, http.StatusBadRequest, text(locale, "error.bad_request"))
		return
	}
	m, err := c.cfg.Shipping.CloseManifest(r.Context(), in)
	var e *errs.Error
	switch {
	case err == nil:
		done(w, r, "/dispatch/manifests/"+m.ID+"?left="+strconv.Itoa(m.NotStaged), "manifest_closed")
	case (errs.Is(err, errs.Conflict) || errs.Is(err, errs.NotFound) || errs.Is(err, errs.Unavailable)) && errors.As(err, &e):
		status := http.StatusConflict
		if errs.Is(err, errs.Unavailable) {
			status = http.StatusServiceUnavailable
		}
		c.renderManifests(w, r, s, status, capital(e.Message))
	default:
		c.internal(w, r, locale, err)
	}
}

// manifestPage shows a manifest and its handover form.
func (c *Console) manifestPage(w http.ResponseWriter, r *http.Request, s people.Session) {
	left, _ := strconv.Atoi(r.URL.Query().Get("left"))
	c.renderManifest(w, r, s, http.StatusOK, manifestScreen{LeftOff: max(left, 0)}, nil)
}

func (c *Console) renderManifest(w http.ResponseWriter, r *http.Request, s people.Session, status int, data manifestScreen, problems map[string]string) {
	locale := s.Person.Locale
	id := r.PathValue("id")
	m, err := c.cfg.Shipping.Manifest(r.Context(), id)
	if data.Report != nil {
		m, err = data.Report.Manifest, nil
	}
	if errs.Is(err, errs.NotFound) {
		c.renderError(w, r, locale, http.StatusNotFound, text(locale, "dispatch.no_manifest"))
		return
	}
	if err != nil {
		c.internal(w, r, locale, err)
		return
	}
	data.Manifest, data.Open = m, m.Status != "handed_over"
	for _, p := range m.Parcels {
		if p.HandedOverAt == nil {
			data.Remaining++
		}
	}
	v := c.personView(s, "dispatch.manifest_title")
	v.Title = v.Tf("dispatch.manifest_title", m.Carrier, m.ShipDate)
	v.Errors, v.Path, v.Data = problems, "/dispatch/manifests/"+m.ID, data
	c.render(w, r, status, "dispatchmanifest", v)
}

// manifestCSV downloads the manifest as CSV (get-manifest-csv's file),
// for a person signed in to the console rather than holding an API key.
func (c *Console) manifestCSV(w http.ResponseWriter, r *http.Request, s people.Session) {
	locale := s.Person.Locale
	b, err := c.cfg.Shipping.ManifestCSV(r.Context(), r.PathValue("id"))
	if errs.Is(err, errs.NotFound) {
		c.renderError(w, r, locale, http.StatusNotFound, text(locale, "dispatch.no_manifest"))
		return
	}
	if err != nil {
		c.internal(w, r, locale, err)
		return
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="manifest-`+r.PathValue("id")+`.csv"`)
	_, _ = w.Write(b)
}

// manifestPDF prints the manifest for the driver to sign, as
// get-manifest-pdf does: a stored parcel that cannot print is named.
func (c *Console) manifestPDF(w http.ResponseWriter, r *http.Request, s people.Session) {
	locale := s.Person.Locale
	b, err := c.cfg.Shipping.ManifestPDF(r.Context(), r.PathValue("id"))
	switch {
	case errs.Is(err, errs.NotFound):
		c.renderError(w, r, locale, http.StatusNotFound, text(locale, "dispatch.no_manifest"))
		return
	case errs.Is(err, errs.Invalid):
		c.renderError(w, r, locale, http.StatusUnprocessableEntity, err.Error())
		return
	case err != nil:
		c.internal(w, r, locale, err)
		return
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", `inline; filename="manifest-`+r.PathValue("id")+`.pdf"`)
	_, _ = w.Write(b)
}

// handover checks the driver's scans against the manifest
// (hand-over-manifest) and shows what they showed: handed over, missing
// (still here) and extra (to take back).
func (c *Console) handover(w http.ResponseWriter, r *http.Request, s people.Session) {
	locale := s.Person.Locale
	// A day's scans outgrow the console's usual form limit: 5000 codes of
	// up to 64 characters and their line ends.
	r.Body = http.MaxBytesReader(w, r.Body, maxHandoverScans*(maxScan+2))
	if err := r.ParseForm(); err != nil {
		c.renderError(w, r, locale, http.StatusBadRequest, text(locale, "error.bad_request"))
		return
	}
	scans, problem := driverScans(r.PostForm.Get("scans"))
	if problem != "" {
		c.renderManifest(w, r, s, http.StatusUnprocessableEntity, manifestScreen{}, map[string]string{"scans": text(locale, problem)})
		return
	}
	rep, err := c.cfg.Shipping.Handover(r.Context(), r.PathValue("id"), ship.HandoverIn{Scans: scans})
	var e *errs.Error
	switch {
	case err == nil:
		c.renderManifest(w, r, s, http.StatusOK, manifestScreen{Report: &rep}, nil)
	case errs.Is(err, errs.Invalid):
		c.renderManifest(w, r, s, http.StatusUnprocessableEntity, manifestScreen{}, dispatchFieldErrors(locale, err))
	case errs.Is(err, errs.Conflict) && errors.As(err, &e):
		c.renderManifest(w, r, s, http.StatusConflict, manifestScreen{Problem: capital(e.Message)}, nil)
	case errs.Is(err, errs.NotFound):
		c.renderError(w, r, locale, http.StatusNotFound, text(locale, "dispatch.no_manifest"))
	default:
		c.internal(w, r, locale, err)
	}
}

// driverScans splits what the driver's scanner typed (a code and Enter
// each, or pasted with spaces or commas) into codes, or names the problem.
func driverScans(typed string) ([]string, string) {
	codes := strings.FieldsFunc(typed, func(r rune) bool {
		return r == '\n' || r == '\r' || r == ' ' || r == '\t' || r == ','
	})
	switch {
	case len(codes) == 0:
		return nil, "dispatch.scans_required"
	case len(codes) > maxHandoverScans:
		return nil, "dispatch.scans_too_many"
	}
	for _, code := range codes {
		if len(code) > maxScan {
			return nil, "dispatch.scan_long"
		}
	}
	return codes, ""
}

// shipmentLabels prints a shipment's labels as print-shipment-labels does:
// a parcel's 4x6 PDF, or every parcel's ZPL for a thermal printer.
func (c *Console) shipmentLabels(w http.ResponseWriter, r *http.Request, s people.Session) {
	locale := s.Person.Locale
	format, parcel := r.URL.Query().Get("format"), 1
	if format == ship.FormatZPL {
		parcel = 0
	}
	if n, err := strconv.Atoi(r.URL.Query().Get("parcel")); err == nil {
		parcel = n
	}
	b, ct, err := c.cfg.Shipping.Labels(r.Context(), r.PathValue("id"), format, parcel)
	switch {
	case errs.Is(err, errs.NotFound):
		c.renderError(w, r, locale, http.StatusNotFound, text(locale, "dispatch.no_shipment"))
		return
	case errs.Is(err, errs.Invalid), errs.Is(err, errs.Conflict):
		c.renderError(w, r, locale, http.StatusUnprocessableEntity, err.Error())
		return
	case err != nil:
		c.internal(w, r, locale, err)
		return
	}
	w.Header().Set("Content-Type", ct)
	w.Header().Set("Content-Disposition", `inline; filename="labels-`+r.PathValue("id")+"."+format+`"`)
	_, _ = w.Write(b)
}
