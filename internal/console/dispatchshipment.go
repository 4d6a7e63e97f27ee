package console

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/fulfilment"
	"github.com/waybill/waybill/internal/money"
	"github.com/waybill/waybill/internal/people"
	"github.com/waybill/waybill/internal/ship"
	"github.com/waybill/waybill/internal/ship/rate"
)

// shipmentPage is a fulfilment at dispatch: its shipment when booked (the
// choice, the other services and the refusals, the parcels with their
// tracking numbers), else the button that books it.
type shipmentPage struct {
	Fulfilment  fulfilment.Fulfilment
	OrderNumber string
	Shipment    *ship.Shipment
	Price       string
	Chosen      *serviceRow
	Options     []serviceRow // the chosen service first, then the alternatives
	Refused     []rate.Refusal
	Bookable    bool   // packed and not booked: the book button shows
	Lane        string // the label of the lane its parcels go to
	Problem     string
}

// serviceRow is one offered service as the page shows it.
type serviceRow struct {
	Value                         string // carrier:service, what the book form posts
	Carrier, Service, Name        string
	Price, ShipDate, DeliveryDate string
	Reason, Note                  string
	OnTime, Chosen, OverShare     bool
	Plain                         bool // the reason says it all: no note under it
}

// shipmentPage shows a fulfilment's shipment, or offers to book it.
func (c *Console) shipmentPage(w http.ResponseWriter, r *http.Request, s people.Session) {
	c.renderShipment(w, r, s, http.StatusOK, r.PathValue("fid"), nil, "")
}

func (c *Console) renderShipment(w http.ResponseWriter, r *http.Request, s people.Session, status int, fid string,
	problems map[string]string, problem string) {
	locale := s.Person.Locale
	f, err := c.cfg.Fulfilments.Get(r.Context(), fid)
	if errs.Is(err, errs.NotFound) {
		c.renderError(w, r, locale, http.StatusNotFound, text(locale, "dispatch.no_fulfilment"))
		return
	}
	if err != nil {
		c.internal(w, r, locale, err)
		return
	}
	data := shipmentPage{Fulfilment: f, Problem: problem}
	if o, err := c.cfg.Orders.Get(r.Context(), f.OrderID); err == nil {
		data.OrderNumber = o.Number
	}
	sh, err := c.cfg.Shipping.OfFulfilment(r.Context(), fid)
	switch {
	case err == nil:
		data.Shipment = &sh
		data.Price = money.Format(sh.PriceMinor, sh.Currency)
		data.Lane = "LANE-" + strings.ToUpper(sh.Carrier)
		data.Options, data.Refused = serviceRows(locale, sh), sh.Choice.Refused
		for i := range data.Options {
			if data.Options[i].Chosen {
				data.Chosen = &data.Options[i]
			}
		}
	case errs.Is(err, errs.NotFound):
		data.Bookable = f.Status == fulfilment.Packed
	default:
		c.internal(w, r, locale, err)
		return
	}
	for field, msg := range problems {
		if field != "service" || !data.Bookable { // else it shows at the book button
			data.Problem = msg
		}
	}
	v := c.personView(s, "dispatch.shipment_title")
	v.Title = fmt.Sprintf(v.Title, orDash(data.OrderNumber))
	v.Errors, v.Path, v.Data = problems, "/dispatch/fulfilments/"+fid, data
	c.render(w, r, status, "dispatchshipment", v)
}

// serviceRows lists the services offered for a shipment, the one booked
// first, each with why it was or was not chosen in the person's language.
func serviceRows(locale string, sh ship.Shipment) []serviceRow {
	var opts []rate.Option
	if sh.Choice.Chosen != nil {
		opts = append(opts, *sh.Choice.Chosen)
	}
	opts = append(opts, sh.Choice.Alternatives...)
	rows := make([]serviceRow, 0, len(opts))
	for _, o := range opts {
		rows = append(rows, serviceRow{Value: o.Carrier + ":" + o.Service, Carrier: o.Carrier, Service: o.Service, Name: o.Name,
			Price: money.Format(o.Total, o.Currency), ShipDate: o.ShipDate.String(), DeliveryDate: o.DeliveryDate.String(),
			Reason: word(locale, "dispatch.reason.", o.Reason), Note: o.Note, Plain: o.Reason == rate.ChosenCheapestOnTime, OnTime: o.OnTime, OverShare: o.OverShare,
			Chosen: o.Carrier == sh.Carrier && o.Service == sh.Service})
	}
	return rows
}

// bookShipment books the fulfilment (book-shipment): the rate shopping's
// choice, or the service posted, one of the alternatives. Choosing another
// service for a fulfilment already booked voids its labels first (as
// void-shipment does), then books that service. A refusal shows on the
// page with nothing booked.
func (c *Console) bookShipment(w http.ResponseWriter, r *http.Request, s people.Session) {
	locale := s.Person.Locale
	if !c.form(w, r, locale) {
		return
	}
	fid := r.PathValue("fid")
	service := strings.TrimSpace(r.PostForm.Get("service"))
	if len(service) > 80 {
		c.renderShipment(w, r, s, http.StatusUnprocessableEntity, fid, map[string]string{"service": text(locale, "dispatch.service_long")}, "")
		return
	}
	if service != "" {
		if sh, err := c.cfg.Shipping.OfFulfilment(r.Context(), fid); err == nil {
			if sh.Carrier+":"+sh.Service == service {
				done(w, r, "/dispatch/fulfilments/"+fid, "shipment_booked")
				return
			}
			if _, err := c.cfg.Shipping.Void(r.Context(), sh.ID); err != nil {
				c.shipmentRefused(w, r, s, fid, err)
				return
			}
		}
	}
	if _, err := c.cfg.Shipping.Book(r.Context(), fid, ship.BookRequest{Service: service}); err != nil {
		c.shipmentRefused(w, r, s, fid, err)
		return
	}
	done(w, r, "/dispatch/fulfilments/"+fid, "shipment_booked")
}

