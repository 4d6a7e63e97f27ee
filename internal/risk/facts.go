package risk

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/waybill/waybill/internal/address"
)

// Facts are what the rules know about the order under review. The engine
// fills them from the validated order; the rules normalise again for
// matching, so two spellings of one address or mailbox count as one.
type Facts struct {
	Email         string
	Phone         string           // E.164, as order validation leaves it
	Shipping      address.Address  // where the parcel goes: velocity and flagged-address rules look here
	Billing       *address.Address // nil when the order has none, which means "same as shipping"
	ClientIP      string           // the address the order came from, as the HTTP layer saw it; "" when unknown
	DeviceID      string           // the channel's device identifier; "" when it sends none
	Coupons       []string         // codes as the order carries them
	PaymentMethod string           // "prepaid" or "cod"
	Currency      string           // ISO 4217, of TotalMinor
	TotalMinor    int64            // what the customer pays, in minor units of Currency
}

// PaymentCOD is the payment method of cash on delivery.
const PaymentCOD = "cod"

// Key is one normalised identity of an order, as Keys computes it.
type Key struct {
	Dimension Dimension
	Value     string
}

// History answers the rules' questions about orders stored before the one
// under review; the engine implements it with SQL over the keys it stored
// for each order with Keys. Every count excludes the order under review,
// whether or not it is stored yet: Evaluate adds it itself, so that a limit
// of 3 means the fourth order trips whatever moment the engine asks at.
// Customers are CustomerKey values. An error fails the evaluation rather
// than letting a risky order pass because a question went unanswered.
type History interface {
	// OrdersSince counts orders whose key for dim is key, placed at or after since.
	OrdersSince(ctx context.Context, dim Dimension, key string, since time.Time) (int, error)
	// CouponAccounts counts distinct customers other than customer who used
	// coupon code on an order that has at least one of the keys in shared
	// (never empty).
	CouponAccounts(ctx context.Context, code, customer string, shared []Key) (int, error)
	// CouponUses counts the customer's orders that used coupon code.
	CouponUses(ctx context.Context, code, customer string) (int, error)
	// CODRefusals counts cash-on-delivery parcels refused or not collected
	// on orders of the customer or on orders that have one of the keys in
	// linked (the same phone or address under another mailbox; may be empty).
	CODRefusals(ctx context.Context, customer string, linked []Key) (int, error)
	// PriorOrders counts the customer's orders.
	PriorOrders(ctx context.Context, customer string) (int, error)
}

// Keys returns the order's normalised key for each dimension it has, and
// none for a dimension it lacks (no device, an IP that does not parse). The
// engine stores them with each order: they are what later velocity and
// coupon questions are asked by, so both sides must use this one function.
func Keys(f Facts) map[Dimension]string {
	keys := make(map[Dimension]string, len(Dimensions))
	put := func(d Dimension, k string) {
		if k != "" {
			keys[d] = k
		}
	}
	put(ByAddress, NormalizeAddress(f.Shipping))
	put(ByPhone, NormalizePhone(f.Phone))
	put(ByEmail, NormalizeEmail(f.Email))
	put(ByIP, NormalizeIP(f.ClientIP))
	put(ByDevice, strings.TrimSpace(f.DeviceID))
	return keys
}

// CustomerKey identifies the customer of an order for per-customer limits:
// the normalised mailbox, because an order carries no account and a mailbox
// is what a person must own to receive the confirmation. "ana.b+x@gmail.com"
// and "anab@gmail.com" are one customer.
func CustomerKey(f Facts) string { return NormalizeEmail(f.Email) }

// keysFor is the order's key for each of dims it has, each once.
func (e *env) keysFor(dims []Dimension) []Key {
	var out []Key
	for _, d := range dims {
		if k := e.keys[d]; k != "" && !slices.Contains(out, Key{d, k}) {
			out = append(out, Key{d, k})
		}
	}
	return out
}

// env is one evaluation's inputs, shared by the rules.
type env struct {
	ctx      context.Context
	facts    Facts
	history  History
	now      time.Time
	keys     map[Dimension]string
	customer string
}
