package picklist

import (
	"bytes"
	"testing"
)

// BenchmarkRender60 renders a 60-stop Chinese pick list and reports the
// PDF's size: the fonts are parsed per document and subset in the output.
func BenchmarkRender60(b *testing.B) {
	s := sheet("zh", 60)
	var buf bytes.Buffer
	for b.Loop() {
		buf.Reset()
		if err := Render(&buf, s); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(buf.Len()), "pdf-bytes")
}
