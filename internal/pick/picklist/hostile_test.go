package picklist

import (
	"bytes"
	"io"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/paper/papertest"
)

// An empty sheet still prints: one page, the header, and a line saying
// there is nothing to pick.
func TestRenderEmptySheet(t *testing.T) {
	for _, lang := range []string{"", "zh"} {
		var buf bytes.Buffer
		marks, err := render(&buf, Sheet{Lang: lang})
		require.NoError(t, err)
		require.Empty(t, marks, "no task code, no barcode")
		text := papertest.Text(t, buf.Bytes())
		l := languageOf(lang)
		require.Contains(t, text, l.say(labelNoStops))
		require.Contains(t, text, l.pageOf(1, 1))
	}
}

// Input no one should send still renders: every field too long, controls,
// invalid UTF-8, codes a barcode cannot carry, nonsense numbers.
func TestRenderHostileInput(t *testing.T) {
	huge := strings.Repeat("超长名称 very long name ", 500) // 10,000 runes
	require.Equal(t, 10_000, len([]rune(huge)))
	nasty := "a\x00b\tc\nd\re\x1b[2J\u202egnp.exe\u200b\xff\xfe📦"
	s := Sheet{
		Lang: "xx", Warehouse: huge, Task: strings.Repeat("T", 300), Wave: nasty, Strategy: nasty,
		Picker: huge, Printed: time.Date(1, 1, 1, 0, 0, 0, 1, time.FixedZone("", -12*3600)), Distance: math.NaN(),
	}
	for i, st := range []Stop{
		{Seq: -1, Bin: huge, SKU: huge, Name: huge, GTIN: huge, Quantity: math.MinInt64, Tote: huge, Fragile: true, Valuable: true, Heavy: true},
		{Seq: math.MaxInt, Bin: nasty, SKU: nasty, Name: nasty, GTIN: nasty, Quantity: math.MaxInt64, Tote: nasty},
		{Bin: "库位-1", SKU: "商品", Name: "", GTIN: "", Quantity: 0},
		{Bin: "A-01-02-03-04-05-06", SKU: "SKU-LONG-123456789012345", Quantity: 1},
		{},
	} {
		for range 20 { // enough to fill pages
			st.Seq += i
			s.Stops = append(s.Stops, st)
		}
	}
	var buf bytes.Buffer
	marks, err := render(&buf, s)
	require.NoError(t, err)
	require.True(t, bytes.HasPrefix(buf.Bytes(), []byte("%PDF-")))
	require.Less(t, buf.Len(), 1<<20)
	for _, m := range marks {
		require.LessOrEqual(t, len(m.data), 40, "only short codes become barcodes")
	}
	text := papertest.Text(t, buf.Bytes())
	require.Contains(t, text, "…", "long text is cut with an ellipsis")
	require.Contains(t, text, "库位-1", "a code no barcode carries is printed as text")
	require.Contains(t, text, "A-01-02-03-04-05-06", "a code too long for a barcode here prints whole, smaller")
	require.Contains(t, text, "SKU-LONG-123456789012345")
	require.Len(t, papertest.Pages(t, buf.Bytes(), 30), len(paginate(len(s.Stops))))
}

// FuzzRender: no sheet makes Render fail or panic.
func FuzzRender(f *testing.F) {
	f.Add("zh", "PT-1", "A-01-01", "SKU-1", "无线鼠标", "4006381333931", int64(3), "T1", 12.5)
	f.Add("en", "", "", "", strings.Repeat("x", 500), "", int64(-1), "", math.Inf(1))
	f.Add("\x00", "\xff", "\n", "\t", "\u202e", "12345678901234567890", int64(0), "📦", -1.0)
	f.Fuzz(func(t *testing.T, lang, task, bin, sku, name, gtin string, qty int64, tote string, dist float64) {
		stop := Stop{Seq: 1, Bin: bin, SKU: sku, Name: name, GTIN: gtin, Quantity: qty, Tote: tote, Fragile: true, Valuable: qty%2 == 0}
		s := Sheet{Lang: lang, Task: task, Warehouse: bin, Strategy: lang, Distance: dist, Stops: []Stop{stop, stop}}
		if err := Render(io.Discard, s); err != nil {
			t.Fatal(err)
		}
	})
}
