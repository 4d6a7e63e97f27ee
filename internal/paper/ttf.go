package paper

import (
	"encoding/binary"
	"errors"
	"slices"
)

// Reading and writing the TrueType file structure (the table directory)
// for subsetFont.

// tableDir reads a TrueType font's table directory: each table's bytes by
// tag, checked to lie inside the file.
func tableDir(font []byte) (map[string][]byte, error) {
	be := binary.BigEndian
	if len(font) < 12 || (be.Uint32(font) != 0x00010000 && string(font[:4]) != "true") {
		return nil, errors.New("not a TrueType font")
	}
	n := int(be.Uint16(font[4:]))
	if 12+16*n > len(font) {
		return nil, errors.New("short table directory")
	}
	tables := make(map[string][]byte, n)
	for i := range n {
		e := font[12+16*i:]
		off, size := int(be.Uint32(e[8:])), int(be.Uint32(e[12:]))
		if off < 0 || size < 0 || off+size > len(font) {
			return nil, errors.New("table " + string(e[:4]) + " outside the file")
		}
		tables[string(e[:4])] = font[off : off+size]
	}
	return tables, nil
}

// assemble writes tables as a TrueType file, the directory sorted by tag
// and each table's checksum set, as the format asks.
func assemble(tables map[string][]byte) []byte {
	be := binary.BigEndian
	tags := make([]string, 0, len(tables))
	for t := range tables {
		tags = append(tags, t)
	}
	slices.Sort(tags)
	n := len(tags)
	search, selector := 1, 0
	for search*2 <= n {
		search *= 2
		selector++
	}
	out := make([]byte, 12+16*n)
	be.PutUint32(out, 0x00010000)
	be.PutUint16(out[4:], uint16(n))
	be.PutUint16(out[6:], uint16(16*search))
	be.PutUint16(out[8:], uint16(selector))
	be.PutUint16(out[10:], uint16(16*n-16*search))
	for i, tag := range tags {
		t := tables[tag]
		e := out[12+16*i:]
		copy(e, tag)
		be.PutUint32(e[4:], checksum(t))
		be.PutUint32(e[8:], uint32(len(out)))
		be.PutUint32(e[12:], uint32(len(t)))
		out = append(out, t...)
		for len(out)%4 != 0 {
			out = append(out, 0)
		}
	}
	return out
}

// checksum is a table's TrueType checksum: the sum of its big-endian
// uint32 words, the last one padded with zeros.
func checksum(t []byte) uint32 {
	var sum uint32
	for i := 0; i < len(t); i += 4 {
		var w [4]byte
		copy(w[:], t[i:])
		sum += binary.BigEndian.Uint32(w[:])
	}
	return sum
}
