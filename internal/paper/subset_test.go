package paper

import (
	"testing"

	"github.com/stretchr/testify/require"
	"golang.org/x/image/font"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

// A subset font maps each rune to a glyph drawn exactly as in the whole
// font, composite glyphs (Latin letters with accents) included, with the
// same advance; it holds only the glyphs asked for and their components.
func TestSubsetFont(t *testing.T) {
	for _, tc := range []struct {
		name string
		src  []byte
		text string
	}{
		{"Latin, composites", latinRegular, "éÅçñÀ Ǻ ABC"},
		{"Chinese", cjkRegular, "上海市黄浦区南京东路龘"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			whole, err := sfnt.Parse(tc.src)
			require.NoError(t, err)
			var buf sfnt.Buffer
			runes := map[rune]uint16{}
			for _, r := range tc.text {
				g, err := whole.GlyphIndex(&buf, r)
				require.NoError(t, err)
				if g != 0 {
					runes[r] = uint16(g)
				}
			}
			sub, err := subsetFont(tc.src, runes)
			require.NoError(t, err)
			require.Less(t, len(sub), len(tc.src)/10)
			cut, err := sfnt.Parse(sub)
			require.NoError(t, err)
			require.LessOrEqual(t, cut.NumGlyphs(), 3*len(runes)+1)
			var cbuf sfnt.Buffer
			ppem := fixed.Int26_6(whole.UnitsPerEm())
			for r, g := range runes {
				cg, err := cut.GlyphIndex(&cbuf, r)
				require.NoError(t, err)
				require.NotZero(t, cg, "%q", r)
				want, err := whole.LoadGlyph(&buf, sfnt.GlyphIndex(g), ppem, nil)
				require.NoError(t, err)
				want = append(sfnt.Segments{}, want...)
				got, err := cut.LoadGlyph(&cbuf, cg, ppem, nil)
				require.NoError(t, err)
				require.Equal(t, want, append(sfnt.Segments{}, got...), "%q", r)
				wa, _ := whole.GlyphAdvance(&buf, sfnt.GlyphIndex(g), ppem, font.HintingNone)
				ga, _ := cut.GlyphAdvance(&cbuf, cg, ppem, font.HintingNone)
				require.Equal(t, wa, ga, "%q", r)
			}
		})
	}
}

// FuzzSubsetFont: a damaged font is refused or cut, never a panic.
func FuzzSubsetFont(f *testing.F) {
	f.Add(0, byte(0))
	f.Add(40, byte(0xff))
	f.Add(1000, byte(7))
	f.Add(300, byte(0x80))
	f.Fuzz(func(t *testing.T, at int, b byte) {
		src := append([]byte(nil), latinRegular...)
		if at >= 0 && at < len(src) {
			src[at] = b
		}
		_, _ = subsetFont(src, map[rune]uint16{'A': 36, 'é': 200})
	})
}

// Announced text cuts the faces it needs, and only those.
func TestCutFaces(t *testing.T) {
	d, err := New(Options{StandardLatin: true, Text: "Ship to 上海 Łódź"})
	require.NoError(t, err)
	require.Len(t, d.cuts, 3, "Chinese, and both weights of Latin for Ł and ź")
	require.True(t, d.cuts[glyphKey{face: cjk}].covers("上海"))
	require.False(t, d.cuts[glyphKey{face: cjk}].covers("上海龘"))
	d, err = New(Options{StandardLatin: true, Text: "Ship to Café"})
	require.NoError(t, err)
	require.Empty(t, d.cuts, "Windows-1252 text needs no embedded face")
}
