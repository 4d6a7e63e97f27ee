package pick_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/db/dbtest"
	"github.com/waybill/waybill/internal/flowtest"
	"github.com/waybill/waybill/internal/paper/papertest"
	"github.com/waybill/waybill/internal/pick"
)

// TestThePickListPrintsTheStopsInRouteOrder prints a released cluster
// task and reads the paper back: the task's barcode decodes to its id,
// and the bins and SKUs appear in the route's order, in both languages.
func TestThePickListPrintsTheStopsInRouteOrder(t *testing.T) {
	t.Parallel()
	f := newFloor(t, dbtest.SQLite(t, dbtest.Options{}))
	f.ReleasedOrder(t, "P1", flowtest.Line("KETTLE", 1), flowtest.Line(f.skus[2], 2))
	f.ReleasedOrder(t, "P2", flowtest.Line(f.skus[1], 1))
	w, err := f.Floor.Release(as(chief), pick.WaveRequest{Warehouse: "EAST", Strategy: pick.Cluster})
	require.NoError(t, err)
	task := w.Tasks[0]
	for _, lang := range []string{"en", "zh"} {
		pdf, err := f.Floor.PickList(as(ann), task.ID, lang)
		require.NoError(t, err)
		require.True(t, strings.HasPrefix(string(pdf), "%PDF-"))
		pages := papertest.Pages(t, pdf, 300)
		require.Len(t, pages, 1)
		code, err := papertest.Code128(pages[0], 300, papertest.Rect{X: 0, Y: 0, W: 210, H: 45})
		require.NoError(t, err, "the task's barcode")
		require.Equal(t, task.ID, code)
		text := papertest.Text(t, pdf)
		at := 0
		for _, l := range task.Lines {
			i := strings.Index(text[at:], l.Bin)
			require.GreaterOrEqual(t, i, 0, "%s: bin %s of stop %d after the previous stop", lang, l.Bin, l.Seq)
			at += i
			require.Contains(t, text, l.SKU)
		}
		if lang == "zh" {
			require.Contains(t, text, "拣货单")
		}
	}
}
