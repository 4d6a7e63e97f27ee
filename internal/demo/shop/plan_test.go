package shop

import (
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/address"
	"github.com/waybill/waybill/internal/demo"
)

func plan(seed uint64, n int) []Order {
	p := newPlanner(seed, Builtin(), demo.Products(seed, demo.CatalogueSize))
	out := make([]Order, n)
	for i := range out {
		out[i] = p.next()
	}
	return out
}

// Every block of 20 orders holds the promised mix, in an order the seed
// decides: the same seed gives the same orders, another seed others.
func TestPlanMix(t *testing.T) {
	orders := plan(7, 100)
	for b := 0; b < 100; b += 20 {
		count := map[Kind]int{}
		for _, o := range orders[b : b+20] {
			count[o.Kind]++
		}
		require.Equal(t, map[Kind]int{Paid: 12, Unpaid: 2, COD: 4, Risky: 1, Short: 1}, count, "block at %d", b)
	}
	require.Equal(t, orders, plan(7, 100), "the same seed gives the same orders")
	require.NotEqual(t, orders, plan(8, 100), "another seed gives other orders")
}

// Each kind of order is made to show what it promises: COD pays on
// delivery, a short order has a scarce product, a risky one goes to a PO
// box or costs more than the risk rules let through, and ordinary lines
// are everyday products stocked in the US.
func TestPlanKinds(t *testing.T) {
	products := demo.Products(3, demo.CatalogueSize)
	price := map[string]int64{}
	for _, p := range products {
		price[p.SKU] = p.PriceMinor
	}
	scarce := demo.ScarceSKUs(products)
	refs := map[string]bool{}
	notes, gifts := 0, 0
	for _, o := range plan(3, 200) {
		b := o.Body
		require.False(t, refs[b.ExternalRef], "external_ref %s is unique", b.ExternalRef)
		refs[b.ExternalRef] = true
		require.Equal(t, o.Kind == COD, b.PaymentMethod == "cod", "%s pays %s", o.Kind, b.PaymentMethod)
		hasScarce := slices.ContainsFunc(b.Lines, func(l Line) bool { return slices.Contains(scarce, l.SKU) })
		require.Equal(t, o.Kind == Short, hasScarce, "%s order and scarce products", o.Kind)
		var total int64
		for _, l := range b.Lines {
			require.Positive(t, l.Quantity)
			total += price[l.SKU] * int64(l.Quantity)
		}
		poBox := strings.HasPrefix(b.ShippingAddress.Line1, "PO Box")
		if o.Kind == Risky {
			require.True(t, poBox || total > demo.HighValueMinor, "a risky order trips a rule: %+v", b)
		} else {
			require.False(t, poBox, "only risky orders go to PO boxes")
		}
		if b.SpecialRequests.Note != "" {
			notes++
		}
		if b.SpecialRequests.GiftWrap {
			gifts++
		}
	}
	require.Positive(t, notes, "some customers write a note")
	require.Positive(t, gifts, "some orders are gift-wrapped")
}

// Customers pass the order API's checks: a real US address, a valid phone
// number for it, a well-formed e-mail address.
func TestCustomersValidate(t *testing.T) {
	for _, o := range plan(11, 300) {
		c, a := o.Body.Customer, o.Body.ShippingAddress
		_, f := address.Validate(address.Address{Line1: a.Line1, Line2: a.Line2, City: a.City, Region: a.Region,
			PostalCode: a.PostalCode, Country: a.Country})
		require.Empty(t, f, "%+v", a)
		_, err := address.NormalizePhone(c.Phone, a.Country)
		require.NoError(t, err, "%s in %s", c.Phone, a.City)
		_, err = address.NormalizeEmail(c.Email)
		require.NoError(t, err)
	}
}

// The supplier delivers what sold since its last delivery, into each
// product's US bin, and never the scarce products.
func TestSupplierReplacesWhatSold(t *testing.T) {
	products := demo.Products(1, demo.CatalogueSize)
	p := newPlanner(1, Builtin(), products)
	sold := map[string]int{}
	for range restockEvery {
		for _, l := range p.next().Body.Lines {
			sold[l.SKU] += l.Quantity
		}
	}
	receipts := p.supplier.delivery()
	require.NotEmpty(t, receipts)
	for _, r := range receipts {
		require.Equal(t, usWarehouse, r.Warehouse)
		require.NotEmpty(t, r.Bin)
		require.Equal(t, "DEMO-PO-00001", r.Reference)
		require.Equal(t, int64(sold[r.SKU]), r.Quantity, r.SKU)
		require.NotContains(t, demo.ScarceSKUs(products), r.SKU)
	}
	require.Empty(t, p.supplier.delivery(), "nothing sold since")
}
