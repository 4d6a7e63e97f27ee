package track

import (
	"cmp"
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/ship"
)

// Source is how events arrived.
type Source string

// The sources of events.
const (
	FromWebhook Source = "webhook"
	FromPoll    Source = "poll"
	FromAPI     Source = "api"
)

// MaxEvents is the most events one call takes.
const MaxEvents = 1000

// Result is what a call did with its events.
type Result struct {
	Received   int      `json:"received"`
	New        int      `json:"new" doc:"Events not seen before, now kept in their parcels' history"`
	Duplicates int      `json:"duplicates" doc:"Events seen before (by carrier and event id): nothing done"`
	Applied    int      `json:"applied" doc:"New events that moved their parcel on; the rest were late or superseded"`
	Unknown    []string `json:"unknown" nullable:"false" doc:"Tracking numbers no parcel of this carrier has: their events are not kept"`
}

// Ingest takes a carrier's events, in any order and with repeats: each
// event is kept once in its parcel's history, and moves the parcel if it is
// the greatest the parcel has seen (Next), with its effects, in one
// transaction, shared with the calls that arrived while the one before
// ran (group). Parcels are locked before their history is read, so a
// webhook and a poll delivering the same events at once apply each once.
func (s *Store) Ingest(ctx context.Context, carrier string, source Source, events []ship.TrackingEvent) (Result, error) {
	if err := s.check(carrier, source, events); err != nil {
		return Result{Received: len(events), Unknown: []string{}}, err
	}
	return s.run(ctx, &call{carrier: carrier, source: source, events: events})
}

// check names every malformed event field.
func (s *Store) check(carrier string, source Source, events []ship.TrackingEvent) error {
	var f errs.Fields
	if source != FromWebhook && source != FromPoll && source != FromAPI {
		f.Add("source", errs.CodeUnknown, "%q is not a source (webhook, poll, api)", errs.Clip(string(source)))
	}
	if carrier == "" || len(carrier) > 32 {
		f.Add("carrier", errs.CodeFormat, "a carrier code of 1 to 32 characters is required")
	}
	if len(events) == 0 || len(events) > MaxEvents {
		f.Add("events", errs.CodeOutOfRange, "1 to %d events, got %d", MaxEvents, len(events))
		return f.Err()
	}
	now := s.db.Clock().Now()
	for i, e := range events {
		at := func(field string) string { return fmt.Sprintf("events[%d].%s", i, field) }
		if e.EventID == "" || len(e.EventID) > 128 || !utf8.ValidString(e.EventID) {
			f.Add(at("event_id"), errs.CodeFormat, "an event id of 1 to 128 bytes is required")
		}
		if n := normal(e.TrackingNumber); n == "" || len(n) > 64 || strings.ContainsAny(n, " \t\r\n") {
			f.Add(at("tracking_number"), errs.CodeFormat, "a tracking number of 1 to 64 characters without spaces is required")
		}
		if !slices.Contains(ship.TrackingStatuses, e.Status) {
			f.Add(at("status"), errs.CodeUnknown, "%q is not a tracking status (%s)", errs.Clip(e.Status), strings.Join(ship.TrackingStatuses, ", "))
		}
		if e.Reason != "" && !slices.Contains(ship.TrackingReasons, e.Reason) {
			f.Add(at("reason"), errs.CodeUnknown, "%q is not a tracking reason (%s)", errs.Clip(e.Reason), strings.Join(ship.TrackingReasons, ", "))
		}
		if e.OccurredAt.IsZero() || e.OccurredAt.Year() < 2000 || e.OccurredAt.After(now.Add(48*time.Hour)) {
			f.Add(at("occurred_at"), errs.CodeOutOfRange, "a time from 2000 up to two days from now is required")
		}
		if len(e.Description) > 500 || !utf8.ValidString(e.Description) {
			f.Add(at("description"), errs.CodeTooLong, "at most 500 bytes of UTF-8")
		}
		if len(e.Location) > 200 || !utf8.ValidString(e.Location) {
			f.Add(at("location"), errs.CodeTooLong, "at most 200 bytes of UTF-8")
		}
		if e.CODCollected < 0 || e.CODCollected > 1_000_000_000_000 {
			f.Add(at("cod_collected"), errs.CodeOutOfRange, "0 to 1,000,000,000,000 minor units")
		}
		if e.CODCollected > 0 && (len(e.CODCurrency) != 3 || strings.ToUpper(e.CODCurrency) != e.CODCurrency) {
			f.Add(at("cod_currency"), errs.CodeFormat, "an ISO 4217 code such as CNY is required with cash collected")
		}
		if e.EstimatedDelivery != "" {
			d, err := time.Parse(time.DateOnly, e.EstimatedDelivery)
			if err != nil || d.Before(now.AddDate(-1, 0, 0)) || d.After(now.AddDate(1, 0, 0)) {
				f.Add(at("estimated_delivery"), errs.CodeFormat, "a date YYYY-MM-DD within a year of today")
			}
		}
		if len(e.Raw) > 16<<10 {
			f.Add(at("raw"), errs.CodeTooLong, "at most 16 KiB")
		}
	}
	return f.Err()
}

// arrival is one new event on its way to its parcel.
type arrival struct {
	ship.TrackingEvent
	call    *call
	parcel  *Parcel
	applied bool
}

