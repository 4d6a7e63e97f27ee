package track

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/ship"
)

// Whatever order the same events arrive in, a parcel ends at the same
// step, its step never goes back on the way, and nothing leaves a final
// status: seeded random event sets over every status, with ties in time.
// Only a set with two final events (a carrier contradicting itself) ends
// where the first of them to arrive put it: final is final, and its effects
// happened.
func TestNextIsOrderIndependentAndForwardOnly(t *testing.T) {
	rnd := rand.New(rand.NewPCG(14, 7))
	start := time.Date(2026, 12, 7, 0, 0, 0, 0, time.UTC)
	for round := range 2000 {
		n := 1 + rnd.IntN(9)
		events := make([]Step, n)
		for i := range events {
			events[i] = Step{Status: ship.TrackingStatuses[rnd.IntN(len(ship.TrackingStatuses))],
				At: start.Add(time.Duration(rnd.IntN(6)) * time.Hour), EventID: string(rune('a' + i))}
		}
		finals := 0
		for _, e := range events {
			if Final(e.Status) {
				finals++
			}
		}
		var want Step
		for attempt := range 6 {
			cur := Step{Status: ship.TrackPickedUp, At: start}
			for _, i := range rnd.Perm(n) {
				e := events[i]
				if Next(cur, e) {
					require.False(t, Final(cur.Status), "round %d: left final %v for %v", round, cur, e)
					require.Equal(t, -1, compareSteps(cur, e), "round %d: moved back from %v to %v", round, cur, e)
					cur = e
				}
			}
			if attempt == 0 {
				want = cur
			}
			if finals > 1 {
				require.True(t, Final(cur.Status), "round %d: %v", round, events)
				continue
			}
			require.Equal(t, want, cur, "round %d: arrival order changed the end: %v", round, events)
		}
	}
}

// The cases the machine exists for, by name.
func TestNextExamples(t *testing.T) {
	at := func(h int) time.Time { return time.Date(2026, 12, 7, h, 0, 0, 0, time.UTC) }
	delivered := Step{Status: ship.TrackDelivered, At: at(10), EventID: "d"}
	require.False(t, Next(delivered, Step{Status: ship.TrackInTransit, At: at(11), EventID: "late"}), "a later scan does not undeliver")
	require.False(t, Next(delivered, Step{Status: ship.TrackDelivered, At: at(12), EventID: "again"}), "delivered twice is delivered once")
	require.False(t, Next(delivered, Step{Status: ship.TrackReturnedToSender, At: at(12), EventID: "r"}))
	ofd := Step{Status: ship.TrackOutForDelivery, At: at(9), EventID: "o"}
	require.False(t, Next(ofd, Step{Status: ship.TrackInTransit, At: at(8), EventID: "old"}), "a late event is history only")
	require.True(t, Next(ofd, Step{Status: ship.TrackInTransit, At: at(12), EventID: "back"}), "back to the depot after a failed round")
	require.True(t, Next(ofd, Step{Status: ship.TrackDelivered, At: at(8), EventID: "d"}), "delivered wins whatever its clock says")
	lost := Step{Status: ship.TrackLost, At: at(9), EventID: "l"}
	require.False(t, Next(lost, Step{Status: ship.TrackInTransit, At: at(12), EventID: "t"}))
	require.True(t, Next(lost, Step{Status: ship.TrackDelivered, At: at(12), EventID: "found"}), "found and delivered")
	label := Step{Status: ship.TrackLabelCreated, At: at(12), EventID: "lc"}
	require.True(t, Next(label, Step{Status: ship.TrackPickedUp, At: at(9), EventID: "p"}))
	require.False(t, Next(Step{Status: ship.TrackPickedUp, At: at(9)}, Step{Status: ship.TrackLabelCreated, At: at(12), EventID: "lc"}))
	handover := Step{Status: ship.TrackPickedUp, At: at(12)}
	require.True(t, Next(handover, Step{Status: ship.TrackInTransit, At: at(11), EventID: "skewed"}),
		"a carrier clock behind ours still moves a parcel past our own handover step")
}
