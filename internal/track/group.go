package track

import (
	"context"
	"sync"

	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/ship"
)

// groupEvents is how many events one transaction takes from the calls
// waiting for it. A call is never split, so a transaction may take up to
// MaxEvents more. Measured with `waybill bench tracking` on SQLite (quiet
// 2-core machine, docs/PERFORMANCE.md): groups of up to 16,000 events
// took 16 concurrent callers from 13,600 to 15,700 events/s over a limit
// of 4,000, at a call p99 of 400 ms.
const groupEvents = 16000

// call is one Ingest call waiting for its transaction.
type call struct {
	carrier string
	source  Source
	events  []ship.TrackingEvent
	res     Result
	err     error
	done    chan struct{} // closed once res and err are set
	lead    chan struct{} // the call is to commit the next group
}

// group commits concurrent Ingest calls together: while one transaction
// runs, the calls that arrive wait, and the next transaction takes them
// all (up to groupEvents), the calls of each carrier as one list. Every
// index page a transaction touches is written to the log once however
// many events touched it, so a few large transactions write far less than
// many small ones. The first waiting call commits the next group (its own
// among them) and hands the lead to the next waiting call, so a caller
// waits for at most the transaction running when it arrived and its own.
// A group that fails is run again call by call, so one call's failure is
// its own. On SQLite only: PostgreSQL takes concurrent writers, and
// grouping there measured slower (3,300 against 4,250 events/s at 4
// callers; at 32, groups of thousands took seconds each).
type group struct {
	mu      sync.Mutex
	waiting []*call
	leading bool
}

// run answers c, in a transaction of its own or shared with others. A
// caller waits for its answer whatever its context says: the wait is
// bounded by two transactions, and a waiting call may be handed the lead.
func (s *Store) run(ctx context.Context, c *call) (Result, error) {
	c.done, c.lead = make(chan struct{}), make(chan struct{}, 1)
	if s.db.Dialect() == db.Postgres {
		// PostgreSQL takes concurrent writers (the parcels' row locks
		// order them) and groups their commits itself.
		s.commit(ctx, []*call{c})
		return c.res, c.err
	}
	g := &s.group
	g.mu.Lock()
	g.waiting = append(g.waiting, c)
	leader := !g.leading
	g.leading = true
	g.mu.Unlock()
	if !leader {
		select {
		case <-c.done:
			return c.res, c.err
		case <-c.lead:
		}
	}
	// The leader's group starts with c. Its callers may have gone: their
	// work is not cancelled with the leader's request.
	g.mu.Lock()
	calls := g.take()
	g.mu.Unlock()
	s.commit(context.WithoutCancel(ctx), calls)
	g.mu.Lock()
	if len(g.waiting) > 0 {
		g.waiting[0].lead <- struct{}{}
	} else {
		g.leading = false
	}
	g.mu.Unlock()
	return c.res, c.err
}

// take removes the calls the next transaction commits from the queue.
func (g *group) take() []*call {
	n, events := 0, 0
	for n < len(g.waiting) && (n == 0 || events+len(g.waiting[n].events) <= groupEvents) {
		events += len(g.waiting[n].events)
		n++
	}
	calls := g.waiting[:n:n]
	g.waiting = g.waiting[n:]
	return calls
}

// commit runs calls in one transaction, or one by one when that fails,
// and answers each.
func (s *Store) commit(ctx context.Context, calls []*call) {
	defer func() {
		for _, c := range calls {
			close(c.done)
		}
	}()
	err := s.db.Write(ctx, func(tx *db.Tx) error {
		for _, byCarrier := range perCarrier(calls) {
			if err := s.ingestTx(ctx, tx, byCarrier); err != nil {
				return err
			}
		}
		return nil
	})
	if err == nil || len(calls) == 1 {
		for _, c := range calls {
			c.err = err
		}
		return
	}
	for _, c := range calls {
		c.res = Result{}
		c.err = s.db.Write(ctx, func(tx *db.Tx) error { return s.ingestTx(ctx, tx, []*call{c}) })
	}
}

// perCarrier splits calls by carrier, in the order they came.
func perCarrier(calls []*call) [][]*call {
	var out [][]*call
	at := map[string]int{}
	for _, c := range calls {
		i, ok := at[c.carrier]
		if !ok {
			i = len(out)
			at[c.carrier] = i
			out = append(out, nil)
		}
		out[i] = append(out[i], c)
	}
	return out
}