// ingestTx takes the events of calls of one carrier in tx, as if each
// call came after the one before it, and sets each call's result.
func (s *Store) ingestTx(ctx context.Context, tx *db.Tx, calls []*call) error {
	carrier := calls[0].carrier
	// Repeats within the calls are duplicates like any other. An event
	// is known by its parcel (tracking number) and the carrier's id.
	type key struct{ number, event string }
	seen := map[key]*call{}
	var unique, repeats []*arrival // repeats: of an event an earlier call of the group sent
	var numbers []string
	for _, c := range calls {
		c.res = Result{Received: len(c.events), Unknown: []string{}}
		for _, e := range c.events {
			e.TrackingNumber = normal(e.TrackingNumber)
			k := key{e.TrackingNumber, e.EventID}
			if first := seen[k]; first == c {
				c.res.Duplicates++
				continue
			} else if first != nil {
				repeats = append(repeats, &arrival{TrackingEvent: e, call: c})
				continue
			}
			seen[k] = c
			unique = append(unique, &arrival{TrackingEvent: e, call: c})
			numbers = append(numbers, e.TrackingNumber)
		}
	}
	slices.Sort(numbers)
	numbers = slices.Compact(numbers)
	parcels, err := lockParcels(ctx, tx, carrier, numbers)
	if err != nil {
		return err
	}
	known, err := knownEvents(ctx, tx, parcels)
	if err != nil {
		return err
	}
	var arrivals []*arrival
	unknown := map[*call]map[string]bool{}
	for _, a := range unique {
		a.parcel = parcels[a.TrackingNumber]
		switch {
		case a.parcel != nil && known[a.parcel.ParcelID+" "+a.EventID]:
			a.call.res.Duplicates++
		case a.parcel == nil:
			if unknown[a.call] == nil {
				unknown[a.call] = map[string]bool{}
			}
			unknown[a.call][a.TrackingNumber] = true
		default:
			a.call.res.New++
			arrivals = append(arrivals, a)
		}
	}
	// A repeat of an earlier call's event is a duplicate if that event
	// was kept; for a number no parcel has, it is this call's unknown
	// too, as it would have been had the call come alone.
	for _, a := range repeats {
		if parcels[a.TrackingNumber] != nil {
			a.call.res.Duplicates++
			continue
		}
		if unknown[a.call] == nil {
			unknown[a.call] = map[string]bool{}
		}
		unknown[a.call][a.TrackingNumber] = true
	}
	for c, numbers := range unknown {
		c.res.Unknown = slices.Sorted(maps.Keys(numbers))
	}
	// Each parcel takes its new events in the machine's order, so that
	// what applies is what a carrier sending them in order would have moved.
	slices.SortFunc(arrivals, func(a, b *arrival) int {
		return cmp.Or(cmp.Compare(a.parcel.ParcelID, b.parcel.ParcelID), compareSteps(a.step(), b.step()))
	})
	var moved []*arrival
	touched := map[*Parcel]bool{}
	for _, a := range arrivals {
		p := a.parcel
		touched[p] = true
		if a.OccurredAt.After(p.LastEventAt) {
			p.LastEventAt = a.OccurredAt
		}
		// The newest event that gives a date says when the carrier now
		// expects to deliver, whether or not it moves the parcel.
		if a.EstimatedDelivery != "" && !a.OccurredAt.Before(p.estimateAt) {
			p.EstimatedDate, p.estimateAt = a.EstimatedDelivery, a.OccurredAt
		}
		if !Next(p.step(), a.step()) {
			continue
		}
		a.applied = true
		a.call.res.Applied++
		p.Status, p.Reason, p.Location, p.StatusAt, p.statusEvent = a.Status, a.Reason, a.Location, a.OccurredAt, a.EventID
		if a.Status == ship.TrackDelivered {
			at := a.OccurredAt
			p.DeliveredAt = &at
			if a.CODCollected > 0 {
				cod := a.CODCollected
				p.CODCollected, p.CODCurrency = &cod, a.CODCurrency
			}
		}
		moved = append(moved, a)
	}
	if err := insertEvents(ctx, tx, carrier, arrivals); err != nil {
		return err
	}
	if err := saveParcels(ctx, tx, sortedParcels(touched)); err != nil {
		return err
	}
	fx := newEffects(s, tx, carrier)
	if err := fx.prepare(ctx, moved); err != nil {
		return err
	}
	for _, a := range moved {
		if err := fx.apply(ctx, a.parcel, a.TrackingEvent); err != nil {
			return err
		}
	}
	return fx.finish(ctx)
}

func (a *arrival) step() Step { return Step{Status: a.Status, At: a.OccurredAt, EventID: a.EventID} }

func (p *Parcel) step() Step { return Step{Status: p.Status, At: p.StatusAt, EventID: p.statusEvent} }

// compareSteps orders steps as Next does: -1 when b would move a parcel
// standing at a (for steps that are not final), 1 the other way.
func compareSteps(a, b Step) int {
	return cmp.Or(cmp.Compare(class(a.Status), class(b.Status)), a.At.Compare(b.At),
		cmp.Compare(rank[a.Status], rank[b.Status]), cmp.Compare(a.EventID, b.EventID))
}

func sortedParcels(set map[*Parcel]bool) []*Parcel {
	out := make([]*Parcel, 0, len(set))
	for p := range set {
		out = append(out, p)
	}
	slices.SortFunc(out, func(a, b *Parcel) int { return cmp.Compare(a.ParcelID, b.ParcelID) })
	return out
}
