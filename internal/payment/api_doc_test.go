package payment

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/payment/gateway"
)

// The documented examples are events the parser takes, one per type it
// knows, so the published format cannot drift from the one we read.
func TestDocumentedEventsParse(t *testing.T) {
	types := map[string]bool{}
	for name, ex := range eventExamples {
		body, err := json.Marshal(ex.Value)
		require.NoError(t, err)
		ev, err := gateway.ParseGeneric("test", body)
		require.NoError(t, err, "example %s: %s", name, body)
		types[ev.Type] = true
	}
	require.Len(t, types, 5, "an example of every type")
}
