package bench

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// A short run measures every figure and words the targets.
func TestRunLabels(t *testing.T) {
	rep, err := RunLabels(context.Background(), LabelsOptions{Seconds: 0.05, Workers: 2})
	require.NoError(t, err)
	for _, v := range []float64{rep.OneCore.ZPL, rep.OneCore.PDF, rep.OneCore.PDFChinese, rep.AllCores.ZPL, rep.AllCores.PDF, rep.AllCores.PDFChinese} {
		require.Greater(t, v, 0.0)
	}
	require.Equal(t, rep.AllCores.ZPL, rep.ZPLPerSec)
	require.Greater(t, rep.PDFChineseBytes, rep.PDFBytes, "the Chinese label embeds its font")
	require.True(t, strings.Contains(rep.String(), "target >= 10000/s"))
	require.Greater(t, rep.PerCPUSec.ZPL, 0.0)

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err = RunLabels(ctx, LabelsOptions{Seconds: 0.05})
	require.ErrorIs(t, err, context.Canceled)
}
