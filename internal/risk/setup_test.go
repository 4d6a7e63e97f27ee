package risk

import (
	"context"
	"slices"
	"time"

	"github.com/waybill/waybill/internal/address"
)

// now is the moment every test evaluates at.
var now = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

// baseFacts is an ordinary prepaid order that trips no rule in these tests.
func baseFacts() Facts {
	return Facts{
		Email: "ana.silva@example.com",
		Phone: "+14155550100",
		Shipping: address.Address{Name: "Ana Silva", Line1: "350 Fifth Avenue", City: "New York", Region: "NY",
			PostalCode: "10118", Country: "US"},
		ClientIP:      "203.0.113.7",
		DeviceID:      "dev-1",
		PaymentMethod: "prepaid",
		Currency:      "USD",
		TotalMinor:    12_000,
	}
}

// pastOrder is an order stored before the one under review, with the keys
// the engine would have stored for it.
type pastOrder struct {
	at       time.Time
	keys     map[Dimension]string
	customer string
	coupons  []string
	refused  bool
}

// memHistory answers History's questions from a list of past orders the way
// the engine's SQL does, so the tests exercise the Keys contract end to end.
type memHistory struct {
	orders []pastOrder
	err    error
}

// add stores an order described by facts, placed ago before now.
func (h *memHistory) add(ago time.Duration, f Facts) *pastOrder {
	var coupons []string
	for _, c := range f.Coupons {
		coupons = append(coupons, normalizeCoupon(c))
	}
	h.orders = append(h.orders, pastOrder{at: now.Add(-ago), keys: Keys(f), customer: CustomerKey(f), coupons: coupons})
	return &h.orders[len(h.orders)-1]
}

func (h *memHistory) count(keep func(o pastOrder) bool) (int, error) {
	n := 0
	for _, o := range h.orders {
		if keep(o) {
			n++
		}
	}
	return n, h.err
}

func (h *memHistory) OrdersSince(_ context.Context, dim Dimension, key string, since time.Time) (int, error) {
	return h.count(func(o pastOrder) bool { return o.keys[dim] == key && !o.at.Before(since) })
}

func (h *memHistory) CouponAccounts(_ context.Context, code, customer string, shared []Key) (int, error) {
	seen := map[string]bool{}
	for _, o := range h.orders {
		if o.customer == customer || !slices.Contains(o.coupons, code) {
			continue
		}
		for _, k := range shared {
			if o.keys[k.Dimension] == k.Value {
				seen[o.customer] = true
			}
		}
	}
	return len(seen), h.err
}

func (h *memHistory) CouponUses(_ context.Context, code, customer string) (int, error) {
	return h.count(func(o pastOrder) bool { return o.customer == customer && slices.Contains(o.coupons, code) })
}

func (h *memHistory) CODRefusals(_ context.Context, customer string, linked []Key) (int, error) {
	return h.count(func(o pastOrder) bool {
		return o.refused && (o.customer == customer || slices.ContainsFunc(linked, func(k Key) bool { return o.keys[k.Dimension] == k.Value }))
	})
}

func (h *memHistory) PriorOrders(_ context.Context, customer string) (int, error) {
	return h.count(func(o pastOrder) bool { return o.customer == customer })
}

// stranger is another customer: other mailbox, phone, address, network and device.
func stranger(edit func(*Facts)) Facts {
	f := Facts{
		Email: "bo@example.org",
		Phone: "+442079460958",
		Shipping: address.Address{Line1: "10 Downing Street", City: "London", PostalCode: "SW1A 2AA",
			Country: "GB"},
		ClientIP: "198.51.100.9",
		DeviceID: "dev-2",
		Currency: "USD",
	}
	if edit != nil {
		edit(&f)
	}
	return f
}

func ptr[T any](v T) *T { return &v }
