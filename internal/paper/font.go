package paper

import (
	"bytes"
	_ "embed"
	"fmt"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/image/font"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
	"golang.org/x/text/encoding/charmap"
)

// The faces every document embeds (fonts/README.md says where they come
// from and under which licences). fpdf writes only the glyphs a document
// uses, so a page costs kilobytes, not the files' megabytes.
var (
	//go:embed fonts/LiberationSans-Regular.ttf
	latinRegular []byte
	//go:embed fonts/LiberationSans-Bold.ttf
	latinBold []byte
	//go:embed fonts/DroidSansFallbackFull.ttf
	cjkRegular []byte
)

// face is one of the families a run of text is set in.
type face int

const (
	latin    face = iota // Liberation Sans: Latin, Greek, Cyrillic, symbols
	cjk                  // Droid Sans Fallback: Chinese, kana, Hangul, full-width forms
	standard             // the PDF's own Helvetica, not embedded: Windows-1252 text when Options.StandardLatin
	cjkAll               // Droid Sans Fallback whole, for a rune outside a document's announced text (Options.Text)
	latinAll             // Liberation Sans whole, likewise
)

// base is the face a whole-face variant stands in for.
func (f face) base() face {
	switch f {
	case cjkAll:
		return cjk
	case latinAll:
		return latin
	}
	return f
}

// whole is the variant of a cut face that is registered whole.
func (f face) whole() face {
	switch f {
	case cjk:
		return cjkAll
	case latin:
		return latinAll
	}
	return f
}

// family is the name the face is registered under in the PDF.
func (f face) family() string {
	switch f {
	case cjk:
		return "cjk"
	case cjkAll:
		return "cjkall"
	case latinAll:
		return "latinall"
	case standard:
		return "Helvetica"
	}
	return "latin"
}

// parsed are the embedded faces' outlines and metrics, parsed once per
// process and only read after: sfnt.Font is safe for concurrent use, each
// caller bringing its own sfnt.Buffer.
type parsed struct {
	latin, latinBold, cjk *sfnt.Font
}

// parseFonts parses the embedded faces on first use; documents share them.
var parseFonts = sync.OnceValues(func() (*parsed, error) {
	var p parsed
	for _, f := range []struct {
		dst  **sfnt.Font
		src  []byte
		name string
	}{{&p.latin, latinRegular, "Latin"}, {&p.latinBold, latinBold, "Latin bold"}, {&p.cjk, cjkRegular, "CJK"}} {
		font, err := sfnt.Parse(f.src)
		if err != nil {
			return nil, fmt.Errorf("parse the %s font: %w", f.name, err)
		}
		*f.dst = font
	}
	return &p, nil
})

// coverage tells which face draws a rune, from the faces' own cmap tables,
// and how wide it is, from their hmtx tables.
type coverage struct {
	*parsed
	buf      sfnt.Buffer
	memo     map[rune]face
	standard bool // Windows-1252 runes go to the standard face
}

func newCoverage(standard bool) (*coverage, error) {
	p, err := parseFonts()
	if err != nil {
		return nil, err
	}
	return &coverage{parsed: p, memo: map[rune]face{}, standard: standard}, nil
}

// advance is r's advance in mm at 1 pt in face f. The standard face takes
// Liberation Sans's widths: it is metric-compatible with Helvetica.
func (c *coverage) advance(r rune, f face, bold bool) float64 {
	sf := c.latin
	switch {
	case f.base() == cjk:
		sf = c.cjk
	case bold:
		sf = c.latinBold
	}
	g, err := sf.GlyphIndex(&c.buf, r)
	if err != nil {
		return 0
	}
	upem := sf.UnitsPerEm()
	adv, err := sf.GlyphAdvance(&c.buf, g, fixed.Int26_6(upem), font.HintingNone)
	if err != nil {
		return 0
	}
	return float64(adv) / float64(upem) * ptToMM
}

// winAnsi encodes s in Windows-1252, as the standard face's text must be;
// every rune was checked by faceOf.
func winAnsi(s string) string {
	var b bytes.Buffer
	for _, r := range s {
		if c, ok := charmap.Windows1252.EncodeRune(r); ok {
			b.WriteByte(c)
		} else {
			b.WriteByte('?')
		}
	}
	return b.String()
}

// plain is the face of spaces and of the '?' that stands for what no face
// draws.
func (c *coverage) plain() face {
	if c.standard {
		return standard
	}
	return latin
}

// has reports whether f has a glyph for r.
func (c *coverage) has(f *sfnt.Font, r rune) bool {
	g, err := f.GlyphIndex(&c.buf, r)
	return err == nil && g != 0
}

// faceOf picks the face for r, preferring Latin for what both draw; ok is
// false when neither does.
func (c *coverage) faceOf(r rune) (face, bool) {
	if f, ok := c.memo[r]; ok {
		return f, true
	}
	_, inWinAnsi := charmap.Windows1252.EncodeRune(r)
	switch {
	case c.standard && inWinAnsi && c.has(c.latin, r):
		c.memo[r] = standard
	case c.has(c.latin, r):
		c.memo[r] = latin
	case c.has(c.cjk, r):
		c.memo[r] = cjk
	default:
		return c.plain(), false
	}
	return c.memo[r], true
}

// clean makes s valid UTF-8 on one line, for metadata no font draws.
func clean(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) {
			return ' '
		}
		return r
	}, strings.ToValidUTF8(s, "?"))
}

// run is a stretch of text set in one face.
type run struct {
	face face
	text string
}

// runs cleans s for one line of print and cuts it into runs by face:
// invalid UTF-8, runes no face draws and runes past the Basic Multilingual
// Plane (which fpdf cannot set) become '?'; control and format characters
// (newlines, tabs, bidirectional overrides) become spaces.
func (c *coverage) runs(s string) []run {
	var out []run
	var cur []rune
	curFace := c.plain()
	flush := func() {
		if len(cur) > 0 {
			out = append(out, run{face: curFace, text: string(cur)})
			cur = cur[:0]
		}
	}
	for _, r := range s {
		f := c.plain()
		switch {
		case r == utf8.RuneError || r > 0xFFFF:
			r = '?'
		case unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || unicode.IsSpace(r):
			r = ' '
		default:
			var ok bool
			if f, ok = c.faceOf(r); !ok {
				r = '?'
			}
		}
		if f != curFace {
			flush()
			curFace = f
		}
		cur = append(cur, r)
	}
	flush()
	return out
}
