package risk

import (
	"fmt"
	"strings"

	"github.com/waybill/waybill/internal/errs"
)

// CountryMismatchParams configure a CountryMismatch rule: it trips when the
// order has a billing address in another country than its shipping address,
// the shape of a card used far from its owner. Neighbours whose customers
// commonly buy across the border are listed in AllowPairs. An order without
// a billing address bills where it ships and never trips.
type CountryMismatchParams struct {
	AllowPairs []string `json:"allow_pairs,omitempty" doc:"Country pairs that pass either way round, as \"DE-AT\"; at most 1000"`
}

const maxPairs = 1000

// Kind is CountryMismatch.
func (CountryMismatchParams) Kind() Kind { return CountryMismatch }

func (p CountryMismatchParams) validate(f *errs.Fields) Params {
	if len(p.AllowPairs) > maxPairs {
		f.Add("allow_pairs", errs.CodeOutOfRange, "allow_pairs may list at most %d pairs, got %d", maxPairs, len(p.AllowPairs))
		return p
	}
	pairs := make([]string, 0, len(p.AllowPairs))
	bad := entryProblems{f: f, path: "allow_pairs"}
	for i, raw := range p.AllowPairs {
		s := strings.ToUpper(strings.TrimSpace(raw))
		a, b, ok := strings.Cut(s, "-")
		if !ok || !isCountryCode(a) || !isCountryCode(b) || a == b {
			bad.add(i, errs.CodeFormat, "a pair is two different ISO 3166-1 codes joined by '-', such as DE-AT, got %q", errs.Clip(raw))
		}
		pairs = append(pairs, s)
	}
	bad.done()
	p.AllowPairs = nilIfEmpty(pairs)
	return p
}

func (p CountryMismatchParams) test(e *env) ([]string, error) {
	if e.facts.Billing == nil {
		return nil, nil
	}
	bill := strings.ToUpper(strings.TrimSpace(e.facts.Billing.Country))
	ship := strings.ToUpper(strings.TrimSpace(e.facts.Shipping.Country))
	if bill == "" || ship == "" || bill == ship {
		return nil, nil
	}
	for _, pair := range p.AllowPairs {
		if pair == bill+"-"+ship || pair == ship+"-"+bill {
			return nil, nil
		}
	}
	return []string{fmt.Sprintf("billing country %s differs from shipping country %s", bill, ship)}, nil
}
