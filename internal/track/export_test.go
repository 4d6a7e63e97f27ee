package track

import (
	"context"

	"github.com/waybill/waybill/internal/ship"
)

// CommitTogether commits calls of (carrier, source, events) as one group
// of Ingest's group commit, without Ingest's checks, and answers each.
func (s *Store) CommitTogether(ctx context.Context, carrier string, sources []Source, events [][]ship.TrackingEvent) ([]Result, []error) {
	calls := make([]*call, len(events))
	for i := range events {
		calls[i] = &call{carrier: carrier, source: sources[i], events: events[i], done: make(chan struct{})}
	}
	s.commit(ctx, calls)
	res, errs := make([]Result, len(calls)), make([]error, len(calls))
	for i, c := range calls {
		res[i], errs[i] = c.res, c.err
	}
	return res, errs
}

// InGroupTx has f run in every transaction of Ingest's group commit after
// its calls' writes, before it commits, with each call's event ids: how a
// test holds a transaction open or makes one panic.
func (s *Store) InGroupTx(f func(calls [][]string)) {
	s.group.inTx = func(calls []*call) {
		ids := make([][]string, len(calls))
		for i, c := range calls {
			for _, e := range c.events {
				ids[i] = append(ids[i], e.EventID)
			}
		}
		f(ids)
	}
}

// Queued is how many Ingest calls wait for a transaction.
func (s *Store) Queued() int {
	s.group.mu.Lock()
	defer s.group.mu.Unlock()
	return len(s.group.waiting)
}
