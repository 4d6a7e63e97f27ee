package order

import (
	"context"

	"github.com/waybill/waybill/internal/db"
)

// SetPopularLines lets a test make every SKU popular (skuPlan) and
// returns the function that puts the threshold back.
func SetPopularLines(n int) (restore func()) {
	old := popularLines
	popularLines = n
	return func() { popularLines = old }
}

// SetBuildOrders sets how many orders a step of building the search keys
// reads and returns the function that puts it back.
func SetBuildOrders(n int) (restore func()) {
	old := buildOrders
	buildOrders = n
	return func() { buildOrders = old }
}

// SearchStep takes the search follower one step (searchStep).
func (s *Store) SearchStep(ctx context.Context) (bool, error) {
	if err := s.ensureSearch(ctx); err != nil {
		return false, err
	}
	return s.searchStep(ctx)
}

// RefsQuery is refsQuery: the statement that finds a batch's references.
func RefsQuery(tx *db.Tx, n int) string { return refsQuery(tx, n) }
