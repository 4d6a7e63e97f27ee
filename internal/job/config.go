package job

import (
	"math/rand/v2"
	"sync"
	"time"
)

// Config tunes a Runner. The zero value is the production default.
type Config struct {
	// PollInterval is how long an idle Runner waits before looking for due
	// jobs again (default 500 ms); polling is the only wake-up, so it works
	// the same on SQLite, PostgreSQL and Citus.
	PollInterval time.Duration
	// Batch caps the jobs one claim takes (default 32), so one instance does
	// not hoard work other instances could run.
	Batch int
	// Workers caps the handlers run at once (default 4).
	Workers int
	// LockFor is how long a claim holds a job (default 2 min). A job still
	// running after that is claimed again: that is how the work of a crashed
	// instance is recovered. Handlers get a context that ends at LockFor, so
	// a slow handler does not run alongside its own retry.
	LockFor time.Duration
	// Backoff gives the delay before attempt+1 after attempt failed; default
	// Exponential(time.Second, time.Hour, nil).
	Backoff func(attempt int) time.Duration
	// Retention is how long finished jobs stay as history (default 7 days;
	// failed ones stay four times as long, for someone to look into). A
	// (kind, key) is deduplicated only while its row is kept.
	Retention time.Duration
}

func (c Config) withDefaults() Config {
	if c.Retention <= 0 {
		c.Retention = 7 * 24 * time.Hour
	}
	if c.PollInterval <= 0 {
		c.PollInterval = 500 * time.Millisecond
	}
	if c.Batch <= 0 {
		c.Batch = 32
	}
	if c.Workers <= 0 {
		c.Workers = 4
	}
	if c.LockFor <= 0 {
		c.LockFor = 2 * time.Minute
	}
	if c.Backoff == nil {
		c.Backoff = Exponential(time.Second, time.Hour, nil)
	}
	return c
}

// Exponential returns a backoff of base·2^(attempt-1), capped at ceiling,
// with "equal jitter" (a uniform draw from the upper half of the delay) so
// jobs that failed together, say when a mail provider was down, do not all
// retry in the same instant. rnd makes the jitter reproducible in tests and
// simulations; nil uses math/rand/v2's shared source.
func Exponential(base, ceiling time.Duration, rnd *rand.Rand) func(attempt int) time.Duration {
	var mu sync.Mutex // *rand.Rand is not safe for concurrent use
	return func(attempt int) time.Duration {
		d := base
		for i := 1; i < attempt && d < ceiling; i++ {
			d *= 2
		}
		d = min(d, ceiling)
		half := int64(d / 2)
		if half <= 0 {
			return d
		}
		if rnd == nil {
			return time.Duration(half + rand.Int64N(half+1))
		}
		mu.Lock()
		defer mu.Unlock()
		return time.Duration(half + rnd.Int64N(half+1))
	}
}
