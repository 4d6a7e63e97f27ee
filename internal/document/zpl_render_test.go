package document_test

import (
	"bytes"
	"encoding/base64"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/document"
	"github.com/waybill/waybill/internal/paper/papertest"
)

// zplDir holds the pinned ZPL renderer (tests/zpl/package.json).
var zplDir = filepath.Join("..", "..", "tests", "zpl")

// renderZPL prints labels on a virtual 203 dpi Zebra: zpl-renderer-js
// (IngridHQ's zebrash compiled to WebAssembly, run by Node) turns the ZPL
// into one PNG per label. Without node or the npm packages the test is
// skipped on a workstation and fails on CI, where .ci/run installs them.
func renderZPL(t *testing.T, zpl []byte) []image.Image {
	t.Helper()
	missing := func(what string) {
		msg := what + ": install Node.js and run `npm ci` in tests/zpl to render ZPL labels"
		if os.Getenv("CI") != "" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	node, err := exec.LookPath("node")
	if err != nil {
		missing("node is not installed")
	}
	if _, err := os.Stat(filepath.Join(zplDir, "node_modules", "zpl-renderer-js", "package.json")); err != nil {
		missing("zpl-renderer-js is not installed in tests/zpl")
	}
	cmd := exec.Command(node, "render.cjs", "101.6", "152.4", "8")
	cmd.Dir = zplDir
	cmd.Stdin = bytes.NewReader(zpl)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	require.NoError(t, err, "render.cjs: %s", stderr.String())
	var imgs []image.Image
	for _, line := range strings.Fields(string(out)) {
		raw, err := base64.StdEncoding.DecodeString(line)
		require.NoError(t, err, "render.cjs wrote %d bytes, not base64: %.80q", len(line), line)
		img, err := png.Decode(bytes.NewReader(raw))
		require.NoError(t, err)
		imgs = append(imgs, img)
	}
	return imgs
}

// Labels written as ZPL, printed by a ZPL renderer and scanned: the Code
// 128 decodes to the tracking number and the QR code to the payload, on
// ordinary labels and on labels full of hostile text.
func TestLabelZPLPrintsAndScans(t *testing.T) {
	labels := []document.Label{usLabel(), cnLabel(), returnLabel()}
	for _, s := range hostile {
		l := usLabel()
		l.Recipient.Name, l.Recipient.Line1, l.Carrier, l.SortCode, l.OrderNumber = s, s, s, s, s
		l.References = []document.Reference{{Name: s, Value: s}}
		labels = append(labels, l)
	}
	var all bytes.Buffer
	for _, l := range labels {
		z, err := document.LabelZPL(l, document.Options{})
		require.NoError(t, err)
		all.Write(z)
	}
	imgs := renderZPL(t, all.Bytes())
	require.Len(t, imgs, len(labels), "one printed label per ^XA … ^XZ: no text opened or closed a label")
	const zplDPI = 203
	for i, l := range labels {
		b := imgs[i].Bounds()
		require.InDelta(t, 813, b.Dx(), 2)
		require.InDelta(t, 1219, b.Dy(), 2)
		got, err := papertest.Code128(imgs[i], zplDPI, trackingArea)
		require.NoError(t, err, "label %d", i)
		require.Equal(t, l.Tracking, got, "label %d", i)
		got, err = papertest.QR(imgs[i], zplDPI, qrArea)
		require.NoError(t, err, "label %d", i)
		require.Equal(t, document.QRPayload(l), got, "label %d", i)
	}
}
