package main

import (
	"bytes"
	"context"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"
)

// `waybill bench labels --json` prints the figures it claims under their
// keys, measured (above zero), and refuses a bad duration.
func TestBenchLabels(t *testing.T) {
	t.Parallel()
	var stdout, stderr bytes.Buffer
	err := (&Main{Stdout: &stdout, Stderr: &stderr}).Run(context.Background(),
		[]string{"bench", "labels", "--seconds", "0.05", "--json"})
	require.NoError(t, err, stderr.String())
	var rep map[string]any
	require.NoError(t, json.Unmarshal(stdout.Bytes(), &rep))
	for _, key := range []string{"zpl_per_sec", "pdf_per_sec"} {
		require.Greater(t, rep[key], 0.0, key)
	}
	require.Contains(t, rep, "targets_met")
	require.Contains(t, rep, "one_core")

	stdout.Reset()
	require.NoError(t, (&Main{Stdout: &stdout, Stderr: &stderr}).Run(context.Background(), []string{"bench", "labels", "--seconds", "0.05"}))
	require.Contains(t, stdout.String(), "ZPL labels/s")

	err = (&Main{Stdout: &stdout, Stderr: &stderr}).Run(context.Background(), []string{"bench", "labels", "--seconds", "0"})
	require.Error(t, err)
}
