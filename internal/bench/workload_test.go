package bench

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// An open load offers orders at its rate whatever the answers: a server
// that keeps up answers about rate × duration orders, and one that cannot
// shows its growing queue in the latency (counted from when each order fell
// due), where a closed load would only slow down and report the service time.
func TestDriveOpenLoad(t *testing.T) {
	quick := func(int) (bool, error) { return true, nil }
	res := drive(4, 400, 500*time.Millisecond, quick)
	require.EqualValues(t, 200, res.Orders, "400/s for 0.5 s")
	require.GreaterOrEqual(t, res.Elapsed, 495*time.Millisecond, "paced over the run, not sent at once")

	slow := func(int) (bool, error) { time.Sleep(10 * time.Millisecond); return true, nil }
	closed := drive(2, 0, 500*time.Millisecond, slow)
	require.Less(t, closed.P50, 50*time.Millisecond, "closed load: latency is the service time")
	require.LessOrEqual(t, closed.Orders, int64(102), "and the load slows to what 2 workers serve")
	open := drive(2, 1000, 500*time.Millisecond, slow) // 2 workers serve ~200/s of the 1,000/s offered
	require.Greater(t, open.P99, 300*time.Millisecond, "open load: the queue behind the slow server counts")
	require.EqualValues(t, 500, open.Orders, "every order offered is placed in the end")
}
