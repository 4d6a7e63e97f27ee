package release

import (
	"context"

	"github.com/waybill/waybill/internal/inventory"
	"github.com/waybill/waybill/internal/job"
)

// RegisterJobs gives the runner the release stage's handlers: orders whose
// merge window or release date has come (DueJob), and stock that arrived
// for waiting orders (inventory.StockArrived), and units a pick left short
// (ShortPickJob).
func RegisterJobs(r *job.Runner, s *Store) {
	job.HandleArgs(r, func(ctx context.Context, _ job.Claimed, a DueJob) error { return s.due(ctx, a.OrderID) })
	job.HandleArgs(r, func(ctx context.Context, _ job.Claimed, a inventory.StockArrived) error {
		return s.stockArrived(ctx, a)
	})
	job.HandleArgs(r, func(ctx context.Context, _ job.Claimed, a ShortPickJob) error { return s.shortPicked(ctx, a) })
}
