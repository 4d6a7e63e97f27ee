package paper_test

import (
	"bytes"
	"crypto/sha256"
	"io"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/paper"
	"github.com/waybill/waybill/internal/paper/papertest"
)

const dpi = 300

// A page of Latin and Chinese text and a barcode reads back as written:
// pdftotext finds both scripts (so the glyphs are really in the fonts) and
// a scanner decodes the bars.
func TestDocReadsBack(t *testing.T) {
	d, err := paper.New(paper.Options{Title: "拣货单 test", Created: time.Date(2026, 12, 6, 9, 0, 0, 0, time.UTC)})
	require.NoError(t, err)
	d.AddPage()
	d.Text(10, 10, 190, "Pick list Größe naïve", paper.Style{Size: 14, Bold: true})
	d.Text(10, 20, 190, "拣货单 易碎 贵重 重物", paper.Style{Size: 14, Bold: true})
	d.Text(10, 30, 190, "SKU-1 无线鼠标 (black) 黑色", paper.Style{Size: 10})
	d.Text(10, 40, 190, "right", paper.Style{Size: 10, Align: paper.Right})
	w, err := d.Barcode(10, 50, 80, 12, "TASK-000042")
	require.NoError(t, err)
	require.LessOrEqual(t, w, 80.0)
	require.Greater(t, w, 40.0, "bars as wide as the box allows, up to 0.33 mm")
	_, err = d.Barcode(10, 70, 10, 12, "TASK-000042")
	require.ErrorIs(t, err, paper.ErrTooWide)
	_, err = d.Barcode(10, 70, 80, 12, "货")
	require.ErrorIs(t, err, paper.ErrUnencodable)

	var buf bytes.Buffer
	require.NoError(t, d.Output(&buf))
	require.Less(t, buf.Len(), 100_000, "the fonts are subset, not embedded whole")

	text := papertest.Text(t, buf.Bytes())
	for _, want := range []string{"Pick list Größe naïve", "拣货单 易碎 贵重 重物", "SKU-1 无线鼠标 (black) 黑色", "right"} {
		require.Contains(t, text, want)
	}
	pages := papertest.Pages(t, buf.Bytes(), dpi)
	require.Len(t, pages, 1)
	got, err := papertest.Code128(pages[0], dpi, papertest.Rect{X: 8, Y: 48, W: 90, H: 16})
	require.NoError(t, err)
	require.Equal(t, "TASK-000042", got)
}

// The same input gives the same bytes, so documents can be compared and
// cached.
func TestDocIsReproducible(t *testing.T) {
	render := func() []byte {
		d, err := paper.New(paper.Options{Created: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)})
		require.NoError(t, err)
		d.AddPage()
		d.Text(10, 10, 100, "同一 same", paper.Style{Size: 10})
		var buf bytes.Buffer
		require.NoError(t, d.Output(&buf))
		return buf.Bytes()
	}
	require.True(t, bytes.Equal(render(), render()))
}

func TestWrapAndTruncateFit(t *testing.T) {
	d, err := paper.New(paper.Options{})
	require.NoError(t, err)
	st := paper.Style{Size: 9}
	long := strings.Repeat("Organic jasmine green tea 有机茉莉花绿茶 ", 50)
	lines := d.Wrap(long, st, 50, 3)
	require.Len(t, lines, 3)
	for _, l := range lines {
		require.LessOrEqual(t, d.Width(l, st), 50.0+1e-9, "%q", l)
		require.NotEmpty(t, l)
	}
	require.True(t, strings.HasSuffix(lines[2], "…"))
	require.Equal(t, []string{"short"}, d.Wrap("short", st, 50, 3))
	require.Equal(t, []string{"两行", "文字"}, d.Wrap("两行文字", st, d.Width("两行", st)+0.01, 3))
	require.Equal(t, "a b ", d.Truncate("a\nb\x00", st, 100), "controls print as spaces")

	fit := d.Fit("A-01-02-03", paper.Style{Size: 20, Bold: true}, 20, 8)
	require.Less(t, fit.Size, 20.0)
	require.GreaterOrEqual(t, fit.Size, 8.0)
	require.Empty(t, d.Truncate("anything", st, 0.1), "no room even for an ellipsis")
}

