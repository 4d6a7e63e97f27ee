package risk

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/address"
)

// ruleCase is one order against one rule: want is the reason's text when
// the rule must trip, "" for a near miss that must not.
type ruleCase struct {
	name    string
	params  Params
	facts   func(*Facts)
	history func(*memHistory)
	want    string
}

// ruleTables are the cases of every kind of rule.
var ruleTables = []func() []ruleCase{velocityCases, couponAbuseCases, flaggedAddressCases, highValueCases,
	codLimitCases, countryMismatchCases, newCustomerValueCases}

func TestRules(t *testing.T) {
	for _, table := range ruleTables {
		for _, tc := range table() {
			t.Run(string(tc.params.Kind())+"/"+tc.name, func(t *testing.T) {
				r := Rule{ID: "r1", Name: "the rule", Kind: tc.params.Kind(), Weight: 10, Action: Hold, Active: true, Params: tc.params}
				require.NoError(t, r.Validate())
				f := baseFacts()
				if tc.facts != nil {
					tc.facts(&f)
				}
				h := &memHistory{}
				if tc.history != nil {
					tc.history(h)
				}
				v, err := Policy{Rules: []Rule{r}}.Evaluate(context.Background(), f, h, now)
				require.NoError(t, err)
				if tc.want == "" {
					require.Equal(t, Verdict{Action: Pass, Reasons: []Reason{}}, v)
					return
				}
				require.Equal(t, Verdict{Score: 10, Action: Hold, Reasons: []Reason{{RuleID: "r1", Name: "the rule",
					Kind: r.Kind, Weight: 10, Action: Hold, Text: tc.want}}}, v)
			})
		}
	}
}

// TestEveryKindHasCases keeps the promise that every kind of rule has a
// case that trips it and a near miss that does not.
func TestEveryKindHasCases(t *testing.T) {
	trips, misses := map[Kind]int{}, map[Kind]int{}
	for _, table := range ruleTables {
		for _, tc := range table() {
			if tc.want != "" {
				trips[tc.params.Kind()]++
			} else {
				misses[tc.params.Kind()]++
			}
		}
	}
	for _, k := range Kinds {
		require.NotZero(t, trips[k], "%s has no case that trips it", k)
		require.NotZero(t, misses[k], "%s has no near miss", k)
	}
}

