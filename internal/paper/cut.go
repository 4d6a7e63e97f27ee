package paper

import "golang.org/x/image/font/sfnt"

// cutFace is an embedded face cut to the characters a document announced
// (Options.Text): the font given to fpdf, and its characters.
type cutFace struct {
	font  []byte
	runes map[rune]uint16
}

// covers reports whether every rune of s is in the cut face.
func (c *cutFace) covers(s string) bool {
	for _, r := range s {
		if _, ok := c.runes[r]; !ok {
			return false
		}
	}
	return true
}

// cutFaces cuts the embedded faces to the characters of text each would
// set: Chinese from the Chinese face, Latin (what the standard face does
// not carry, when StandardLatin) from both weights of the Latin one. A
// face that cannot be cut is left whole.
func (d *Doc) cutFaces(text string) {
	byFace := map[face][]rune{}
	for _, r := range d.cover.runs(text) {
		if r.face == cjk || r.face == latin {
			byFace[r.face] = append(byFace[r.face], []rune(r.text)...)
		}
	}
	d.cuts = map[glyphKey]*cutFace{}
	for _, k := range []struct {
		key  glyphKey
		src  []byte
		font *sfnt.Font
	}{
		{glyphKey{face: cjk}, cjkRegular, d.cover.cjk},
		{glyphKey{face: latin}, latinRegular, d.cover.latin},
		{glyphKey{face: latin, bold: true}, latinBold, d.cover.latinBold},
	} {
		rs := byFace[k.key.face]
		if len(rs) == 0 {
			continue
		}
		runes := map[rune]uint16{}
		for _, c := range rs {
			if _, ok := runes[c]; ok {
				continue
			}
			if g, err := k.font.GlyphIndex(&d.cover.buf, c); err == nil && g != 0 {
				runes[c] = uint16(g)
			}
		}
		if len(runes) == 0 || len(runes) > maxCutRunes {
			continue
		}
		if sub, err := subsetFont(k.src, runes); err == nil {
			d.cuts[k.key] = &cutFace{font: sub, runes: runes}
		} else if cut, ok := cutCMap(k.src, runes); ok {
			d.cuts[k.key] = &cutFace{font: cut, runes: runes}
		}
	}
}
