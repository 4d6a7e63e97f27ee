package paper

import (
	_ "embed"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/image/font/sfnt"
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

// face is one of the two families a run of text is set in.
type face int

const (
	latin face = iota // Liberation Sans: Latin, Greek, Cyrillic, symbols
	cjk               // Droid Sans Fallback: Chinese, kana, Hangul, full-width forms
)

// family is the name the face is registered under in the PDF.
func (f face) family() string {
	if f == cjk {
		return "cjk"
	}
	return "latin"
}

// coverage tells which face draws a rune, from the faces' own cmap tables.
type coverage struct {
	latin, cjk *sfnt.Font
	buf        sfnt.Buffer
	memo       map[rune]face
}

func newCoverage() (*coverage, error) {
	l, err := sfnt.Parse(latinRegular)
	if err != nil {
		return nil, fmt.Errorf("parse the Latin font: %w", err)
	}
	c, err := sfnt.Parse(cjkRegular)
	if err != nil {
		return nil, fmt.Errorf("parse the CJK font: %w", err)
	}
	return &coverage{latin: l, cjk: c, memo: map[rune]face{}}, nil
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
	switch {
	case c.has(c.latin, r):
		c.memo[r] = latin
	case c.has(c.cjk, r):
		c.memo[r] = cjk
	default:
		return latin, false
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
	curFace := latin
	flush := func() {
		if len(cur) > 0 {
			out = append(out, run{face: curFace, text: string(cur)})
			cur = cur[:0]
		}
	}
	for _, r := range s {
		f := latin
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
