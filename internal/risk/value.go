package risk

import (
	"fmt"
	"github.com/waybill/waybill/internal/money"
	"strings"

	"github.com/waybill/waybill/internal/errs"
)

// HighValueParams configure a HighValue rule: it trips when the order's
// total is above MaxTotalMinor. Money in different currencies cannot be
// compared without rates, so an order in another currency is not checked;
// a shop selling in several currencies configures a rule for each.
type HighValueParams struct {
	Currency      string `json:"currency" doc:"ISO 4217 code of the limit; orders in other currencies are not checked"`
	MaxTotalMinor int64  `json:"max_total_minor" doc:"The highest total that passes, in minor units (cents), 0 or more"`
}

// Kind is HighValue.
func (HighValueParams) Kind() Kind { return HighValue }

func (p HighValueParams) validate(f *errs.Fields) Params {
	p.Currency = checkCurrency(f, "currency", p.Currency, true)
	checkMinor(f, "max_total_minor", p.MaxTotalMinor)
	return p
}

func (p HighValueParams) test(e *env) ([]string, error) {
	if !above(e.facts, p.Currency, p.MaxTotalMinor) {
		return nil, nil
	}
	return []string{fmt.Sprintf("order total %s is above %s", money.Format(e.facts.TotalMinor, p.Currency), money.Format(p.MaxTotalMinor, p.Currency))}, nil
}

// NewCustomerValueParams configure a NewCustomerValue rule: it trips on a
// customer's first order (no earlier order under their CustomerKey) when its
// total is above MaxTotalMinor — a stolen card is typically used on a fresh
// account for one large order. Orders in another currency are not checked.
type NewCustomerValueParams struct {
	Currency      string `json:"currency" doc:"ISO 4217 code of the limit; orders in other currencies are not checked"`
	MaxTotalMinor int64  `json:"max_total_minor" doc:"The highest first-order total that passes, in minor units, 0 or more"`
}

// Kind is NewCustomerValue.
func (NewCustomerValueParams) Kind() Kind { return NewCustomerValue }

func (p NewCustomerValueParams) validate(f *errs.Fields) Params {
	p.Currency = checkCurrency(f, "currency", p.Currency, true)
	checkMinor(f, "max_total_minor", p.MaxTotalMinor)
	return p
}

func (p NewCustomerValueParams) test(e *env) ([]string, error) {
	if e.customer == "" || !above(e.facts, p.Currency, p.MaxTotalMinor) {
		return nil, nil
	}
	n, err := e.history.PriorOrders(e.ctx, e.customer)
	if err != nil || n > 0 {
		return nil, err
	}
	return []string{fmt.Sprintf("first order from this customer, %s (limit %s for a first order)",
		money.Format(e.facts.TotalMinor, p.Currency), money.Format(p.MaxTotalMinor, p.Currency))}, nil
}

// above reports whether the order's total is in code and above limit.
func above(f Facts, code string, limit int64) bool {
	return strings.EqualFold(strings.TrimSpace(f.Currency), code) && f.TotalMinor > limit
}
