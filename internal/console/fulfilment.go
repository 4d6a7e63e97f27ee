package console

import (
	"net/http"

	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/people"
)

// fulfilment shows one fulfilment (a scan opens it): its orders, lines
// with bins, packing instructions and status. It mirrors list-fulfilments,
// which lists the same fulfilment with the same fields.
func (c *Console) fulfilment(w http.ResponseWriter, r *http.Request, s people.Session) {
	locale := s.Person.Locale
	f, err := c.cfg.Fulfilments.Get(r.Context(), r.PathValue("id"))
	if errs.Is(err, errs.NotFound) {
		c.renderError(w, r, locale, http.StatusNotFound, text(locale, "fulfilment.not_found"))
		return
	}
	if err != nil {
		c.internal(w, r, locale, err)
		return
	}
	card, err := c.cardReader(r.Context(), locale).card(f)
	if err != nil {
		c.internal(w, r, locale, err)
		return
	}
	v := c.personView(s, "fulfilment.title")
	v.Title = v.Tf("fulfilment.title", f.ID)
	at := stockFilter{Warehouse: f.Warehouse}
	v.Data = fulfilmentsPage{Warehouse: f.Warehouse, One: true, Cards: []fulfilmentCard{card},
		ScanAction: at.Link("/fulfilments/scan"), FirstURL: at.Link("/fulfilments")}
	c.render(w, r, http.StatusOK, "fulfilments", v)
}

var fulfilmentMessages = map[string]map[string]string{
	"en": {
		"fulfilment.title":     "Fulfilment %s",
		"fulfilment.not_found": "There is no fulfilment with this id.",
	},
	"zh": {
		"fulfilment.title":     "履约单 %s",
		"fulfilment.not_found": "没有此编号的履约单。",
	},
}
