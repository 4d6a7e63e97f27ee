package main

import (
	"bytes"
	"context"
	"encoding/json"
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"
)

// `waybill bench console --json` loads the orders, signs in, measures every
// page it lists (each answered 200 with the orders it should list) and the
// baseline where one applies.
func TestBenchConsole(t *testing.T) {
	t.Parallel()
	orders := 2000
	if testing.Short() {
		// The race leg (-short): the fewest orders the bench takes; the
		// same pages, samples and server, the 2,000 in the other leg.
		orders = 1000
	}
	var stdout, stderr bytes.Buffer
	err := (&Main{Stdout: &stdout, Stderr: &stderr}).Run(context.Background(),
		[]string{"bench", "console", "--orders", strconv.Itoa(orders), "--skus", "50", "--samples", "5", "--dir", t.TempDir(), "--json"})
	require.NoError(t, err, stderr.String())
	var rep consoleReport
	require.NoError(t, json.Unmarshal(stdout.Bytes(), &rep))
	require.Equal(t, orders, rep.Orders)
	names := map[string]consoleFigure{}
	for _, f := range rep.Figures {
		names[f.Name] = f
		require.Positive(t, f.P50ms, f.Name)
	}
	require.Len(t, names, 12)
	require.Equal(t, 50, names["orders list, newest"].Rows, "a full first page")
	require.Equal(t, 1, names["search: order number"].Rows, "one order per number")
	require.Positive(t, names["search: e-mail"].BaseP95ms, "the baseline ran")
	require.Positive(t, names["search: SKU"].Rows)

	err = (&Main{Stdout: &stdout, Stderr: &stderr}).Run(context.Background(), []string{"bench", "console", "--orders", "5"})
	require.Error(t, err)
}
