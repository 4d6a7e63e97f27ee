package paper

import (
	"encoding/binary"
	"slices"
)

// The Chinese face's character map covers some 30,000 characters, and
// fpdf reads all of it into maps twice per document (when the face is
// added and again when the subset is written): most of a Chinese label's
// time. A document that knows its text up front (Options.Text) instead
// gives fpdf a copy of the face whose map lists only that text's
// characters. Glyphs, their numbers and metrics are untouched, so fpdf
// subsets and embeds them as before.

// maxCutRunes keeps the cut map's format 4 table under its 64 KB limit
// (one segment of 8 bytes per character).
const maxCutRunes = 6000

// cutCMap returns a copy of the TrueType font whose cmap table maps only
// runes (each with its glyph from gid), as one format 4 subtable
// (Windows, Unicode BMP); ok is false when the font cannot be cut so
// (no cmap, too many runes), and the caller uses the whole face.
func cutCMap(font []byte, runes map[rune]uint16) ([]byte, bool) {
	if len(runes) == 0 || len(runes) > maxCutRunes || len(font) < 12 {
		return nil, false
	}
	numTables := int(binary.BigEndian.Uint16(font[4:]))
	entry := -1
	for i := range numTables {
		at := 12 + 16*i
		if at+16 > len(font) {
			return nil, false
		}
		if string(font[at:at+4]) == "cmap" {
			entry = at
		}
	}
	if entry < 0 {
		return nil, false
	}
	keys := make([]rune, 0, len(runes))
	for r := range runes {
		if r > 0 && r < 0xFFFF {
			keys = append(keys, r)
		}
	}
	slices.Sort(keys)
	table := format4(keys, runes)
	out := make([]byte, 0, len(font)+len(table)+4)
	out = append(out, font...)
	for len(out)%4 != 0 {
		out = append(out, 0)
	}
	binary.BigEndian.PutUint32(out[entry+8:], uint32(len(out)))
	binary.BigEndian.PutUint32(out[entry+12:], uint32(len(table)))
	return append(out, table...), true
}

// format4 builds a cmap table holding one format 4 subtable with a
// segment per rune (idDelta maps it to its glyph) and the closing 0xFFFF
// segment the format requires.
func format4(keys []rune, gid map[rune]uint16) []byte {
	seg := len(keys) + 1
	search, selector := 1, 0
	for search*2 <= seg {
		search *= 2
		selector++
	}
	sub := make([]byte, 16+8*seg)
	be := binary.BigEndian
	be.PutUint16(sub[0:], 4)
	be.PutUint16(sub[2:], uint16(len(sub)))
	be.PutUint16(sub[6:], uint16(2*seg))
	be.PutUint16(sub[8:], uint16(2*search))
	be.PutUint16(sub[10:], uint16(selector))
	be.PutUint16(sub[12:], uint16(2*seg-2*search))
	end, start := 14, 16+2*seg
	delta := start + 2*seg
	for i, r := range append(keys, 0xFFFF) {
		be.PutUint16(sub[end+2*i:], uint16(r))
		be.PutUint16(sub[start+2*i:], uint16(r))
		g := uint16(1) // the closing segment maps 0xFFFF to glyph 0
		if r != 0xFFFF {
			g = gid[r] - uint16(r)
		}
		be.PutUint16(sub[delta+2*i:], g)
		// idRangeOffset stays 0: the glyph is rune + idDelta.
	}
	head := []byte{0, 0, 0, 1, 0, 3, 0, 1, 0, 0, 0, 12} // version 0, one subtable: Windows, Unicode BMP, at 12
	return append(head, sub...)
}
