package risk

import (
	"fmt"
	"github.com/waybill/waybill/internal/money"

	"github.com/waybill/waybill/internal/errs"
)

// CODLimitParams configure a CODLimit rule, which looks only at orders paid
// cash on delivery: a refused COD parcel costs two shipments and earns
// nothing. It trips when the total is above MaxTotalMinor (in Currency;
// orders in another currency are not checked), or when the customer has
// refused more than MaxRefusals COD parcels before: under this mailbox, or
// on orders to the same phone or shipping address (codLinks), since a
// second mailbox costs nothing. Each limit is off when
// absent, so that 0 can mean "none": max_refusals 0 trips on the first
// refusal in the customer's history. At least one must be given.
type CODLimitParams struct {
	Currency      string `json:"currency,omitempty" doc:"ISO 4217 code of max_total_minor; required with it"`
	MaxTotalMinor *int64 `json:"max_total_minor,omitempty" doc:"The highest COD total that passes, in minor units"`
	MaxRefusals   *int   `json:"max_refusals,omitempty" doc:"The most COD parcels a customer may have refused (under their mailbox, or on orders to the same phone or shipping address) and still pay COD, 0 to 100000"`
}

// codLinks are the keys that make another mailbox's COD refusals this
// customer's: a courier who met a refusal met it at the phone and door, and
// neither an IP address nor a device says as much.
var codLinks = []Dimension{ByPhone, ByAddress}

// Kind is CODLimit.
func (CODLimitParams) Kind() Kind { return CODLimit }

func (p CODLimitParams) validate(f *errs.Fields) Params {
	p.Currency = checkCurrency(f, "currency", p.Currency, p.MaxTotalMinor != nil)
	if p.MaxTotalMinor != nil {
		checkMinor(f, "max_total_minor", *p.MaxTotalMinor)
	} else if p.Currency != "" {
		f.Add("currency", errs.CodeUnexpected, "currency is the unit of max_total_minor, which is not given")
	}
	checkOptionalCount(f, "max_refusals", p.MaxRefusals, 0)
	if p.MaxTotalMinor == nil && p.MaxRefusals == nil {
		f.Add("", errs.CodeRequired, "a cod_limit rule needs max_total_minor, max_refusals or both")
	}
	return p
}

func (p CODLimitParams) test(e *env) ([]string, error) {
	if e.facts.PaymentMethod != PaymentCOD {
		return nil, nil
	}
	var found []string
	if p.MaxTotalMinor != nil && above(e.facts, p.Currency, *p.MaxTotalMinor) {
		found = append(found, fmt.Sprintf("cash on delivery of %s is above the COD limit of %s",
			money.Format(e.facts.TotalMinor, p.Currency), money.Format(*p.MaxTotalMinor, p.Currency)))
	}
	if p.MaxRefusals != nil && e.customer != "" {
		n, err := e.history.CODRefusals(e.ctx, e.customer, e.keysFor(codLinks))
		if err != nil {
			return nil, err
		}
		if n > *p.MaxRefusals {
			found = append(found, fmt.Sprintf("the customer refused %d cash-on-delivery %s before, under this mailbox or at this phone or address (limit %d)",
				n, plural(n, "parcel", "parcels"), *p.MaxRefusals))
		}
	}
	return found, nil
}