func velocityCases() []ruleCase {
	perAddress := VelocityParams{Dimension: ByAddress, Window: Duration(24 * time.Hour), MaxOrders: 3}
	toAddress := func(line, postal string) func(*Facts) {
		return func(f *Facts) { f.Shipping.Line1, f.Shipping.PostalCode, f.Shipping.Country = line, postal, "US" }
	}
	return []ruleCase{
		{"three earlier orders to the address, spelt three ways", perAddress, nil, func(h *memHistory) {
			h.add(time.Hour, stranger(toAddress("350 5th Ave.", "10118")))
			h.add(2*time.Hour, stranger(toAddress("350 FIFTH AVENUE", "10118-0110")))
			h.add(23*time.Hour, stranger(toAddress("350  fifth   ave", "10118")))
		}, "4 orders to this address in the last 24 hours (limit 3)"},
		{"an order exactly a window ago still counts", perAddress, nil, func(h *memHistory) {
			h.add(time.Hour, stranger(toAddress("350 5th Ave", "10118")))
			h.add(2*time.Hour, stranger(toAddress("350 5th Ave", "10118")))
			h.add(24*time.Hour, stranger(toAddress("350 5th Ave", "10118")))
		}, "4 orders to this address in the last 24 hours (limit 3)"},
		{"near miss: two earlier orders make three, the limit", perAddress, nil, func(h *memHistory) {
			h.add(time.Hour, stranger(toAddress("350 5th Ave", "10118")))
			h.add(2*time.Hour, stranger(toAddress("350 5th Ave", "10118")))
		}, ""},
		{"near miss: the third earlier order is outside the window", perAddress, nil, func(h *memHistory) {
			h.add(time.Hour, stranger(toAddress("350 5th Ave", "10118")))
			h.add(2*time.Hour, stranger(toAddress("350 5th Ave", "10118")))
			h.add(24*time.Hour+time.Minute, stranger(toAddress("350 5th Ave", "10118")))
		}, ""},
		{"near miss: next door is another address", perAddress, nil, func(h *memHistory) {
			for i := range 3 {
				h.add(time.Duration(i+1)*time.Hour, stranger(toAddress("352 Fifth Avenue", "10118")))
			}
		}, ""},
		{"phone", VelocityParams{Dimension: ByPhone, Window: Duration(time.Hour), MaxOrders: 2}, nil, func(h *memHistory) {
			h.add(10*time.Minute, stranger(func(f *Facts) { f.Phone = "+1 415-555-0100" }))
			h.add(50*time.Minute, stranger(func(f *Facts) { f.Phone = "+14155550100" }))
		}, "3 orders from this phone number in the last hour (limit 2)"},
		{"near miss: phone, another number", VelocityParams{Dimension: ByPhone, Window: Duration(time.Hour), MaxOrders: 2}, nil, func(h *memHistory) {
			h.add(10*time.Minute, stranger(func(f *Facts) { f.Phone = "+14155550101" }))
			h.add(50*time.Minute, stranger(func(f *Facts) { f.Phone = "+14155550101" }))
		}, ""},
		{"email with dots and +tags at gmail", VelocityParams{Dimension: ByEmail, Window: Duration(7 * day), MaxOrders: 1},
			func(f *Facts) { f.Email = "Ana.Silva+shoes@googlemail.com" }, func(h *memHistory) {
				h.add(3*day, stranger(func(f *Facts) { f.Email = "anasilva@gmail.com" }))
			}, "2 orders from this email address in the last 7 days (limit 1)"},
		{"near miss: dots matter outside gmail", VelocityParams{Dimension: ByEmail, Window: Duration(7 * day), MaxOrders: 1},
			nil, func(h *memHistory) { h.add(3*day, stranger(func(f *Facts) { f.Email = "anasilva@example.com" })) }, ""},
		{"one IPv6 /64", VelocityParams{Dimension: ByIP, Window: Duration(30 * time.Minute), MaxOrders: 1},
			func(f *Facts) { f.ClientIP = "2001:db8:1:2::99" }, func(h *memHistory) {
				h.add(time.Minute, stranger(func(f *Facts) { f.ClientIP = "2001:db8:1:2:aaaa::1" }))
			}, "2 orders from this IPv6 network in the last 30 minutes (limit 1)"},
		{"IPv4 address", VelocityParams{Dimension: ByIP, Window: Duration(30 * time.Minute), MaxOrders: 1},
			nil, func(h *memHistory) {
				h.add(time.Minute, stranger(func(f *Facts) { f.ClientIP = "::ffff:203.0.113.7" }))
			},
			"2 orders from this IP address in the last 30 minutes (limit 1)"},
		{"near miss: the next /64", VelocityParams{Dimension: ByIP, Window: Duration(30 * time.Minute), MaxOrders: 1},
			func(f *Facts) { f.ClientIP = "2001:db8:1:2::99" }, func(h *memHistory) {
				h.add(time.Minute, stranger(func(f *Facts) { f.ClientIP = "2001:db8:1:3::99" }))
			}, ""},
		{"device", VelocityParams{Dimension: ByDevice, Window: Duration(day), MaxOrders: 1}, nil,
			func(h *memHistory) { h.add(time.Hour, stranger(func(f *Facts) { f.DeviceID = "dev-1" })) },
			"2 orders from this device in the last 24 hours (limit 1)"},
		{"near miss: an order without a device is not counted", VelocityParams{Dimension: ByDevice, Window: Duration(day), MaxOrders: 1},
			func(f *Facts) { f.DeviceID = "" }, func(h *memHistory) { h.add(time.Hour, stranger(func(f *Facts) { f.DeviceID = "" })) }, ""},
	}
}

