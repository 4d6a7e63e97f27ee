// Package document renders what travels with a parcel: the 4x6 inch
// shipping label (as PDF for any printer and as ZPL for Zebra thermal
// printers), its return variant, the packing slip and the commercial
// invoice. Renderers are pure: a plain input struct in, bytes out, no I/O
// and no state shared between calls, so the pack station can print from
// any goroutine. Text is in English and Chinese side by side.
package document

import (
	"time"
)

// Options tune rendering; zero values take the defaults.
type Options struct {
	// Created is the PDF's creation date; set it for byte-identical output.
	Created time.Time
	// ZPLFont is the printer font a ZPL label sets text outside Latin-1 in
	// (Chinese, Cyrillic, Arabic), as device:name: a font resident on the
	// printer or downloaded to it beforehand (~DY, or Zebra's font
	// downloader). It is bound to font letter J with ^CW. Empty means
	// E:ANMDS.TTF, Zebra's Andale Mono Simplified Chinese. Latin-1 text is
	// set in the printer's built-in scalable font 0 and needs nothing.
	ZPLFont string
}

// defaultZPLFont is Zebra's Simplified Chinese TrueType font.
const defaultZPLFont = "E:ANMDS.TTF"
