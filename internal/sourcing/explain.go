package sourcing

import (
	"fmt"
	"slices"
	"strings"
)

// Explanation says why a plan ships from where it does. It is stored with
// the order, so that support can answer "why two parcels?" or "why from so
// far away?" with the alternatives and their prices, long after the stock
// that justified the choice has moved.
type Explanation struct {
	Method     string      `json:"method"`      // "exact", "heuristic" or "greedy"
	Candidates []Candidate `json:"candidates"`  // every warehouse serving the destination
	NotServing int         `json:"not_serving"` // warehouses that do not serve it
	Options    []Option    `json:"options"`     // the cheapest sets priced, the chosen one first
	Evaluated  int         `json:"evaluated"`   // sets priced in all
	Reason     string      `json:"reason"`
}

// Candidate is a warehouse serving the destination and its rate there.
type Candidate struct {
	WarehouseID string `json:"warehouse_id"`
	Code        string `json:"code"`
	ParcelCost  int64  `json:"parcel_cost"`
	PerKgCost   int64  `json:"per_kg_cost"`
	Days        int    `json:"days"` // until its parcel would arrive
	LateDays    int    `json:"late_days,omitempty"`
	Units       int64  `json:"units"`              // of the order it could ship
	Excluded    string `json:"excluded,omitempty"` // why it was not a candidate
}

// Option is one set of warehouses priced, with its cost broken down so the
// difference between two options can be read off.
type Option struct {
	Warehouses      []string `json:"warehouses"` // codes
	Parcels         int      `json:"parcels"`
	Short           int64    `json:"short"`
	Cost            int64    `json:"cost"` // shipping plus penalties, minor units
	Shipping        int64    `json:"shipping"`
	ParcelPenalty   int64    `json:"parcel_penalty"`
	LatenessPenalty int64    `json:"lateness_penalty"`
	LatestDays      int      `json:"latest_days"`
}

// String is the one-line version for logs and the order's timeline.
func (e Explanation) String() string {
	return e.Method + ": " + e.Reason
}

// shortlistSize is how many options an explanation keeps: enough to show
// the runner-up and what else came close, small enough to store per order.
const shortlistSize = 5

// shortlist keeps the best distinct sets priced, best first; ties keep the
// order they were found in.
type shortlist []listed

type listed struct {
	cands []int
	out   outcome
}

// offer considers the set that p.units says shipped, priced at o. A set
// that ships nothing is no option.
func (s *shortlist) offer(p *problem, o outcome) {
	l := *s
	if o.parcels == 0 || len(l) == shortlistSize && !o.better(l[len(l)-1].out) {
		return
	}
	var used []int
	for c, u := range p.units {
		if u > 0 {
			used = append(used, c)
		}
	}
	at := len(l)
	for i, e := range l {
		if slices.Equal(e.cands, used) {
			return
		}
		if at == len(l) && o.better(e.out) {
			at = i
		}
	}
	l = slices.Insert(l, at, listed{used, o})
	*s = l[:min(len(l), shortlistSize)]
}

func (s shortlist) best() (outcome, bool) {
	if len(s) == 0 {
		return outcome{}, false
	}
	return s[0].out, true
}

// explanation describes the search that p went through.
func (p *problem) explanation(method string) Explanation {
	e := Explanation{Method: method, Candidates: p.rows, NotServing: p.skipped, Evaluated: p.tried}
	for _, l := range p.list {
		e.Options = append(e.Options, p.option(l))
	}
	e.Reason = p.reason(method, e.Options)
	return e
}

func (p *problem) option(l listed) Option {
	o := Option{Parcels: l.out.parcels, Short: l.out.short, Cost: toMinor(l.out.cost), LatestDays: l.out.latest,
		ParcelPenalty: toMinor(l.out.penalty), LatenessPenalty: toMinor(l.out.lateness)}
	o.Shipping = o.Cost - o.ParcelPenalty - o.LatenessPenalty
	for _, c := range l.cands {
		o.Warehouses = append(o.Warehouses, p.cands[c].w.Code)
	}
	return o
}

// reason says what was chosen and what it beat.
func (p *problem) reason(method string, opts []Option) string {
	if len(opts) == 0 {
		return fmt.Sprintf("no warehouse serving %s %s holds any of the order (%d serve it, %d do not)",
			p.req.Country, p.req.PostalCode, len(p.rows), p.skipped)
	}
	w := opts[0]
	var b strings.Builder
	if method == "greedy" {
		b.WriteString("each line from the nearest warehouses with stock, in turn; ")
	}
	fmt.Fprintf(&b, "ships from %s: %d parcel(s), cost %d, last parcel in %d day(s)",
		strings.Join(w.Warehouses, "+"), w.Parcels, w.Cost, w.LatestDays)
	if method != "greedy" {
		fmt.Fprintf(&b, "; best of %d set(s) priced", p.tried)
	}
	if w.Short > 0 {
		fmt.Fprintf(&b, "; %d unit(s) short: no serving warehouse holds them", w.Short)
	}
	if len(opts) == 1 {
		return b.String()
	}
	n := opts[1]
	if n.Short > w.Short {
		fmt.Fprintf(&b, "; next best %s leaves %d more unit(s) short", strings.Join(n.Warehouses, "+"), n.Short-w.Short)
		return b.String()
	}
	fmt.Fprintf(&b, "; next best %s costs %d more (shipping %+d, parcel penalty %+d, lateness %+d)",
		strings.Join(n.Warehouses, "+"), n.Cost-w.Cost, n.Shipping-w.Shipping,
		n.ParcelPenalty-w.ParcelPenalty, n.LatenessPenalty-w.LatenessPenalty)
	return b.String()
}
