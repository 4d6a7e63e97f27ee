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
