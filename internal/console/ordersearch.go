package console

import (
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/waybill/waybill/internal/order"
)

// orderSearch reads the orders page's search box and filters from the
// query string: the filter for the store, what was typed (shown again),
// and a message per field that could not be read.
func orderSearch(locale string, q url.Values) (order.Filter, map[string]string, map[string]string) {
	form := map[string]string{}
	for _, k := range []string{"q", "status", "payment", "channel", "from", "to", "hold", "short"} {
		form[k] = strings.TrimSpace(q.Get(k))
	}
	problems := map[string]string{}
	f := order.Filter{Search: form["q"], Channel: form["channel"], Short: form["short"] != ""}
	if len(f.Search) > 254 {
		problems["q"] = text(locale, "orders.search_long")
	}
	if len(f.Channel) > 64 {
		problems["channel"] = text(locale, "orders.search_long")
	}
	if s := form["status"]; s != "" {
		if !slices.Contains(order.Statuses, order.Status(s)) {
			problems["status"] = text(locale, "orders.bad_choice")
		}
		f.Status = s
	}
	if s := form["payment"]; s != "" {
		if !slices.Contains(order.PaymentStatuses, order.PaymentStatus(s)) {
			problems["payment"] = text(locale, "orders.bad_choice")
		}
		f.PaymentStatus = s
	}
	if s := form["hold"]; s != "" {
		if s != "any" && !slices.Contains(order.HoldKinds, order.HoldKind(s)) {
			problems["hold"] = text(locale, "orders.bad_choice")
		}
		f.HoldKind = s
	}
	// Days are UTC days; "to" includes its whole day.
	day := func(key string) time.Time {
		if form[key] == "" {
			return time.Time{}
		}
		t, err := time.Parse(time.DateOnly, form[key])
		if err != nil || t.Year() < 2000 || t.Year() > 9998 {
			problems[key] = text(locale, "orders.bad_date")
			return time.Time{}
		}
		return t
	}
	f.CreatedFrom = day("from")
	if to := day("to"); !to.IsZero() {
		f.CreatedTo = to.AddDate(0, 0, 1)
		if !f.CreatedFrom.IsZero() && to.Before(f.CreatedFrom) {
			problems["to"] = text(locale, "orders.to_before_from")
		}
	}
	return f, form, problems
}

// searchQuery is the search as a query string, for the next page's link.
func searchQuery(form map[string]string) string {
	v := url.Values{}
	for k, s := range form {
		if s != "" {
			v.Set(k, s)
		}
	}
	return v.Encode()
}

// choice is an option of a filter's select: its value and its words.
type choice struct{ Value, Label string }

func statusChoices(locale string) []choice {
	out := []choice{}
	for _, s := range order.Statuses {
		out = append(out, choice{string(s), word(locale, "status.", string(s))})
	}
	return out
}

func paymentChoices(locale string) []choice {
	out := []choice{}
	for _, s := range order.PaymentStatuses {
		out = append(out, choice{string(s), word(locale, "payment.", string(s))})
	}
	return out
}

func holdChoices(locale string) []choice {
	out := []choice{{"any", text(locale, "orders.hold_any")}}
	for _, k := range order.HoldKinds {
		out = append(out, choice{string(k), word(locale, "hold.", string(k))})
	}
	return out
}
