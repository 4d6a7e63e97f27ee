package rate

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/waybill/waybill/internal/errs"
)

// Why an offered service was or was not chosen, kept with the shipment and
// shown on the order.
const (
	ChosenCheapestOnTime = "cheapest_on_time" // the cheapest service delivering by the promise
	ChosenFastest        = "fastest"          // nothing meets the promise: the earliest delivery
	NotChosenDearer      = "dearer"           // meets the promise but costs more
	NotChosenLate        = "late"             // delivers after the promise
	NotChosenOverShare   = "over_share"       // its carrier is over its allocation share this period
)

// Policy is what the choice weighs besides price: the order's promised
// delivery date, and the allocation period's parcel counts per carrier
// against each carrier's maximum share.
type Policy struct {
	Promise  Date           `json:"promise"`   // zero: no promise, every option is on time
	Period   map[string]int `json:"period"`    // parcels handed to each carrier so far this period
	MaxShare map[string]int `json:"max_share"` // carrier → maximum per cent of the period's parcels; absent or 0: no cap
	Currency string         `json:"currency"`  // compare prices in it; "" takes the currency of the first quote by code
}

// Option is one offered service with the verdict on it.
type Option struct {
	Quote
	OnTime    bool   `json:"on_time"`
	OverShare bool   `json:"over_share"`
	Reason    string `json:"reason"`
	Note      string `json:"note"`
}

// Choice is the result of rate shopping: the service to book, every other
// offered service with why it lost, and the services that cannot take the
// shipment at all. Chosen is nil only when nothing can take it.
type Choice struct {
	Chosen       *Option   `json:"chosen"`
	Alternatives []Option  `json:"alternatives"`
	Refused      []Refusal `json:"refused"`
}

// Shop prices req on every service of every carrier and chooses one under
// policy; the carriers' own allocation caps fill policy.MaxShare where the
// caller left it empty. A malformed request, or one without its Ready
// moment, is an errs.Invalid.
func Shop(carriers []Carrier, req Request, policy Policy) (Choice, error) {
	f := req.check()
	if req.Ready.IsZero() {
		f.Add("ready", errs.CodeRequired, "shopping needs the moment the parcels are ready, to date each service")
	}
	if len(f) > 0 {
		return Choice{}, f.Err()
	}
	shares := map[string]int{}
	var quotes []Quote
	var refused []Refusal
	for i := range carriers {
		c := &carriers[i]
		shares[c.Code] = c.MaxShare
		q, r, err := c.Quotes(req)
		if err != nil {
			return Choice{}, err
		}
		quotes, refused = append(quotes, q...), append(refused, r...)
	}
	for k, v := range policy.MaxShare {
		shares[k] = v
	}
	policy.MaxShare = shares
	choice := Choose(quotes, len(req.Parcels), policy)
	choice.Refused = append(refused, choice.Refused...)
	return choice, nil
}

// Choose picks among quotes already priced and dated (from Shop, or from
// carriers' live Rate answers) for a shipment of parcels parcels: the
// cheapest quote delivering by the promise, skipping carriers that would go
// over their allocation share when another on-time quote is within share;
// when none is on time, the earliest delivery, then the cheapest. Ties go to
// the lower carrier and service code, so the choice is deterministic.
func Choose(quotes []Quote, parcels int, policy Policy) Choice {
	quotes = slices.Clone(quotes)
	slices.SortFunc(quotes, func(a, b Quote) int {
		return cmp.Or(cmp.Compare(a.Carrier, b.Carrier), cmp.Compare(a.Service, b.Service))
	})
	var choice Choice
	currency := policy.Currency
	if currency == "" && len(quotes) > 0 {
		currency = quotes[0].Currency
	}
	total := 0
	for _, n := range policy.Period {
		total += n
	}
	opts := make([]Option, 0, len(quotes))
	for _, q := range quotes {
		if q.Currency != currency {
			choice.Refused = append(choice.Refused, Refusal{Carrier: q.Carrier, Service: q.Service, Code: RefusedOtherCurrency, Parcel: -1,
				Message: fmt.Sprintf("priced in %s, not comparable with %s", q.Currency, currency)})
			continue
		}
		// A quote without a delivery date is on time only when nothing was promised.
		o := Option{Quote: q, OnTime: policy.Promise.IsZero() || (!q.DeliveryDate.IsZero() && !policy.Promise.Before(q.DeliveryDate))}
		if share := policy.MaxShare[q.Carrier]; share > 0 {
			// Over share when this shipment would take the carrier past its cap.
			o.OverShare = (policy.Period[q.Carrier]+parcels)*100 > share*(total+parcels)
		}
		opts = append(opts, o)
	}
	best := pick(opts)
	if best < 0 {
		return choice
	}
	chosen := opts[best]
	for i, o := range opts {
		if i == best {
			continue
		}
		o.Reason, o.Note = verdict(o, chosen, policy)
		choice.Alternatives = append(choice.Alternatives, o)
	}
	if chosen.OnTime {
		chosen.Reason, chosen.Note = ChosenCheapestOnTime, "the cheapest service delivering by the promised date"
	} else {
		chosen.Reason, chosen.Note = ChosenFastest, fmt.Sprintf("no service delivers by %s; this one delivers first, on %s", policy.Promise, chosen.DeliveryDate)
	}
	choice.Chosen = &chosen
	return choice
}

// pick returns the index of the option to book, -1 when there is none.
func pick(opts []Option) int {
	onTime, withinShare := false, false
	for _, o := range opts {
		onTime = onTime || o.OnTime
		withinShare = withinShare || (o.OnTime && !o.OverShare)
	}
	best := -1
	for i, o := range opts {
		if onTime && (!o.OnTime || (withinShare && o.OverShare)) {
			continue
		}
		if best < 0 || better(o, opts[best], onTime) {
			best = i
		}
	}
	return best
}

// better orders two candidates: by price then delivery when on time is
// possible, by delivery then price when it is not. Equal ones keep the
// earlier in code order.
func better(a, b Option, onTime bool) bool {
	byPrice := cmp.Compare(a.Total, b.Total)
	byDate := a.DeliveryDate.DaysUntil(b.DeliveryDate) // > 0 when a is earlier
	if onTime {
		return byPrice < 0 || (byPrice == 0 && byDate > 0)
	}
	return byDate > 0 || (byDate == 0 && byPrice < 0)
}

// verdict says why o lost to chosen.
func verdict(o, chosen Option, policy Policy) (string, string) {
	switch {
	case !o.OnTime: // when nothing is on time, every alternative is late too
		return NotChosenLate, fmt.Sprintf("delivers %s, %s after the promised %s", o.DeliveryDate, days(policy.Promise.DaysUntil(o.DeliveryDate)), policy.Promise)
	case chosen.OnTime && o.OverShare && !chosen.OverShare:
		return NotChosenOverShare, fmt.Sprintf("%s has %d of this period's parcels, over its %d %% share", o.Carrier, policy.Period[o.Carrier], policy.MaxShare[o.Carrier])
	case o.Total == chosen.Total:
		return NotChosenDearer, fmt.Sprintf("costs the same and delivers %s, after the chosen %s", o.DeliveryDate, chosen.DeliveryDate)
	}
	return NotChosenDearer, fmt.Sprintf("costs %d more (%s minor units)", o.Total-chosen.Total, o.Currency)
}

func days(n int) string {
	if n == 1 {
		return "1 day"
	}
	return fmt.Sprintf("%d days", n)
}
