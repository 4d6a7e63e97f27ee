package console

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/fulfilment"
)

// A scanned order split across warehouses opens the fulfilment the picker
// can pick: ready in their warehouse, else ready anywhere, else the first.
func TestScanPicksTheFulfilmentToPick(t *testing.T) {
	t.Parallel()
	done := fulfilment.Fulfilment{ID: "ful_1", Warehouse: "EWR", Status: fulfilment.Cancelled}
	there := fulfilment.Fulfilment{ID: "ful_2", Warehouse: "SFO", Status: fulfilment.ReadyToPick}
	here := fulfilment.Fulfilment{ID: "ful_3", Warehouse: "EWR", Status: fulfilment.ReadyToPick}
	require.Equal(t, "ful_3", pickable([]fulfilment.Fulfilment{done, there, here}, "ewr").ID)
	require.Equal(t, "ful_2", pickable([]fulfilment.Fulfilment{done, there, here}, "").ID)
	require.Equal(t, "ful_2", pickable([]fulfilment.Fulfilment{done, there}, "EWR").ID)
	require.Equal(t, "ful_1", pickable([]fulfilment.Fulfilment{done}, "EWR").ID)
}