// Whatever the text, drawing it neither panics nor fails the document.
func TestHostileText(t *testing.T) {
	d, err := paper.New(paper.Options{Title: "bad \xff title\n\u202e"})
	require.NoError(t, err)
	d.AddPage()
	st := paper.Style{Size: 10, Bold: true}
	for _, s := range []string{
		"",
		strings.Repeat("名", 10_000),
		strings.Repeat("x", 10_000),
		"tab\tnew\nline\r\x00\x1b[31m\u202eoverride\u200b",
		"\xff\xfe invalid utf-8 \xc3",
		"emoji 📦🚚 and U+FFFF \uffff",
		"(unbalanced \\ parens) ((",
		"Ωмега العربية עברית",
	} {
		d.Text(10, 10, 100, s, st)
		_ = d.Wrap(s, st, 40, 4)
		_ = d.Fit(s, st, 40, 6)
		_, _ = d.Barcode(10, 30, 100, 10, s)
	}
	var buf bytes.Buffer
	require.NoError(t, d.Output(&buf))
}

// A document with no page still makes a valid PDF.
func TestEmptyDoc(t *testing.T) {
	d, err := paper.New(paper.Options{})
	require.NoError(t, err)
	var buf bytes.Buffer
	require.NoError(t, d.Output(&buf))
	require.True(t, bytes.HasPrefix(buf.Bytes(), []byte("%PDF-")))
}

// Documents written at the same time do not share state: fpdf writes into
// the font bytes it subsets, so each document must have its own (run with
// -race), and the embedded fonts stay as vendored.
func TestDocsInParallel(t *testing.T) {
	before := sha256.Sum256(paper.CJKFontForTest())
	t.Run("group", func(t *testing.T) {
		for i := range 4 {
			t.Run(strconv.Itoa(i), func(t *testing.T) {
				t.Parallel()
				d, err := paper.New(paper.Options{})
				require.NoError(t, err)
				d.AddPage()
				d.Text(10, 10, 190, "并行 parallel 龘 "+strconv.Itoa(i), paper.Style{Size: 12, Bold: i%2 == 0})
				require.NoError(t, d.Output(io.Discard))
			})
		}
	})
	require.Equal(t, before, sha256.Sum256(paper.CJKFontForTest()), "the embedded font is unchanged")
}

// A QR code drawn as vector squares decodes back to its text, Chinese
// included, and refuses what it cannot hold or fit.
func TestQRReadsBack(t *testing.T) {
	d, err := paper.New(paper.Options{StandardLatin: true})
	require.NoError(t, err)
	d.AddPage()
	payloads := []string{"1Z999AA10123456784|UPS|94107", "WAYBILL 订单 ORD-42 ñ", "12345678901234567890"}
	for i, p := range payloads {
		side, err := d.QR(10, 10+float64(i)*50, 40, p)
		require.NoError(t, err)
		require.LessOrEqual(t, side, 40.0)
	}
	_, err = d.QR(10, 200, 5, "too small a box for this")
	require.ErrorIs(t, err, paper.ErrTooWide)
	_, err = d.QR(10, 200, 40, strings.Repeat("x", 3000))
	require.ErrorIs(t, err, paper.ErrQRTooLong)
	_, err = d.QR(10, 200, 40, "")
	require.ErrorIs(t, err, paper.ErrQRTooLong)
	var buf bytes.Buffer
	require.NoError(t, d.Output(&buf))
	pages := papertest.Pages(t, buf.Bytes(), dpi)
	for i, p := range payloads {
		got, err := papertest.QR(pages[0], dpi, papertest.Rect{X: 5, Y: 5 + float64(i)*50, W: 50, H: 50})
		require.NoError(t, err, p)
		require.Equal(t, p, got)
	}
}

