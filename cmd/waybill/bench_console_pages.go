package main

import (
	"fmt"
	"math/rand/v2"
	"net/url"
	"strings"
	"time"

	"github.com/waybill/waybill/internal/bench"
	"github.com/waybill/waybill/internal/order"
)

// consoleQuery is a page or search to time: pick chooses one instance (a
// random existing customer, number, SKU, day) as a path and, for the list
// searches, as the filter the baseline runs.
type consoleQuery struct {
	name     string
	baseline bool
	pick     func(rng *rand.Rand) (string, order.Filter)
}

func consoleQueries(b bench.Book) []consoleQuery {
	customer := func(rng *rand.Rand) int { return rng.IntN(b.Customers) }
	day := func(rng *rand.Rand) time.Time {
		return b.From.Add(time.Duration(rng.Int64N(int64(b.To.Sub(b.From))))).Truncate(24 * time.Hour)
	}
	list := func(name string, base bool, fn func(rng *rand.Rand) (url.Values, order.Filter)) consoleQuery {
		return consoleQuery{name: name, baseline: base, pick: func(rng *rand.Rand) (string, order.Filter) {
			v, f := fn(rng)
			return "/orders?" + v.Encode(), f
		}}
	}
	return []consoleQuery{
		list("orders list, newest", true, func(*rand.Rand) (url.Values, order.Filter) { return url.Values{}, order.Filter{} }),
		list("search: order number", false, func(rng *rand.Rand) (url.Values, order.Filter) {
			return url.Values{"q": {strings.ToLower(b.Numbers[rng.IntN(len(b.Numbers))])}}, order.Filter{}
		}),
		list("search: e-mail", true, func(rng *rand.Rand) (url.Values, order.Filter) {
			e := fmt.Sprintf("Customer%d@Example.com", customer(rng))
			return url.Values{"q": {e}}, order.Filter{Email: strings.ToLower(e)}
		}),
		list("search: phone as typed", true, func(rng *rand.Rand) (url.Values, order.Filter) {
			k := 2_000_000 + customer(rng)
			return url.Values{"q": {fmt.Sprintf("(650) %03d-%04d", k/10_000, k%10_000)}}, order.Filter{Phone: fmt.Sprintf("+1650%07d", k)}
		}),
		list("search: external reference", true, func(rng *rand.Rand) (url.Values, order.Filter) {
			ref := fmt.Sprintf("bench-%d", rng.IntN(b.Orders))
			return url.Values{"q": {ref}}, order.Filter{ExternalRef: ref}
		}),
		list("search: SKU", true, func(rng *rand.Rand) (url.Values, order.Filter) {
			sku := fmt.Sprintf("BENCH-%06d", 1+rng.IntN(b.SKUs-1))
			return url.Values{"q": {strings.ToLower(sku)}}, order.Filter{SKU: sku}
		}),
		list("filter: on hold (any reason)", true, func(*rand.Rand) (url.Values, order.Filter) {
			return url.Values{"hold": {"any"}}, order.Filter{Status: string(order.OnHold)}
		}),
		list("filter: payment refunded", true, func(*rand.Rand) (url.Values, order.Filter) {
			return url.Values{"payment": {"refunded"}}, order.Filter{PaymentStatus: "refunded"}
		}),
		list("filter: short", false, func(*rand.Rand) (url.Values, order.Filter) { return url.Values{"short": {"1"}}, order.Filter{} }),
		list("filter: one day", true, func(rng *rand.Rand) (url.Values, order.Filter) {
			t := day(rng)
			return url.Values{"from": {t.Format(time.DateOnly)}, "to": {t.Format(time.DateOnly)}},
				order.Filter{CreatedFrom: t, CreatedTo: t.AddDate(0, 0, 1)}
		}),
		list("filter: released, paid, app, a week", true, func(rng *rand.Rand) (url.Values, order.Filter) {
			t := day(rng)
			return url.Values{"status": {"released"}, "payment": {"paid"}, "channel": {"app"}, "from": {t.Format(time.DateOnly)},
					"to": {t.AddDate(0, 0, 6).Format(time.DateOnly)}},
				order.Filter{Status: "released", PaymentStatus: "paid", Channel: "app", CreatedFrom: t, CreatedTo: t.AddDate(0, 0, 7)}
		}),
		{name: "order page", pick: func(rng *rand.Rand) (string, order.Filter) {
			return "/orders/" + b.IDs[rng.IntN(len(b.IDs))], order.Filter{}
		}},
	}
}
