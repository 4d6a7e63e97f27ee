package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

// `waybill bench routing --json` and `waybill bench batching --json` print
// the figures issue 12 names under their keys; a bad flag is refused.
func TestBenchRoutingAndBatching(t *testing.T) {
	t.Parallel()
	data := filepath.Join("..", "..", "..", "shared", "data") // beside the repository, as the README says
	if _, err := os.Stat(filepath.Join(data, "picking")); err != nil {
		t.Skip("the shared picking data is not beside the repository:", err)
	}
	for _, c := range []struct {
		args []string
		keys []string
	}{
		{[]string{"bench", "routing", "--instances", "1", "--json", "--data", data},
			[]string{"exact_mean_gap", "exact_worst_gap", "heuristic_mean_gap", "sshape_mean_gap", "largest_gap_mean_gap"}},
		{[]string{"bench", "batching", "--generated", "60", "--aisle-orders", "30", "--json", "--data", data},
			[]string{"distance_reduction_vs_single", "distance_reduction_vs_fcfs", "seconds"}},
	} {
		if testing.Short() && c.args[1] == "routing" {
			// The routing benchmark times routes on one goroutine for
			// most of a minute: the race detector has nothing to see in
			// it, and CI's leg without -short runs it in full.
			t.Log("bench routing not run under -short")
			continue
		}
		var stdout, stderr bytes.Buffer
		err := (&Main{Stdout: &stdout, Stderr: &stderr}).Run(context.Background(), c.args)
		require.NoError(t, err, stderr.String())
		var rep map[string]any
		require.NoError(t, json.Unmarshal(stdout.Bytes(), &rep), stdout.String())
		if aisles, ok := rep["aisle_layouts"].([]any); ok { // batching: the aisle cases too
			require.Len(t, aisles, 2)
			for _, a := range aisles {
				for _, k := range c.keys {
					require.Contains(t, a, k, "aisle case")
				}
			}
		}
		if overall, ok := rep["overall"].(map[string]any); ok { // batching: per instance and overall
			rep = overall
		}
		for _, k := range c.keys {
			require.Contains(t, rep, k, c.args[1])
		}
	}
	var out bytes.Buffer
	require.Error(t, (&Main{Stdout: &out, Stderr: &out}).Run(context.Background(), []string{"bench", "routing", "--instances", "0"}))
	require.Error(t, (&Main{Stdout: &out, Stderr: &out}).Run(context.Background(), []string{"bench", "batching", "--cutoffs", "0"}))
	require.Error(t, (&Main{Stdout: &out, Stderr: &out}).Run(context.Background(), []string{"bench", "batching", "--aisle-orders", "-1"}))
}
