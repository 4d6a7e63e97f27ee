package bench

import (
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/waybill/waybill/internal/ship"
)

// A parcel's journey as its carrier reports it, one of a few shapes drawn
// with the weights of a parcel network's ordinary week: most delivered on
// the first attempt, some after a failed attempt, a delay or a stop at a
// pickup point, a few refused and returned, and a tenth still on the way
// when the run ends. Steps are 15 to 45 minutes apart from just after the
// handover, so every event is later than the handover's picked-up scan.
var journeyShapes = []struct {
	weight int
	steps  []string
	reason map[int]string // step index -> reason
}{
	{65, []string{ship.TrackPickedUp, ship.TrackInTransit, ship.TrackInTransit, ship.TrackOutForDelivery, ship.TrackDelivered}, nil},
	{10, []string{ship.TrackPickedUp, ship.TrackInTransit, ship.TrackOutForDelivery, ship.TrackDeliveryAttempted,
		ship.TrackOutForDelivery, ship.TrackDelivered}, map[int]string{3: ship.ReasonNoOneHome}},
	{5, []string{ship.TrackPickedUp, ship.TrackInTransit, ship.TrackException, ship.TrackInTransit, ship.TrackOutForDelivery,
		ship.TrackDelivered}, map[int]string{2: ship.ReasonDelayed}},
	{5, []string{ship.TrackPickedUp, ship.TrackInTransit, ship.TrackOutForDelivery, ship.TrackDeliveryAttempted,
		ship.TrackAvailableForPickup, ship.TrackDelivered}, map[int]string{3: ship.ReasonNoOneHome}},
	{5, []string{ship.TrackPickedUp, ship.TrackInTransit, ship.TrackOutForDelivery, ship.TrackDeliveryAttempted,
		ship.TrackReturnedToSender}, map[int]string{3: ship.ReasonRefused}},
	{10, []string{ship.TrackPickedUp, ship.TrackInTransit, ship.TrackInTransit}, nil},
}

// trackStream is the benchmark's events in the order they are sent, and
// where each parcel must end: the status of its latest event in time.
type trackStream struct {
	events   []ship.TrackingEvent
	unique   int
	expected []string // by parcel index
	parcelOf map[string]int
}

// makeStream draws each parcel's journey after start, adds repeats of
// drawn events until they are dupShare of the stream, and shuffles it all.
func makeStream(rng *rand.Rand, w *trackWorld, start time.Time, dupShare float64) *trackStream {
	total := 0
	for _, s := range journeyShapes {
		total += s.weight
	}
	st := &trackStream{expected: make([]string, len(w.parcels)), parcelOf: make(map[string]int, len(w.parcels))}
	for i, p := range w.parcels {
		st.parcelOf[p.tracking] = i
		pick := rng.IntN(total)
		shape := journeyShapes[0]
		for _, s := range journeyShapes {
			if pick < s.weight {
				shape = s
				break
			}
			pick -= s.weight
		}
		at := start
		for k, status := range shape.steps {
			at = at.Add(time.Duration(15+rng.IntN(31)) * time.Minute)
			e := ship.TrackingEvent{EventID: fmt.Sprintf("%s-%d", p.tracking, k), TrackingNumber: p.tracking, Status: status,
				Reason: shape.reason[k], Location: "Hub " + p.tracking[len(p.tracking)-4:], OccurredAt: at,
				Raw: []byte(`{"bench":true}`)}
			st.events = append(st.events, e)
		}
		st.expected[i] = shape.steps[len(shape.steps)-1]
	}
	st.unique = len(st.events)
	repeats := int(float64(st.unique) * dupShare / (1 - dupShare))
	for range repeats {
		st.events = append(st.events, st.events[rng.IntN(st.unique)])
	}
	rng.Shuffle(len(st.events), func(i, j int) { st.events[i], st.events[j] = st.events[j], st.events[i] })
	return st
}

// batches cuts the stream into webhook calls of lo to hi events.
func (st *trackStream) batches(rng *rand.Rand, lo, hi int) [][]ship.TrackingEvent {
	var out [][]ship.TrackingEvent
	for rest := st.events; len(rest) > 0; {
		n := min(len(rest), lo+rng.IntN(hi-lo+1))
		out = append(out, rest[:n])
		rest = rest[n:]
	}
	return out
}