func couponAbuseCases() []ruleCase {
	oneAccount := CouponAbuseParams{MaxAccounts: ptr(1)}
	withCoupon := func(f *Facts) { f.Coupons = []string{"welcome10"} }
	return []ruleCase{
		{"another account at the same address", oneAccount, withCoupon, func(h *memHistory) {
			h.add(day, stranger(func(f *Facts) { f.Coupons, f.Shipping = []string{"WELCOME10"}, baseFacts().Shipping }))
		}, "coupon WELCOME10 used by 2 customers sharing this order's address, phone or device (limit 1)"},
		{"two other accounts, one by phone and one by device", CouponAbuseParams{MaxAccounts: ptr(2)}, withCoupon, func(h *memHistory) {
			h.add(day, stranger(func(f *Facts) { f.Coupons, f.Email, f.Phone = []string{"WELCOME10"}, "c@example.net", "+14155550100" }))
			h.add(day, stranger(func(f *Facts) { f.Coupons, f.Email, f.DeviceID = []string{"WELCOME10"}, "d@example.net", "dev-1" }))
		}, "coupon WELCOME10 used by 3 customers sharing this order's address, phone or device (limit 2)"},
		{"near miss: the other account shares nothing", oneAccount, withCoupon, func(h *memHistory) {
			h.add(day, stranger(func(f *Facts) { f.Coupons = []string{"WELCOME10"} }))
		}, ""},
		{"near miss: the same customer again is not another account", oneAccount, withCoupon, func(h *memHistory) {
			h.add(day, stranger(func(f *Facts) { f.Coupons, f.Email = []string{"WELCOME10"}, "Ana.Silva+old@example.com" }))
		}, ""},
		{"near miss: the household used a different coupon", oneAccount, withCoupon, func(h *memHistory) {
			h.add(day, stranger(func(f *Facts) { f.Coupons, f.Shipping = []string{"SPRING"}, baseFacts().Shipping }))
		}, ""},
		{"near miss: IP does not link accounts unless configured", oneAccount, withCoupon, func(h *memHistory) {
			h.add(day, stranger(func(f *Facts) { f.Coupons, f.ClientIP = []string{"WELCOME10"}, "203.0.113.7" }))
		}, ""},
		{"IP links accounts when configured", CouponAbuseParams{MaxAccounts: ptr(1), Shared: []Dimension{ByIP}}, withCoupon, func(h *memHistory) {
			h.add(day, stranger(func(f *Facts) { f.Coupons, f.ClientIP = []string{"WELCOME10"}, "203.0.113.7" }))
		}, "coupon WELCOME10 used by 2 customers sharing this order's IP address (limit 1)"},
		{"near miss: the rule watches other coupons", CouponAbuseParams{MaxAccounts: ptr(1), Coupons: []string{"spring"}}, withCoupon, func(h *memHistory) {
			h.add(day, stranger(func(f *Facts) { f.Coupons, f.Shipping = []string{"WELCOME10"}, baseFacts().Shipping }))
		}, ""},
		{"the customer's second use", CouponAbuseParams{MaxUsesPerCustomer: ptr(1)}, withCoupon, func(h *memHistory) {
			h.add(30*day, stranger(func(f *Facts) { f.Coupons, f.Email = []string{"WELCOME10"}, "ANA.SILVA@example.com" }))
		}, "coupon WELCOME10 used on 2 orders by this customer, this one included (limit 1)"},
		{"near miss: second use within a limit of two", CouponAbuseParams{MaxUsesPerCustomer: ptr(2)}, withCoupon, func(h *memHistory) {
			h.add(30*day, stranger(func(f *Facts) { f.Coupons, f.Email = []string{"WELCOME10"}, "ana.silva@example.com" }))
		}, ""},
		{"near miss: no coupon on the order", CouponAbuseParams{MaxUsesPerCustomer: ptr(1)}, nil, func(h *memHistory) {
			h.add(30*day, stranger(func(f *Facts) { f.Coupons, f.Email = []string{"WELCOME10"}, "ana.silva@example.com" }))
		}, ""},
	}
}

