package shop

import (
	"fmt"
	"math/rand/v2"
	"slices"

	"github.com/waybill/waybill/internal/demo"
)

// Kind is what the storefront means an order to show.
type Kind string

// The kinds of order in the stream.
const (
	Paid   Kind = "paid"   // prepaid, paid through the gateway a few seconds later
	Unpaid Kind = "unpaid" // prepaid, never paid: it waits until the payment window cancels it
	COD    Kind = "cod"    // cash on delivery
	Risky  Kind = "risky"  // prepaid and paid, but the risk rules hold it (high value or a PO box)
	Short  Kind = "short"  // prepaid and paid, with a line of a scarce product
)

// cycle is the mix of every 20 orders: 60 % paid, 10 % unpaid, 20 % COD,
// 5 % risky, 5 % short. Each block of 20 is shuffled by the seed.
var cycle = func() []Kind {
	var out []Kind
	for _, k := range []struct {
		kind Kind
		n    int
	}{{Paid, 12}, {Unpaid, 2}, {COD, 4}, {Risky, 1}, {Short, 1}} {
		for range k.n {
			out = append(out, k.kind)
		}
	}
	return out
}()

// Order is one order the storefront posts, with what it means to show.
type Order struct {
	Kind Kind
	Body PlaceOrder
}

// PlaceOrder is the body of POST /v1/orders.
type PlaceOrder struct {
	Channel         string          `json:"channel"`
	ExternalRef     string          `json:"external_ref"`
	Customer        customerJSON    `json:"customer"`
	ShippingAddress Address         `json:"shipping_address"`
	Lines           []Line          `json:"lines"`
	PaymentMethod   string          `json:"payment_method"`
	Currency        string          `json:"currency"`
	SpecialRequests specialRequests `json:"special_requests,omitzero"`
	ClientIP        string          `json:"client_ip,omitempty"`
}

type customerJSON struct {
	Name  string `json:"name"`
	Email string `json:"email"`
	Phone string `json:"phone"`
}

type specialRequests struct {
	GiftWrap    bool   `json:"gift_wrap,omitempty"`
	GiftMessage string `json:"gift_message,omitempty"`
	Note        string `json:"note,omitempty"`
}

// Line is one line of an order: a SKU and how many.
type Line struct {
	SKU      string `json:"sku"`
	Quantity int    `json:"quantity"`
}

var (
	notes = []string{"Please leave the parcel with the doorman.", "Ring twice, the bell is quiet.",
		"Deliver after 5 pm please.", "Back door, not the front porch."}
	giftMessages = []string{"Happy birthday!", "Congratulations on the new home.", "With love, from all of us.",
		"Thank you for everything."}
)

// usWarehouse ships the stream's orders: the demo's one site serving the US.
const usWarehouse = "US-EWR1"

// minStock is the opening stock in the US below which a product is left
// out of ordinary baskets, so that only the short orders start short.
const minStock = 10

// planner makes the stream's orders, deterministically from the seed.
type planner struct {
	r        *rand.Rand
	seed     uint64
	baskets  []Basket
	everyday []demo.Product // what ordinary baskets are made of: stocked in the US, no valuables, nothing scarce
	valuable []demo.Product // the most expensive valuables, for high-value orders
	scarce   []string
	block    []Kind
	n        int
	supplier supplier
}

func newPlanner(seed uint64, baskets []Basket, products []demo.Product) *planner {
	p := &planner{r: rand.New(rand.NewPCG(seed, seed^0x5eed5ca1ab1e)), seed: seed, baskets: baskets,
		scarce: demo.ScarceSKUs(products)}
	us := map[string]int{} // units of each SKU the US warehouse opens with
	p.supplier = supplier{bins: map[string]string{}, ordered: map[string]int{}}
	for _, s := range demo.OpeningStock(seed, products, demo.Warehouses()) {
		if s.Warehouse == usWarehouse {
			us[s.SKU] += s.Quantity
			p.supplier.bins[s.SKU] = s.Bin
		}
	}
	for _, sku := range p.scarce {
		delete(p.supplier.bins, sku) // they stay short
	}
	for _, pr := range products {
		switch {
		case slices.Contains(p.scarce, pr.SKU) || us[pr.SKU] < minStock:
		case pr.Valuable:
			p.valuable = append(p.valuable, pr)
		default:
			p.everyday = append(p.everyday, pr)
		}
	}
	slices.SortStableFunc(p.valuable, func(a, b demo.Product) int { return int(b.PriceMinor - a.PriceMinor) })
	return p
}

// next returns the stream's next order.
func (p *planner) next() Order {
	if len(p.block) == 0 {
		p.block = slices.Clone(cycle)
		p.r.Shuffle(len(p.block), func(i, j int) { p.block[i], p.block[j] = p.block[j], p.block[i] })
	}
	kind := p.block[0]
	p.block = p.block[1:]
	p.n++
	c := newCustomer(p.r, p.n)
	body := PlaceOrder{
		Channel: "web", ExternalRef: fmt.Sprintf("WEB-%d-%06d", p.seed, p.n), PaymentMethod: "prepaid", Currency: "USD",
		Customer:        customerJSON{Name: c.Name, Email: c.Email, Phone: c.Phone},
		ShippingAddress: c.Address,
		Lines:           p.lines(p.baskets[p.r.IntN(len(p.baskets))]),
		ClientIP:        fmt.Sprintf("198.51.100.%d", 1+p.r.IntN(254)),
	}
	switch kind {
	case COD:
		body.PaymentMethod = "cod"
	case Risky:
		if p.n%2 == 0 || len(p.valuable) == 0 {
			body.ShippingAddress.Line1, body.ShippingAddress.Line2 = fmt.Sprintf("PO Box %d", 100+p.r.IntN(9000)), ""
		} else {
			body.Lines = append(body.Lines, p.highValue()...)
		}
	case Short:
		body.Lines = append(body.Lines, Line{SKU: pick(p.r, p.scarce), Quantity: 2 + p.r.IntN(2)})
	}
	switch x := p.r.IntN(20); {
	case x == 0:
		body.SpecialRequests.Note = pick(p.r, notes)
	case x <= 2:
		body.SpecialRequests.GiftWrap, body.SpecialRequests.GiftMessage = true, pick(p.r, giftMessages)
	}
	p.supplier.note(body.Lines)
	return Order{Kind: kind, Body: body}
}

// lines maps a basket onto everyday SKUs: the same source product always
// becomes the same SKU for a seed, and two products that become one SKU
// make one line.
func (p *planner) lines(b Basket) []Line {
	var out []Line
	for _, it := range b {
		h := rand.New(rand.NewPCG(p.seed, it.Key)).Uint64()
		sku := p.everyday[h%uint64(len(p.everyday))].SKU
		if i := slices.IndexFunc(out, func(l Line) bool { return l.SKU == sku }); i >= 0 {
			out[i].Quantity = min(out[i].Quantity+it.Quantity, maxQuantity)
			continue
		}
		out = append(out, Line{SKU: sku, Quantity: it.Quantity})
	}
	return out
}

// highValue is enough of the dearest valuables to pass the demo's
// high-value limit on their own.
func (p *planner) highValue() []Line {
	top := p.valuable[p.r.IntN(min(3, len(p.valuable)))]
	n := int(demo.HighValueMinor/top.PriceMinor) + 1
	return []Line{{SKU: top.SKU, Quantity: n}}
}
