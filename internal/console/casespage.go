package console

import (
	"net/http"
	"strings"

	"github.com/waybill/waybill/internal/money"
	"github.com/waybill/waybill/internal/people"
	"github.com/waybill/waybill/internal/track"
)

// casePageData is the case page: the case with its parcel and its place
// in the queue, the playbook's actions as forms (for its holder), the
// outcomes to close with, the parcel's events and the case's history.
type casePageData struct {
	Case            track.CaseView
	Item            queueItem
	Kind, Status    string
	Outcome         string // in words, once closed
	ParcelStatus    string
	Plays           []casePlay
	Outcomes        []choice
	Events, History []queueStep
	AddressFields   []string
}

// casePlay is one playbook action's form.
type casePlay struct{ Action, Title, Why string }

// casePage shows one case, as get-tracking-case does.
func (c *Console) casePage(w http.ResponseWriter, r *http.Request, s people.Session) {
	if v, ok := c.caseView(w, r, s); ok {
		c.render(w, r, http.StatusOK, "case", v)
	}
}

// caseView reads the case of the path's id into the page's view, the
// address form filled with the order's address; when it cannot, it
// answers (404, or unexpected) and reports false.
func (c *Console) caseView(w http.ResponseWriter, r *http.Request, s people.Session) (view, bool) {
	locale := s.Person.Locale
	id := r.PathValue("id")
	cv, err := c.cfg.Tracking.GetCase(r.Context(), id)
	if err != nil {
		c.caseFailed(w, r, s, err)
		return view{}, false
	}
	o, err := c.cfg.Orders.Get(r.Context(), cv.OrderID)
	if err != nil {
		c.internal(w, r, locale, err)
		return view{}, false
	}
	d := casePageData{Case: cv, Kind: word(locale, "cases.kind.", cv.Kind), Status: word(locale, "case.status.", cv.Status),
		Item:     c.casesQueue().item(r, cv.ID, cv.Status == track.CaseOpen, cv.ClaimedBy, cv.ClaimedName, cv.DueAt, cv.Overdue),
		Outcomes: choices(locale, "case.outcome.", track.Outcomes), AddressFields: reviewAddressFields}
	if cv.Outcome != "" {
		d.Outcome = word(locale, "case.outcome.", cv.Outcome)
	}
	for _, p := range cv.Playbook {
		d.Plays = append(d.Plays, casePlay{Action: p.Action, Title: word(locale, "case.act.", p.Action), Why: word(locale, "case.why.", p.Action)})
	}
	if cv.Parcel != nil {
		d.ParcelStatus = cv.Parcel.Status
		for _, e := range cv.Parcel.Events {
			d.Events = append(d.Events, step(e.OccurredAt, strings.TrimSpace(e.Status+" "+e.Reason+" "+e.Description), e.Location))
		}
	}
	for _, st := range cv.History {
		what := word(locale, "case.step.", st.Action)
		if st.AmountMinor != nil {
			what += " · " + money.Format(*st.AmountMinor, st.Currency)
		}
		if st.Note != "" {
			what += ": " + st.Note
		}
		who := st.ActorName
		if who == "" {
			who = st.ActorID
		}
		d.History = append(d.History, step(st.At, what, who))
	}
	form := addressForm(o.ShippingAddress)
	return view{Locale: locale, Title: text(locale, "case.title") + " · " + d.Kind, Person: &s.Person, Can: c.can(s.Person.Role),
		Form: form, Data: d}, true
}