func flaggedAddressCases() []ruleCase {
	hebrides := func(f *Facts) {
		f.Shipping = address.Address{Line1: "1 Harbour Road", City: "Stornoway", PostalCode: "HS1 2AB", Country: "GB"}
	}
	return []ruleCase{
		{"postal code by prefix", FlaggedAddressParams{PostalCodes: []string{"ze*", " hs* "}}, hebrides,
			nil, "postal code HS1 2AB is flagged (HS*)"},
		{"near miss: another area", FlaggedAddressParams{PostalCodes: []string{"HS*"}},
			func(f *Facts) { hebrides(f); f.Shipping.PostalCode = "HA1 2AB" }, nil, ""},
		{"whole postal code, ZIP+4 written", FlaggedAddressParams{Country: "us", PostalCodes: []string{"10118"}},
			func(f *Facts) { f.Shipping.PostalCode = "10118-0110" }, nil, "postal code 10118-0110 is flagged (10118)"},
		{"near miss: a whole code is not a prefix", FlaggedAddressParams{PostalCodes: []string{"1011"}}, nil, nil, ""},
		{"near miss: the rule is for another country", FlaggedAddressParams{Country: "GB", PostalCodes: []string{"10118"}}, nil, nil, ""},
		{"keyword in the company", FlaggedAddressParams{Keywords: []string{"Hotel", "forwarder"}},
			func(f *Facts) { f.Shipping.Company = "Grand-Hotel Europa" }, nil, `the address contains the flagged word "hotel"`},
		{"keywords across accents and punctuation", FlaggedAddressParams{Keywords: []string{"café", "c/o", "freight forwarder"}},
			func(f *Facts) { f.Shipping.Line2, f.Shipping.Company = "C/O CAFE DU MONDE", "Freight-Forwarder Ltd" }, nil,
			`the address contains the flagged words "cafe", "c o", "freight forwarder"`},
		{"near miss: a keyword inside a longer word", FlaggedAddressParams{Keywords: []string{"hotel", "c/o"}},
			func(f *Facts) { f.Shipping.Line1 = "12 Hotelling Street, Coco Beach" }, nil, ""},
		{"keyword in a script without spaces", FlaggedAddressParams{Keywords: []string{"酒店"}},
			func(f *Facts) {
				f.Shipping = address.Address{Line1: "王府井大街8号北京饭店酒店部", City: "北京市", Country: "CN"}
			}, nil,
			`the address contains the flagged word "酒店"`},
		{"near miss: a different Chinese word", FlaggedAddressParams{Keywords: []string{"酒店"}},
			func(f *Facts) {
				f.Shipping = address.Address{Line1: "王府井大街8号", City: "北京市", Country: "CN"}
			}, nil, ""},
		{"PO box", FlaggedAddressParams{POBox: true}, func(f *Facts) { f.Shipping.Line2 = "P.O. Box 1234" }, nil,
			`the address is a PO box ("P.O. Box 1234")`},
		{"near miss: a street named after box trees", FlaggedAddressParams{POBox: true},
			func(f *Facts) { f.Shipping.Line1 = "5 Boxwood Road" }, nil, ""},
		{"every check of the rule at once", FlaggedAddressParams{PostalCodes: []string{"HS*"}, Keywords: []string{"harbour"}, POBox: true},
			func(f *Facts) { hebrides(f); f.Shipping.Line2 = "Postfach 12 34" }, nil,
			`postal code HS1 2AB is flagged (HS*); the address contains the flagged word "harbour"; the address is a PO box ("Postfach 12 34")`},
	}
}

func highValueCases() []ruleCase {
	limit := HighValueParams{Currency: "usd", MaxTotalMinor: 100_000}
	return []ruleCase{
		{"one cent above", limit, func(f *Facts) { f.TotalMinor = 100_001 }, nil, "order total 1000.01 USD is above 1000.00 USD"},
		{"near miss: exactly the limit", limit, func(f *Facts) { f.TotalMinor = 100_000 }, nil, ""},
		{"near miss: another currency is not compared", limit, func(f *Facts) { f.Currency, f.TotalMinor = "JPY", 5_000_000 }, nil, ""},
	}
}

