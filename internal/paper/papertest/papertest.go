// Package papertest reads printed documents back the way a person and a
// scanner would: poppler's pdftoppm rasterises the pages, gozxing decodes
// the barcodes on them, pdftotext extracts the text. Tests that use it
// check what is on the paper, not how the PDF was written.
package papertest

import (
	"bufio"
	"bytes"
	"fmt"
	"image"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/oned"
	"github.com/makiuchi-d/gozxing/qrcode"
)

const install = "apt-get install poppler-utils"

// tool finds a poppler program. Without it the test is skipped on a
// workstation and fails on CI, where .ci/run installs it.
func tool(t testing.TB, name string) string {
	t.Helper()
	if p, err := exec.LookPath(name); err == nil {
		return p
	}
	if os.Getenv("CI") != "" {
		t.Fatalf("%s is not installed: %s", name, install)
	}
	t.Skipf("%s is not installed: %s", name, install)
	return ""
}

// Pages rasterises every page of pdf in grey at dpi dots per inch.
func Pages(t testing.TB, pdf []byte, dpi int) []image.Image {
	t.Helper()
	bin := tool(t, "pdftoppm")
	dir := t.TempDir()
	in := filepath.Join(dir, "doc.pdf")
	if err := os.WriteFile(in, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	// Raw PGM, not PNG: compressing the pages would take most of the time.
	cmd := exec.Command(bin, "-r", strconv.Itoa(dpi), "-gray", in, filepath.Join(dir, "page"))
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v: %s", err, out)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "page-*.pgm"))
	// page-1.pgm … or page-01.pgm …: order by the number, not the name.
	num := func(f string) int {
		n, _ := strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(filepath.Base(f), "page-"), ".pgm"))
		return n
	}
	sort.Slice(files, func(i, j int) bool { return num(files[i]) < num(files[j]) })
	pages := make([]image.Image, 0, len(files))
	for _, f := range files {
		img, err := readPGM(f)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		pages = append(pages, img)
	}
	return pages
}

// readPGM reads a binary greymap (P5, 8 bits) as pdftoppm writes it.
func readPGM(name string) (*image.Gray, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r := bufio.NewReader(f)
	var magic string
	var w, h, maxVal int
	if _, err := fmt.Fscan(r, &magic, &w, &h, &maxVal); err != nil || magic != "P5" {
		return nil, fmt.Errorf("not a binary PGM (%q): %v", magic, err)
	}
	if maxVal != 255 {
		return nil, fmt.Errorf("PGM of %d levels, want 256", maxVal+1)
	}
	if _, err := r.ReadByte(); err != nil { // the one whitespace after the header
		return nil, err
	}
	img := image.NewGray(image.Rect(0, 0, w, h))
	if _, err := io.ReadFull(r, img.Pix); err != nil {
		return nil, fmt.Errorf("PGM pixels: %w", err)
	}
	return img, nil
}

// Text is the document's text in content order (pdftotext -raw), pages
// separated by form feeds.
func Text(t testing.TB, pdf []byte) string {
	t.Helper()
	bin := tool(t, "pdftotext")
	cmd := exec.Command(bin, "-raw", "-enc", "UTF-8", "-", "-")
	cmd.Stdin = bytes.NewReader(pdf)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

// Rect is an area of a page in millimetres from its top left.
type Rect struct{ X, Y, W, H float64 }

// Code128 decodes the one Code 128 barcode inside r on a page rasterised
// at dpi.
func Code128(page image.Image, dpi int, r Rect) (string, error) {
	bmp, err := crop(page, dpi, r, gozxing.NewGlobalHistgramBinarizer)
	if err != nil {
		return "", err
	}
	res, err := oned.NewCode128Reader().Decode(bmp, map[gozxing.DecodeHintType]interface{}{
		gozxing.DecodeHintType_TRY_HARDER: true,
	})
	if err != nil {
		return "", err
	}
	return res.GetText(), nil
}

// QR decodes the one QR code inside r on a page rasterised at dpi.
func QR(page image.Image, dpi int, r Rect) (string, error) {
	bmp, err := crop(page, dpi, r, gozxing.NewHybridBinarizer)
	if err != nil {
		return "", err
	}
	res, err := qrcode.NewQRCodeReader().Decode(bmp, map[gozxing.DecodeHintType]interface{}{
		gozxing.DecodeHintType_TRY_HARDER:    true,
		gozxing.DecodeHintType_CHARACTER_SET: "UTF-8",
	})
	if err != nil {
		return "", err
	}
	return res.GetText(), nil
}

// crop cuts r out of a page rasterised at dpi, binarised for a reader: a
// global threshold suits bars, a local one (hybrid) suits 2D codes.
func crop(page image.Image, dpi int, r Rect, binarizer func(gozxing.LuminanceSource) gozxing.Binarizer) (*gozxing.BinaryBitmap, error) {
	px := func(mm float64) int { return int(mm / 25.4 * float64(dpi)) }
	area := image.Rect(px(r.X), px(r.Y), px(r.X+r.W)+1, px(r.Y+r.H)+1).Intersect(page.Bounds())
	sub, ok := page.(interface {
		SubImage(image.Rectangle) image.Image
	})
	if !ok {
		return nil, gozxing.NewFormatException("page image cannot be cropped")
	}
	return gozxing.NewBinaryBitmap(binarizer(gozxing.NewLuminanceSourceFromImage(sub.SubImage(area))))
}
