package paper

import (
	"image"
	"image/color"
	"strings"
	"testing"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/oned"
	"github.com/stretchr/testify/require"
)

// Symbol values worked out by hand from ISO/IEC 15417: the check symbol is
// (start + Σ position × value) mod 103.
func TestEncodeCode128KnownSymbols(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []int
	}{
		// B throughout: a run of three digits is not worth a switch.
		// 104 + 48 + 2·42 + 3·42 + 4·17 + 5·18 + 6·19 + 7·35 = 879 ≡ 55.
		{"set B, short digit run", "PJJ123C", []int{104, 48, 42, 42, 17, 18, 19, 35, 55, 106}},
		// 105 + 12 + 2·34 + 3·56 + 4·78 = 665 ≡ 47.
		{"digits only, even: start C", "12345678", []int{105, 12, 34, 56, 78, 47, 106}},
		// 105 + 12 + 2·34 + 3·100 + 4·21 = 569 ≡ 54.
		{"digits only, odd: C then B for the last", "12345", []int{105, 12, 34, 100, 21, 54, 106}},
		// 104 + 33 + 2·34 + 3·99 + 4·12 + 5·34 = 720 ≡ 102.
		{"four digits at the end switch to C", "AB1234", []int{104, 33, 34, 99, 12, 34, 102, 106}},
		// 104 + 33 + 2·17 + 3·18 + 4·19 + 5·20 + 6·21 + 7·34 = 765 ≡ 44.
		{"five digits in the middle stay in B", "A12345B", []int{104, 33, 17, 18, 19, 20, 21, 34, 44, 106}},
		// 104 + 33 + 2·17 + 3·99 + 4·23 + 5·45 + 6·67 + 7·100 + 8·34 = 2159 ≡ 99.
		{"odd run of seven in the middle: one digit in B, then C, back to B", "A1234567B", []int{104, 33, 17, 99, 23, 45, 67, 100, 34, 99, 106}},
		// 105 + 12 = 117 ≡ 14.
		{"two digits alone: start C", "12", []int{105, 12, 14, 106}},
		// 104 + 17 = 121 ≡ 18.
		{"one digit: B", "1", []int{104, 17, 18, 106}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := EncodeCode128(tt.in)
			require.NoError(t, err)
			require.Equal(t, tt.want, c.Symbols)
		})
	}
}

// The odd-run case above is checked against the formula rather than by
// hand-typed sum, so a slip in the table's arithmetic cannot hide.
func TestEncodeCode128Checksum(t *testing.T) {
	for _, in := range []string{"A12345B", "PJJ123C", "BIN-01-02-03", "4006381333931", "x", "~ !"} {
		c, err := EncodeCode128(in)
		require.NoError(t, err)
		s := c.Symbols
		sum := s[0]
		for i := 1; i < len(s)-2; i++ {
			sum += i * s[i]
		}
		require.Equal(t, sum%103, s[len(s)-2], in)
		require.Equal(t, stop, s[len(s)-1], in)
	}
}

func TestEncodeCode128Rejects(t *testing.T) {
	for _, in := range []string{"", "tab\there", "é", "拣货", "\x7f"} {
		_, err := EncodeCode128(in)
		require.ErrorIs(t, err, ErrUnencodable, "%q", in)
	}
}

// Every pattern has eleven modules (the stop thirteen) with an even number
// of them black, and no two are alike: a typo in the table breaks this.
func TestCode128Patterns(t *testing.T) {
	seen := map[string]int{}
	for v, p := range code128Patterns {
		sum, bars := 0, 0
		for i, w := range p {
			sum += w
			if i%2 == 0 {
				bars += w
			}
		}
		want := 11
		if v == stop {
			want = 13
		}
		require.Equal(t, want, sum, "symbol %d", v)
		require.Zero(t, bars%2, "symbol %d has odd bar modules", v)
		key := fmtInts(p)
		if prev, dup := seen[key]; dup {
			t.Fatalf("symbols %d and %d share a pattern", prev, v)
		}
		seen[key] = v
	}
}

func fmtInts(p []int) string {
	var b strings.Builder
	for _, w := range p {
		b.WriteByte(byte('0' + w))
	}
	return b.String()
}

// An independent reader decodes what the encoder draws, across every
// character of set B and every pair of set C.
func TestEncodeCode128Decodes(t *testing.T) {
	var all strings.Builder
	for c := byte(32); c <= 126; c++ {
		all.WriteByte(c)
	}
	var pairs strings.Builder
	for i := 0; i < 100; i++ {
		pairs.WriteString(string([]byte{byte('0' + i/10), byte('0' + i%10)}))
	}
	inputs := []string{
		all.String()[:48], all.String()[48:],
		pairs.String()[:100], pairs.String()[100:],
		"A12345B", "A1234567B", "BIN-01-02-03", "4006381333931", "TASK-000042", "0", "x 9",
	}
	for _, in := range inputs {
		c, err := EncodeCode128(in)
		require.NoError(t, err)
		require.Equal(t, in, decodeWidths(t, c.Widths()), "%q", in)
	}
}

// decodeWidths draws bars three pixels a module on white and reads them
// back with gozxing's Code 128 reader.
func decodeWidths(t *testing.T, widths []int) string {
	t.Helper()
	const px, margin, height = 3, 30, 20
	n := 0
	for _, w := range widths {
		n += w
	}
	img := image.NewGray(image.Rect(0, 0, n*px+2*margin, height))
	for i := range img.Pix {
		img.Pix[i] = 255
	}
	x := margin
	for i, w := range widths {
		if i%2 == 0 {
			for dx := 0; dx < w*px; dx++ {
				for y := 0; y < height; y++ {
					img.SetGray(x+dx, y, color.Gray{})
				}
			}
		}
		x += w * px
	}
	return decodeImage(t, img)
}

func decodeImage(t *testing.T, img image.Image) string {
	t.Helper()
	bmp, err := gozxing.NewBinaryBitmap(gozxing.NewGlobalHistgramBinarizer(gozxing.NewLuminanceSourceFromImage(img)))
	require.NoError(t, err)
	res, err := oned.NewCode128Reader().Decode(bmp, map[gozxing.DecodeHintType]interface{}{gozxing.DecodeHintType_TRY_HARDER: true})
	require.NoError(t, err)
	return res.GetText()
}