// With StandardLatin, Latin-1 text is set in the standard Helvetica (no
// font embedded, so the file is small) and Chinese still in the embedded
// face; pdftotext reads both.
func TestStandardLatin(t *testing.T) {
	render := func(s string) []byte {
		d, err := paper.New(paper.Options{StandardLatin: true})
		require.NoError(t, err)
		d.AddPage()
		d.Text(10, 10, 190, s, paper.Style{Size: 12, Bold: true})
		d.Text(10, 20, 190, s, paper.Style{Size: 9})
		var buf bytes.Buffer
		require.NoError(t, d.Output(&buf))
		return buf.Bytes()
	}
	latin := render("Größe naïve Café €5 – ok")
	require.Less(t, len(latin), 4000, "no font embedded")
	require.Contains(t, papertest.Text(t, latin), "Größe naïve Café €5 – ok")
	mixed := render("Ship to 上海市 Łódź")
	require.Contains(t, papertest.Text(t, mixed), "Ship to 上海市 Łódź")
}

// A document that announces its text gets its faces cut to it (Chinese,
// and Latin the standard face lacks, both weights): it reads back the
// same and looks the same to the pixel, and a character it did not
// announce is still set, from the whole face.
func TestAnnouncedText(t *testing.T) {
	announced := "收件人 上海市黄浦区 南京东路100号 王小明 Łódź Ćma"
	d, err := paper.New(paper.Options{StandardLatin: true, Text: announced})
	require.NoError(t, err)
	d.AddPage()
	d.Text(10, 10, 190, "收件人 上海市黄浦区", paper.Style{Size: 12})
	d.Text(10, 20, 190, "南京东路100号 王小明", paper.Style{Size: 12, Bold: true})
	d.Text(10, 30, 190, "未预告的字 龘", paper.Style{Size: 12})
	d.Text(10, 40, 190, "Łódź Ćma", paper.Style{Size: 12, Bold: true})
	d.Text(10, 50, 190, "Łódź Ćma Ŝ", paper.Style{Size: 12})
	var buf bytes.Buffer
	require.NoError(t, d.Output(&buf))
	text := papertest.Text(t, buf.Bytes())
	for _, want := range []string{"收件人 上海市黄浦区", "南京东路100号 王小明", "未预告的字 龘", "Łódź Ćma", "Łódź Ćma Ŝ"} {
		require.Contains(t, text, want)
	}
	// The page looks the same as one set from the whole face.
	whole, err := paper.New(paper.Options{StandardLatin: true})
	require.NoError(t, err)
	whole.AddPage()
	whole.Text(10, 10, 190, "收件人 上海市黄浦区", paper.Style{Size: 12})
	whole.Text(10, 20, 190, "南京东路100号 王小明", paper.Style{Size: 12, Bold: true})
	whole.Text(10, 30, 190, "未预告的字 龘", paper.Style{Size: 12})
	whole.Text(10, 40, 190, "Łódź Ćma", paper.Style{Size: 12, Bold: true})
	whole.Text(10, 50, 190, "Łódź Ćma Ŝ", paper.Style{Size: 12})
	var wbuf bytes.Buffer
	require.NoError(t, whole.Output(&wbuf))
	a, b := papertest.Pages(t, buf.Bytes(), 100)[0], papertest.Pages(t, wbuf.Bytes(), 100)[0]
	require.Equal(t, a.Bounds(), b.Bounds())
	diff := 0
	for y := a.Bounds().Min.Y; y < a.Bounds().Max.Y; y++ {
		for x := a.Bounds().Min.X; x < a.Bounds().Max.X; x++ {
			if a.At(x, y) != b.At(x, y) {
				diff++
			}
		}
	}
	require.Zero(t, diff, "pixels that differ")
}
