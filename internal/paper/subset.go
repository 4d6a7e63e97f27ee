package paper

import (
	"encoding/binary"
	"errors"
	"slices"
)

// subsetFont cuts a TrueType font (glyf outlines) down to the glyphs of
// runes (each given with its glyph number in the font) and the glyphs
// those are built from, renumbered from 1 in their old order after
// .notdef. It keeps the tables fpdf reads and embeds (head, hhea, maxp,
// hmtx, loca, glyf, cmap, name, OS/2, post, cvt, fpgm, prep, gasp) and
// drops the rest. fpdf reads the whole of a face it is given into maps,
// several times per document; handing it the 60 glyphs a Chinese label
// uses instead of the 30,000 the face holds is most of a Chinese
// document's time.
func subsetFont(font []byte, runes map[rune]uint16) ([]byte, error) {
	tables, err := tableDir(font)
	if err != nil {
		return nil, err
	}
	for _, tag := range []string{"head", "hhea", "maxp", "hmtx", "loca", "glyf"} {
		if _, ok := tables[tag]; !ok {
			return nil, errors.New("no " + tag + " table")
		}
	}
	be := binary.BigEndian
	head, hhea, maxp := tables["head"], tables["hhea"], tables["maxp"]
	if len(head) < 54 || len(hhea) < 36 || len(maxp) < 6 {
		return nil, errors.New("short head, hhea or maxp table")
	}
	longLoca := be.Uint16(head[50:]) == 1
	numGlyphs := int(be.Uint16(maxp[4:]))
	numH := int(be.Uint16(hhea[34:]))
	loca, glyf, hmtx := tables["loca"], tables["glyf"], tables["hmtx"]
	if numH < 1 || numH > numGlyphs || len(hmtx) < 4*numH+2*(numGlyphs-numH) {
		return nil, errors.New("bad hmtx table")
	}
	glyph := func(g int) ([]byte, bool) {
		if g < 0 || g >= numGlyphs {
			return nil, false
		}
		var a, b int
		if longLoca {
			if 4*g+8 > len(loca) {
				return nil, false
			}
			a, b = int(be.Uint32(loca[4*g:])), int(be.Uint32(loca[4*g+4:]))
		} else {
			if 2*g+4 > len(loca) {
				return nil, false
			}
			a, b = 2*int(be.Uint16(loca[2*g:])), 2*int(be.Uint16(loca[2*g+2:]))
		}
		if a > b || b > len(glyf) {
			return nil, false
		}
		return glyf[a:b], true
	}

	// The glyphs wanted, and the components of composite ones.
	keep := map[int]bool{0: true}
	var queue []int
	for _, g := range runes {
		if !keep[int(g)] {
			keep[int(g)] = true
			queue = append(queue, int(g))
		}
	}
	for len(queue) > 0 {
		g := queue[len(queue)-1]
		queue = queue[:len(queue)-1]
		data, ok := glyph(g)
		if !ok {
			return nil, errors.New("bad loca entry")
		}
		for _, at := range components(data) {
			c := int(be.Uint16(data[at:]))
			if !keep[c] {
				keep[c] = true
				queue = append(queue, c)
			}
		}
	}
	order := make([]int, 0, len(keep))
	for g := range keep {
		order = append(order, g)
	}
	slices.Sort(order)
	renum := make(map[int]uint16, len(order))
	for i, g := range order {
		renum[g] = uint16(i)
	}

	// glyf, loca (long) and hmtx in the new numbering.
	var newGlyf []byte
	newLoca := make([]byte, 4*(len(order)+1))
	newHmtx := make([]byte, 4*len(order))
	for i, g := range order {
		be.PutUint32(newLoca[4*i:], uint32(len(newGlyf)))
		data, _ := glyph(g)
		start := len(newGlyf)
		newGlyf = append(newGlyf, data...)
		for _, at := range components(data) {
			be.PutUint16(newGlyf[start+at:], renum[int(be.Uint16(data[at:]))])
		}
		for len(newGlyf)%4 != 0 {
			newGlyf = append(newGlyf, 0)
		}
		adv, lsb := be.Uint16(hmtx[4*(numH-1):]), uint16(0)
		if g < numH {
			adv, lsb = be.Uint16(hmtx[4*g:]), be.Uint16(hmtx[4*g+2:])
		} else {
			lsb = be.Uint16(hmtx[4*numH+2*(g-numH):])
		}
		be.PutUint16(newHmtx[4*i:], adv)
		be.PutUint16(newHmtx[4*i+2:], lsb)
	}
	be.PutUint32(newLoca[4*len(order):], uint32(len(newGlyf)))

	newHead := slices.Clone(head)
	be.PutUint32(newHead[8:], 0) // checkSumAdjustment: fpdf writes its own font
	be.PutUint16(newHead[50:], 1)
	newHhea := slices.Clone(hhea)
	be.PutUint16(newHhea[34:], uint16(len(order)))
	newMaxp := slices.Clone(maxp)
	be.PutUint16(newMaxp[4:], uint16(len(order)))
	gids := make(map[rune]uint16, len(runes))
	keys := make([]rune, 0, len(runes))
	for r, g := range runes {
		if r > 0 && r < 0xFFFF {
			gids[r] = renum[int(g)]
			keys = append(keys, r)
		}
	}
	slices.Sort(keys)
	out := map[string][]byte{
		"head": newHead, "hhea": newHhea, "maxp": newMaxp, "hmtx": newHmtx, "loca": newLoca, "glyf": newGlyf,
		"cmap": format4(keys, gids),
	}
	for _, tag := range []string{"name", "OS/2", "cvt ", "fpgm", "prep", "gasp"} {
		if t, ok := tables[tag]; ok {
			out[tag] = t
		}
	}
	if post, ok := tables["post"]; ok && len(post) >= 32 {
		p := slices.Clone(post[:32]) // format 3: no glyph names, which would be numbered the old way
		be.PutUint32(p[0:], 0x00030000)
		out["post"] = p
	}
	return assemble(out), nil
}

// components are the offsets, in a composite glyph's data, of its
// components' glyph numbers; none for a simple glyph.
func components(g []byte) []int {
	be := binary.BigEndian
	if len(g) < 10 || int16(be.Uint16(g)) >= 0 {
		return nil
	}
	const (
		argsAreWords  = 0x0001
		haveScale     = 0x0008
		moreComps     = 0x0020
		haveXYScale   = 0x0040
		haveTwoByTwo  = 0x0080
		componentHead = 4
	)
	var out []int
	at := 10
	for at+componentHead <= len(g) {
		flags := be.Uint16(g[at:])
		out = append(out, at+2)
		at += componentHead
		if flags&argsAreWords != 0 {
			at += 4
		} else {
			at += 2
		}
		switch {
		case flags&haveScale != 0:
			at += 2
		case flags&haveXYScale != 0:
			at += 4
		case flags&haveTwoByTwo != 0:
			at += 8
		}
		if flags&moreComps == 0 {
			break
		}
	}
	return out
}
