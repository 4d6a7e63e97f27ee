// Package paper writes printed documents as PDF: pick lists, labels,
// packing slips and invoices. It sets Latin and Chinese text with the
// fonts it embeds (no network, no font on the host), fits or truncates
// text to a width, and draws Code 128 barcodes and QR codes as vector
// shapes that scan at any print resolution. Coordinates are millimetres
// from the page's top left.
package paper

import (
	"cmp"
	"fmt"
	"io"
	"time"

	"codeberg.org/go-pdf/fpdf"
)

// Size is a page's width and height in millimetres.
type Size struct{ W, H float64 }

// a4 is the page when Options leave the size out, portrait.
var a4 = Size{W: 210, H: 297}

// Options describe a document; zero values take the defaults.
type Options struct {
	Size    Size      // A4 when zero
	Title   string    // the PDF's title, shown by viewers
	Created time.Time // the PDF's creation date; set it for byte-identical output
	// StandardLatin sets text that Windows-1252 can carry in the PDF's
	// standard Helvetica, which viewers and printers bring, instead of
	// embedding Liberation Sans: a short document (a label) is written many
	// times faster, because embedding a TrueType face is most of its cost.
	// Other text (Chinese, Cyrillic, Polish ł) is still set in the embedded
	// faces.
	StandardLatin bool
	// Text is all the text the document will set, when the caller knows
	// it up front (a label does). The embedded faces are then given to
	// fpdf cut to this text's characters, which makes a short document
	// with Chinese or non-Western Latin (Łódź) many times faster; a
	// character drawn that was not announced is still set, from the whole
	// face.
	Text string
}

// Doc is one document being written. It is not safe for concurrent use;
// make one per document.
type Doc struct {
	pdf   *fpdf.Fpdf
	size  Size
	cover *coverage
	width map[glyphKey]float64  // a rune's advance at 1 pt, by face and weight
	added map[glyphKey]bool     // the faces registered with fpdf, rune zero
	cuts  map[glyphKey]*cutFace // faces cut to Options.Text, by face and weight (rune zero)
}

// New starts a document with no page. The embedded faces are registered
// when text first needs them, so a document without Chinese does not pay
// for parsing the Chinese face.
func New(o Options) (*Doc, error) {
	size := o.Size
	if size.W <= 0 || size.H <= 0 {
		size = a4
	}
	cover, err := newCoverage(o.StandardLatin)
	if err != nil {
		return nil, err
	}
	pdf := fpdf.NewCustom(&fpdf.InitType{
		OrientationStr: "P",
		UnitStr:        "mm",
		Size:           fpdf.SizeType{Wd: size.W, Ht: size.H},
	})
	pdf.SetCatalogSort(true) // fonts in a fixed order: the same input, the same bytes
	pdf.SetAutoPageBreak(false, 0)
	pdf.SetMargins(0, 0, 0)
	pdf.SetTitle(clean(o.Title), true) // fpdf panics on invalid UTF-8 here
	pdf.SetCreator("Waybill", true)
	pdf.SetProducer("Waybill", true)
	created := cmp.Or(o.Created, time.Now())
	pdf.SetCreationDate(created)
	pdf.SetModificationDate(created)
	d := &Doc{pdf: pdf, size: size, cover: cover, width: map[glyphKey]float64{}, added: map[glyphKey]bool{}}
	if o.Text != "" {
		d.cutFaces(o.Text)
	}
	return d, nil
}

// Size is the document's page size.
func (d *Doc) Size() Size { return d.size }

// AddPage starts a new page; drawing goes to it until the next.
func (d *Doc) AddPage() { d.pdf.AddPage() }

// Line draws a black line of the given width (mm).
func (d *Doc) Line(x1, y1, x2, y2, width float64) {
	d.pdf.SetDrawColor(0, 0, 0)
	d.pdf.SetLineWidth(width)
	d.pdf.Line(x1, y1, x2, y2)
}

// Fill paints a rectangle in a grey level, 0 black to 255 white, to shade
// header rows and stripes.
func (d *Doc) Fill(x, y, w, h float64, gray int) {
	d.pdf.SetFillColor(gray, gray, gray)
	d.pdf.Rect(x, y, w, h, "F")
}

// Output writes the finished PDF, or the first error met while drawing.
func (d *Doc) Output(w io.Writer) error {
	if d.pdf.PageCount() == 0 {
		d.pdf.AddPage() // a PDF with no page is not a valid file
	}
	if err := d.pdf.Output(w); err != nil {
		return fmt.Errorf("write the PDF: %w", err)
	}
	return nil
}
