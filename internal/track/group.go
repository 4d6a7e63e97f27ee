package track

import (
	"context"
	"fmt"
	"runtime/debug"
	"slices"
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
// among them) and hands the lead to the next waiting call; a caller waits
// for the transactions ahead of it in the queue (up to groupEvents each)
// and its own.
// A group that fails is run again call by call, so one call's failure is
// its own. A group's events reach each parcel in the machine's order as
// one call's do, so where a later call carries an older event of a
// parcel than an earlier call, that event moves the parcel first (with
// its timeline entry) rather than arriving late: one of the arrival
// orders the machine takes in any case, ending in the same state. On SQLite only: PostgreSQL takes concurrent writers, and
// grouping there measured slower (3,300 against 4,250 events/s at 4
// callers; at 32, groups of thousands took seconds each).
type group struct {
	mu      sync.Mutex
	waiting []*call
	leading bool
	inTx    func(calls []*call) // tests only: runs after the calls' writes, before the commit
}

// run answers c, in a transaction of its own or shared with others. A
// waiting caller whose context ends leaves the queue unanswered (its
// events are not kept) unless a transaction has taken its call or it was
// handed the lead: then it waits for that transaction.
func (s *Store) run(ctx context.Context, c *call) (Result, error) {
	c.done, c.lead = make(chan struct{}), make(chan struct{}, 1)
	if s.db.Dialect() == db.Postgres || s.db.InRequest(ctx) {
		// PostgreSQL takes concurrent writers (the parcels' row locks
		// order them) and groups their commits itself. A call made in a
		// request's transaction (an idempotent request) must commit
		// with it, and alone: that transaction holds SQLite's writer.
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
		case <-ctx.Done():
			if s.group.leave(c) {
				return Result{Received: len(c.events), Unknown: []string{}}, ctx.Err()
			}
			select { // taken by a transaction, or handed the lead
			case <-c.done:
				return c.res, c.err
			case <-c.lead:
			}
		}
	}
	// The leader's group starts with c. Its callers may have gone: their
	// work is not cancelled with the leader's request. Whatever happens,
	// the lead passes on.
	defer g.handOff()
	g.mu.Lock()
	calls := g.take()
	g.mu.Unlock()
	s.commit(context.WithoutCancel(ctx), calls)
	return c.res, c.err
}

// leave takes c out of the queue if no transaction took it and it was not
// handed the lead, and reports whether it did.
func (g *group) leave(c *call) bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	select {
	case <-c.lead: // handed the lead as the context ended: keep it
		c.lead <- struct{}{}
		return false
	default:
	}
	i := slices.Index(g.waiting, c)
	if i < 0 {
		return false
	}
	g.waiting = slices.Delete(g.waiting, i, i+1)
	return true
}

// handOff gives the lead to the first waiting call, or ends leading.
func (g *group) handOff() {
	g.mu.Lock()
	defer g.mu.Unlock()
	if len(g.waiting) > 0 {
		g.waiting[0].lead <- struct{}{}
	} else {
		g.leading = false
	}
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
	err := s.db.Write(ctx, func(tx *db.Tx) error { return s.commitTx(ctx, tx, calls) })
	if err == nil || len(calls) == 1 {
		for _, c := range calls {
			c.err = err
		}
		return
	}
	for _, c := range calls {
		c.err = s.db.Write(ctx, func(tx *db.Tx) error { return s.commitTx(ctx, tx, []*call{c}) })
	}
}

// commitTx ingests calls in tx, each carrier's as one list.
func (s *Store) commitTx(ctx context.Context, tx *db.Tx, calls []*call) (err error) {
	defer recovered(&err)
	for _, byCarrier := range perCarrier(calls) {
		if err := s.ingestTx(ctx, tx, byCarrier); err != nil {
			return err
		}
	}
	if s.group.inTx != nil {
		s.group.inTx(calls)
	}
	return nil
}

// recovered turns a panic in a group's transaction into its error, so
// the transaction rolls back, every call is answered and the lead passes
// on; the call that panics alone fails alone.
func recovered(err *error) {
	if p := recover(); p != nil {
		*err = fmt.Errorf("tracking ingest panicked: %v\n%s", p, debug.Stack())
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