func codLimitCases() []ruleCase {
	amount := CODLimitParams{Currency: "EUR", MaxTotalMinor: ptr(int64(50_000))}
	cod := func(total int64) func(*Facts) {
		return func(f *Facts) { f.PaymentMethod, f.Currency, f.TotalMinor = "cod", "EUR", total }
	}
	refusedAt := func(edit func(*Facts)) func(*memHistory) {
		return func(h *memHistory) { h.add(60*day, stranger(edit)).refused = true }
	}
	refusedBy := func(email string) func(*memHistory) { return refusedAt(func(f *Facts) { f.Email = email }) }
	return []ruleCase{
		{"COD above the limit", amount, cod(50_001), nil, "cash on delivery of 500.01 EUR is above the COD limit of 500.00 EUR"},
		{"near miss: COD at the limit", amount, cod(50_000), nil, ""},
		{"near miss: prepaid above the limit", amount, func(f *Facts) { cod(90_000)(f); f.PaymentMethod = "prepaid" }, nil, ""},
		{"one refusal when none is tolerated", CODLimitParams{MaxRefusals: ptr(0)}, cod(1_000), refusedBy("ana.silva+x@example.com"),
			"the customer refused 1 cash-on-delivery parcel before, under this mailbox or at this phone or address (limit 0)"},
		{"another mailbox's refusal at the same phone", CODLimitParams{MaxRefusals: ptr(0)}, cod(1_000), refusedAt(func(f *Facts) { f.Phone = "+1 415 555 0100" }),
			"the customer refused 1 cash-on-delivery parcel before, under this mailbox or at this phone or address (limit 0)"},
		{"another mailbox's refusal at the same address", CODLimitParams{MaxRefusals: ptr(0)}, cod(1_000),
			refusedAt(func(f *Facts) { f.Shipping = baseFacts().Shipping }),
			"the customer refused 1 cash-on-delivery parcel before, under this mailbox or at this phone or address (limit 0)"},
		{"near miss: another mailbox's refusal sharing only the IP and device", CODLimitParams{MaxRefusals: ptr(0)}, cod(1_000),
			refusedAt(func(f *Facts) { f.ClientIP, f.DeviceID = baseFacts().ClientIP, baseFacts().DeviceID }), ""},
		{"near miss: one refusal within a limit of one", CODLimitParams{MaxRefusals: ptr(1)}, cod(1_000), refusedBy("ana.silva@example.com"), ""},
		{"near miss: another customer's refusal", CODLimitParams{MaxRefusals: ptr(0)}, cod(1_000), refusedBy("bo@example.org"), ""},
	}
}

func countryMismatchCases() []ruleCase {
	billedIn := func(country string) func(*Facts) {
		return func(f *Facts) {
			f.Billing = &address.Address{Line1: "1 Rue de Rivoli", City: "Paris", PostalCode: "75001", Country: country}
		}
	}
	return []ruleCase{
		{"billed in France, shipped to the US", CountryMismatchParams{}, billedIn("FR"), nil, "billing country FR differs from shipping country US"},
		{"a pair allowed one way is not allowed for others", CountryMismatchParams{AllowPairs: []string{"DE-AT"}}, billedIn("FR"), nil,
			"billing country FR differs from shipping country US"},
		{"near miss: the same country, in lower case", CountryMismatchParams{}, billedIn("us"), nil, ""},
		{"near miss: no billing address", CountryMismatchParams{}, nil, nil, ""},
		{"near miss: an allowed pair, written the other way round", CountryMismatchParams{AllowPairs: []string{"us-fr"}}, billedIn("FR"), nil, ""},
	}
}

func newCustomerValueCases() []ruleCase {
	limit := NewCustomerValueParams{Currency: "USD", MaxTotalMinor: 50_000}
	big := func(f *Facts) { f.TotalMinor = 60_000 }
	return []ruleCase{
		{"a first order above the limit", limit, big, func(h *memHistory) { h.add(day, stranger(nil)) },
			"first order from this customer, 600.00 USD (limit 500.00 USD for a first order)"},
		{"near miss: a returning customer", limit, big, func(h *memHistory) {
			h.add(90*day, stranger(func(f *Facts) { f.Email = "Ana.Silva@Example.com" }))
		}, ""},
		{"near miss: a first order at the limit", limit, func(f *Facts) { f.TotalMinor = 50_000 }, nil, ""},
	}
}
