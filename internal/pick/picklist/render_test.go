package picklist

import (
	"bytes"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/paper/papertest"
)

const dpi = 300

// A pick list reads back as a picker and a scanner would read it: every
// barcode on the rasterised pages decodes to its task, bin or product code,
// the text (Chinese included) is there, and the stops come in route order.
func TestRenderReadsBack(t *testing.T) {
	tests := []struct {
		lang  string
		stops int
		pages int
	}{
		{"en", 60, 6},
		{"zh", 60, 6},
		{"zh-CN", 3, 1},
	}
	for _, tt := range tests {
		t.Run(tt.lang+"/"+strconv.Itoa(tt.stops), func(t *testing.T) {
			t.Parallel()
			s := sheet(tt.lang, tt.stops)
			var buf bytes.Buffer
			marks, err := render(&buf, s)
			require.NoError(t, err)
			require.Less(t, buf.Len(), 1<<20, "fonts are subset: a pick list is small")

			want := []string{s.Task}
			for _, st := range s.Stops {
				want = append(want, st.Bin, st.scanCode())
			}
			pages := papertest.Pages(t, buf.Bytes(), dpi)
			require.Len(t, pages, tt.pages)
			var got []string
			for _, m := range marks {
				text, err := papertest.Code128(pages[m.page], dpi, papertest.Rect{X: m.x - 1, Y: m.y - 1, W: m.w + 2, H: m.h + 2})
				require.NoError(t, err, "barcode %q on page %d", m.data, m.page+1)
				got = append(got, text)
			}
			require.Equal(t, want, got, "every code printed, in route order, decodes")

			text := papertest.Text(t, buf.Bytes())
			l := languageOf(tt.lang)
			for _, label := range []string{l.say(labelTitle), l.say(labelWarehouse), l.say(labelWave), l.say(labelWalk), l.say(labelFragile), l.say(labelValuable), l.say(labelScanTwice), l.say(labelHeavy),
				l.strategy("cluster"), l.pageOf(tt.pages, tt.pages), s.Picker, "413 m"} {
				require.Contains(t, text, label)
			}
			require.Equal(t, tt.pages, strings.Count(text, l.say(labelLocation)+" "+l.say(labelItem)), "the table's header row on every page")
			units := int64(0)
			at := -1
			for i, st := range s.Stops {
				next := ""
				if i+1 < len(s.Stops) {
					next = s.Stops[i+1].Bin
				}
				pos := strings.Index(text, st.Bin)
				require.Greater(t, pos, at, "stop %d (%s) comes after stop %d", st.Seq, st.Bin, st.Seq-1)
				at = pos
				row := between(text, st.Bin, next)
				require.Contains(t, strings.Fields(row), strconv.FormatInt(st.Quantity, 10), "stop %d's quantity in its row", st.Seq)
				require.Contains(t, row, st.SKU)
				require.Contains(t, row, string([]rune(st.Name)[:5]), "stop %d's name in its row", st.Seq)
				units += st.Quantity
			}
			require.Contains(t, strings.Fields(text), strconv.FormatInt(units, 10), "total units in the header")
		})
	}
}

// Two hundred stops paginate into full pages with the header row and a
// page count on each; nothing is lost between pages.
func TestRenderPaginates(t *testing.T) {
	s := sheet("en", 200)
	var buf bytes.Buffer
	marks, err := render(&buf, s)
	require.NoError(t, err)
	pages := paginate(200)
	require.Len(t, pages, 17)
	covered := 0
	for i, pg := range pages {
		require.Equal(t, covered, pg[0], "page %d starts where the last ended", i+1)
		top := nextTop
		if i == 0 {
			top = firstTop
		}
		require.LessOrEqual(t, top+headRowH+float64(pg[1]-pg[0])*rowH, footerTop, "page %d's rows end above the footer", i+1)
		covered = pg[1]
	}
	require.Equal(t, 200, covered)
	require.Len(t, marks, 1+2*200)
	require.Equal(t, 16, marks[len(marks)-1].page)

	text := papertest.Text(t, buf.Bytes())
	for n := 1; n <= 17; n++ {
		require.Contains(t, text, english.pageOf(n, 17))
	}
	at := -1
	for _, st := range s.Stops {
		pos := strings.Index(text, st.Bin)
		require.Greater(t, pos, at, st.Bin)
		at = pos
	}
}

func TestPaginate(t *testing.T) {
	first, next := rowsOn(firstTop), rowsOn(nextTop)
	require.Equal(t, [][2]int{{0, 0}}, paginate(0))
	require.Equal(t, [][2]int{{0, first}}, paginate(first))
	require.Equal(t, [][2]int{{0, first}, {first, first + 1}}, paginate(first+1))
	require.Equal(t, [][2]int{{0, first}, {first, first + next}, {first + next, first + next + 1}}, paginate(first+next+1))
}
