package fulfilment_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/fulfilment"
)

// The transition table, move by move: a fulfilment not yet picked can be
// cancelled, and cancelled is final.
func TestTransitionTable(t *testing.T) {
	statuses := []fulfilment.Status{fulfilment.ReadyToPick, fulfilment.Cancelled}
	allowed := map[[2]fulfilment.Status]bool{{fulfilment.ReadyToPick, fulfilment.Cancelled}: true}
	for _, from := range statuses {
		for _, to := range statuses {
			require.Equal(t, allowed[[2]fulfilment.Status{from, to}], from.CanMove(to), "%s → %s", from, to)
		}
	}
}
