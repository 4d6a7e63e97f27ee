package main

import (
	"bytes"
	"context"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"
)

// `waybill bench sourcing --json` prints the figures it claims under their
// keys, and says on stderr when it had to make up its data.
func TestBenchSourcing(t *testing.T) {
	t.Parallel()
	var stdout, stderr bytes.Buffer
	err := (&Main{Stdout: &stdout, Stderr: &stderr}).Run(context.Background(),
		[]string{"bench", "sourcing", "--orders", "200", "--warehouses", "8", "--data", t.TempDir() + "/absent", "--json"})
	require.NoError(t, err, stderr.String())
	require.Contains(t, stderr.String(), "not found: using a synthetic mix")

	var rep map[string]any
	require.NoError(t, json.Unmarshal(stdout.Bytes(), &rep))
	for _, key := range []string{"orders_per_sec", "split_reduction_vs_greedy", "cost_gap_vs_optimal", "optimizer", "greedy", "exact"} {
		require.Contains(t, rep, key)
	}
	require.Equal(t, "synthetic", rep["data"])
	require.Zero(t, rep["oversold"])

	err = (&Main{Stdout: &stdout, Stderr: &stderr}).Run(context.Background(), []string{"bench", "sourcing", "--warehouses", "3"})
	require.Error(t, err)
}
