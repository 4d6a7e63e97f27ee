// Package risk decides whether an order may go ahead, must wait for a
// person, or is refused, by rules that operators configure through the API
// rather than in code: velocity, coupon abuse, flagged addresses, high value,
// cash-on-delivery limits, billing/shipping country mismatch and large first
// orders. It reads no database: the order engine hands it the order's Facts
// and answers its questions about earlier orders through History, so every
// rule can be tested with a map.
//
// A Rule arrives as JSON (DecodeRule), is checked strictly (Validate) and
// stored; Policy.Evaluate runs the active rules against one order and returns
// a Verdict with a score and a reason in words for every rule that tripped.
package risk

import "github.com/waybill/waybill/internal/errs"

// Kind names what a rule looks at; each kind has its own Params type.
type Kind string

// The kinds of rule.
const (
	Velocity         Kind = "velocity"           // too many orders per address, phone, email, IP or device in a window
	CouponAbuse      Kind = "coupon_abuse"       // one coupon across linked accounts, or too often by one customer
	FlaggedAddress   Kind = "flagged_address"    // remote or flagged postal codes, keywords, PO boxes
	HighValue        Kind = "high_value"         // order total above a limit
	CODLimit         Kind = "cod_limit"          // cash on delivery above a limit, or by a customer who refuses parcels
	CountryMismatch  Kind = "country_mismatch"   // billing country differs from shipping country
	NewCustomerValue Kind = "new_customer_value" // a customer's first order above a limit
)

// Kinds lists every kind in a fixed order, for validation messages and docs.
var Kinds = []Kind{Velocity, CouponAbuse, FlaggedAddress, HighValue, CODLimit, CountryMismatch, NewCustomerValue}

// Action is what a tripped rule asks for. Actions are ordered: a verdict
// takes the strongest one asked for.
type Action string

// The actions, weakest first.
const (
	Pass   Action = "pass"   // let the order through; the rule only adds to the score
	Hold   Action = "hold"   // hold the order for a person to review
	Reject Action = "reject" // refuse the order
)

// strength orders actions; an unknown action counts as pass so that a bad
// value can never make a verdict stricter than its rules.
func (a Action) strength() int {
	switch a {
	case Hold:
		return 1
	case Reject:
		return 2
	}
	return 0
}

// Dimension is one identity of an order that velocity and coupon rules count
// by. Keys gives an order's normalised key for each.
type Dimension string

// The dimensions. The customer is identified by ByEmail (see CustomerKey).
const (
	ByAddress Dimension = "address" // the shipping address, as NormalizeAddress keys it
	ByPhone   Dimension = "phone"   // the customer's phone, digits of its E.164 form
	ByEmail   Dimension = "email"   // the customer's mailbox, as NormalizeEmail keys it
	ByIP      Dimension = "ip"      // the client's IPv4 address or IPv6 /64 network
	ByDevice  Dimension = "device"  // the channel's device identifier, when it sends one
)

// Dimensions lists every dimension in the order Keys and messages use.
var Dimensions = []Dimension{ByAddress, ByPhone, ByEmail, ByIP, ByDevice}

// Rule is one configured check. Params holds the kind's settings as one of
// the *Params types of this package (VelocityParams for Velocity, ...), so
// a rule is checked once when configured rather than parsed per order.
type Rule struct {
	ID     string `json:"id"`
	Name   string `json:"name"`
	Kind   Kind   `json:"kind"`
	Weight int    `json:"weight" doc:"Added to the order's score when the rule trips"`
	Action Action `json:"action"`
	Active bool   `json:"active"`
	Params Params `json:"params"`
}

// Params is the kind-specific part of a rule. Only this package's params
// types implement it, because each must know how to validate and test itself.
type Params interface {
	// Kind is the kind of rule these params configure.
	Kind() Kind
	// validate records problems under paths relative to "params" and
	// returns the params in the form they are matched in.
	validate(f *errs.Fields) Params
	// test returns what tripped, one phrase each, or nothing.
	test(e *env) ([]string, error)
}