// returnLabel books the shipment's return label (book-return-label; asking
// again is the same one) and prints it: a 4x6 PDF of the first parcel, or
// every parcel's ZPL. A refusal shows on the shipment page.
func (c *Console) returnLabel(w http.ResponseWriter, r *http.Request, s people.Session) {
	locale := s.Person.Locale
	if !c.form(w, r, locale) {
		return
	}
	id, format, parcel := r.PathValue("id"), r.PostForm.Get("format"), 1
	if format == ship.FormatZPL {
		parcel = 0
	}
	sh, err := c.cfg.Shipping.Shipment(r.Context(), id)
	if errs.Is(err, errs.NotFound) {
		c.renderError(w, r, locale, http.StatusNotFound, text(locale, "dispatch.no_shipment"))
		return
	}
	var b []byte
	var ct string
	if err == nil {
		if _, err = c.cfg.Shipping.ReturnLabel(r.Context(), id, ship.ReturnRequest{}); err == nil {
			b, ct, err = c.cfg.Shipping.ReturnLabels(r.Context(), id, format, parcel)
		}
	}
	if err != nil {
		c.shipmentRefused(w, r, s, sh.FulfilmentID, err)
		return
	}
	w.Header().Set("Content-Type", ct)
	w.Header().Set("Content-Disposition", `inline; filename="return-labels-`+id+"."+format+`"`)
	_, _ = w.Write(b)
}

// shipmentRefused shows the shipment page again with why the store
// refused: a field (422), a conflict (409) or a carrier out of reach (503).
func (c *Console) shipmentRefused(w http.ResponseWriter, r *http.Request, s people.Session, fid string, err error) {
	locale := s.Person.Locale
	var e *errs.Error
	switch {
	case errs.Is(err, errs.NotFound):
		c.renderError(w, r, locale, http.StatusNotFound, text(locale, "dispatch.no_fulfilment"))
	case errs.Is(err, errs.Invalid):
		c.renderShipment(w, r, s, http.StatusUnprocessableEntity, fid, dispatchFieldErrors(locale, err), "")
	case errs.Is(err, errs.Conflict) && errors.As(err, &e):
		c.renderShipment(w, r, s, http.StatusConflict, fid, nil, capital(e.Message))
	case errs.Is(err, errs.Unavailable) && errors.As(err, &e):
		c.renderShipment(w, r, s, http.StatusServiceUnavailable, fid, nil, text(locale, "dispatch.carrier_down")+" "+capital(e.Message))
	default:
		c.internal(w, r, locale, err)
	}
}

// voidPage asks before voiding a fulfilment's labels.
func (c *Console) voidPage(w http.ResponseWriter, r *http.Request, s people.Session) {
	locale := s.Person.Locale
	fid := r.PathValue("fid")
	sh, err := c.cfg.Shipping.OfFulfilment(r.Context(), fid)
	if errs.Is(err, errs.NotFound) {
		http.Redirect(w, r, "/dispatch/fulfilments/"+fid, http.StatusSeeOther)
		return
	}
	if err != nil {
		c.internal(w, r, locale, err)
		return
	}
	v := c.personView(s, "dispatch.void_title")
	v.Data = shipmentPage{Shipment: &sh, Fulfilment: fulfilment.Fulfilment{ID: fid}}
	c.render(w, r, http.StatusOK, "dispatchvoid", v)
}

// voidShipment voids the fulfilment's labels with the carrier
// (void-shipment); it can be booked again.
func (c *Console) voidShipment(w http.ResponseWriter, r *http.Request, s people.Session) {
	if !c.form(w, r, s.Person.Locale) {
		return
	}
	fid := r.PathValue("fid")
	sh, err := c.cfg.Shipping.OfFulfilment(r.Context(), fid)
	if errs.Is(err, errs.NotFound) { // voided already, or never booked
		http.Redirect(w, r, "/dispatch/fulfilments/"+fid, http.StatusSeeOther)
		return
	}
	if err == nil {
		_, err = c.cfg.Shipping.Void(r.Context(), sh.ID)
	}
	if err != nil {
		c.shipmentRefused(w, r, s, fid, err)
		return
	}
	done(w, r, "/dispatch/fulfilments/"+fid, "shipment_voided")
}

// dispatchFieldErrors is the store's refusal by field: its message as a
// sentence when it starts with a word (not with the code scanned), after
// the person's language's words for the problem where there are some.
func dispatchFieldErrors(locale string, err error) map[string]string {
	out := map[string]string{}
	for _, f := range errs.FieldsOf(err) {
		if _, seen := out[f.Path]; seen {
			continue
		}
		msg := f.Message
		if word, _, _ := strings.Cut(msg, " "); strings.Trim(word, "abcdefghijklmnopqrstuvwxyz") == "" {
			msg = capital(msg)
		}
		if locale != "en" {
			if t := text(locale, "pickscan.err."+f.Code); t != "pickscan.err."+f.Code {
				msg = t + "（" + f.Message + "）"
			}
		}
		out[f.Path] = msg
	}
	return out
}

// orDash is s, or a dash when it is empty.
func orDash(s string) string {
	if s == "" {
		return "–"
	}
	return s
}
