package catalog

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/errs"
)

func goodInput() ProductInput {
	return ProductInput{
		SKU: "MUG-001", Name: "Stoneware mug", Category: "kitchen",
		Attributes: map[string]string{"colour": "blue"}, Barcodes: []string{"4006381333931", "96385074"},
		WeightG: 350, LengthMM: 120, WidthMM: 90, HeightMM: 100, Fragile: true, PriceMinor: 1299, Currency: "EUR",
	}
}

// problem is the field path and code a validation failure must name.
type problem struct{ path, code string }

func problemsOf(err error) []problem {
	var out []problem
	for _, f := range errs.FieldsOf(err) {
		out = append(out, problem{f.Path, f.Code})
	}
	return out
}

func TestValidate(t *testing.T) {
	long := func(n int) string { return strings.Repeat("x", n) }
	tests := []struct {
		name string
		edit func(*ProductInput)
		want []problem
	}{
		{"valid", func(*ProductInput) {}, nil},
		{"valid at every limit", func(in *ProductInput) {
			in.SKU, in.Name, in.Category = long(64), strings.Repeat("é", 200), long(100)
			in.WeightG, in.LengthMM, in.WidthMM, in.HeightMM, in.PriceMinor = 1_000_000, 10_000, 1, 10_000, 100_000_000_000
			in.Attributes = map[string]string{long(50): strings.Repeat("ü", 200)}
		}, nil},
		{"free price and no category", func(in *ProductInput) { in.PriceMinor, in.Category = 0, "" }, nil},
		{"empty sku", func(in *ProductInput) { in.SKU = "" }, []problem{{"sku", errs.CodeRequired}}},
		{"sku with a space", func(in *ProductInput) { in.SKU = "MUG 1" }, []problem{{"sku", errs.CodeFormat}}},
		{"sku with unicode", func(in *ProductInput) { in.SKU = "MÜG" }, []problem{{"sku", errs.CodeFormat}}},
		{"sku too long", func(in *ProductInput) { in.SKU = long(65) }, []problem{{"sku", errs.CodeTooLong}}},
		{"blank name", func(in *ProductInput) { in.Name = "  " }, []problem{{"name", errs.CodeRequired}}},
		{"name too long", func(in *ProductInput) { in.Name = long(201) }, []problem{{"name", errs.CodeTooLong}}},
		{"name with NUL", func(in *ProductInput) { in.Name = "mug\x00" }, []problem{{"name", errs.CodeFormat}}},
		{"name not UTF-8", func(in *ProductInput) { in.Name = "mug\xff" }, []problem{{"name", errs.CodeFormat}}},
		{"category too long", func(in *ProductInput) { in.Category = long(101) }, []problem{{"category", errs.CodeTooLong}}},
		{"attribute value too long", func(in *ProductInput) { in.Attributes = map[string]string{"colour": long(201)} },
			[]problem{{"attributes.colour", errs.CodeTooLong}}},
		{"attribute value empty", func(in *ProductInput) { in.Attributes = map[string]string{"size": ""} },
			[]problem{{"attributes.size", errs.CodeRequired}}},
		{"attribute name bad", func(in *ProductInput) { in.Attributes = map[string]string{"a.b": "x"} },
			[]problem{{"attributes", errs.CodeFormat}}},
		{"too many attributes", func(in *ProductInput) {
			in.Attributes = map[string]string{}
			for i := range 51 {
				in.Attributes[long(i+1)] = "x"
			}
		}, []problem{{"attributes", errs.CodeOutOfRange}}},
		{"barcode check digit", func(in *ProductInput) { in.Barcodes = []string{"4006381333931", "4006381333932"} },
			[]problem{{"barcodes[1]", errs.CodeChecksum}}},
		{"barcode letters", func(in *ProductInput) { in.Barcodes = []string{"40063813339A1"} },
			[]problem{{"barcodes[0]", errs.CodeFormat}}},
		{"barcode length", func(in *ProductInput) { in.Barcodes = []string{"123456789"} },
			[]problem{{"barcodes[0]", errs.CodeFormat}}},
		{"barcode repeated as UPC and EAN", func(in *ProductInput) { in.Barcodes = []string{"036000291452", "0036000291452"} },
			[]problem{{"barcodes[1]", errs.CodeDuplicate}}},
		{"too many barcodes", func(in *ProductInput) { in.Barcodes = make([]string, 21) },
			[]problem{{"barcodes", errs.CodeOutOfRange}}},
		{"weights and sizes out of range", func(in *ProductInput) {
			in.WeightG, in.LengthMM, in.WidthMM, in.HeightMM = 0, -1, 10_001, 1<<62
		}, []problem{{"weight_g", errs.CodeOutOfRange}, {"length_mm", errs.CodeOutOfRange},
			{"width_mm", errs.CodeOutOfRange}, {"height_mm", errs.CodeOutOfRange}}},
		{"negative price", func(in *ProductInput) { in.PriceMinor = -1 }, []problem{{"price_minor", errs.CodeOutOfRange}}},
		{"absurd price", func(in *ProductInput) { in.PriceMinor = 100_000_000_001 }, []problem{{"price_minor", errs.CodeOutOfRange}}},
		{"no currency", func(in *ProductInput) { in.Currency = "" }, []problem{{"currency", errs.CodeRequired}}},
		{"lower-case currency", func(in *ProductInput) { in.Currency = "eur" }, []problem{{"currency", errs.CodeFormat}}},
		{"unknown currency", func(in *ProductInput) { in.Currency = "ABC" }, []problem{{"currency", errs.CodeUnknown}}},
		{"every problem at once", func(in *ProductInput) {
			*in = ProductInput{Barcodes: []string{"1"}}
		}, []problem{{"sku", errs.CodeRequired}, {"name", errs.CodeRequired}, {"barcodes[0]", errs.CodeFormat},
			{"weight_g", errs.CodeOutOfRange}, {"length_mm", errs.CodeOutOfRange}, {"width_mm", errs.CodeOutOfRange},
			{"height_mm", errs.CodeOutOfRange}, {"currency", errs.CodeRequired}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := goodInput()
			tt.edit(&in)
			err := in.Validate()
			require.Equal(t, tt.want, problemsOf(err), "%v", err)
			if tt.want != nil {
				require.True(t, errs.Is(err, errs.Invalid))
			}
		})
	}
}

func TestGTIN(t *testing.T) {
	for _, code := range []string{"96385074", "12345670", "036000291452", "4006381333931", "5901234123457", "10012345678902"} {
		_, _, bad := gtinProblem(code)
		require.Empty(t, bad, code)
	}
	for code, want := range map[string]string{
		"96385075": errs.CodeChecksum, "036000291453": errs.CodeChecksum, "10012345678903": errs.CodeChecksum,
		"": errs.CodeFormat, "1234567": errs.CodeFormat, "123456789012345": errs.CodeFormat, "４006381333931": errs.CodeFormat,
	} {
		_, _, bad := gtinProblem(code)
		require.Equal(t, want, bad, code)
	}
	require.Equal(t, "00036000291452", gtin14("036000291452"))
	require.Equal(t, gtin14("0036000291452"), gtin14("036000291452"))
}

func TestParseNumber(t *testing.T) {
	tests := []struct {
		in    string
		scale int64
		want  int64
		code  string
	}{
		{"225", 1, 225, ""},
		{"16", 10, 160, ""},
		{"12.5", 10, 125, ""},
		{"12.50", 10, 125, ""},
		{"0.001", 1000, 1, ""},
		{"+7", 1, 7, ""},
		{"-3", 1, -3, ""},
		{"007", 1, 7, ""},
		{"12.", 1, 12, ""},
		{"12.55", 10, 0, errs.CodeFormat},
		{"1.5", 1, 0, errs.CodeFormat},
		{"", 1, 0, errs.CodeRequired},
		{".", 1, 0, errs.CodeFormat},
		{"1e3", 1, 0, errs.CodeFormat},
		{"1,5", 1, 0, errs.CodeFormat},
		{"--1", 1, 0, errs.CodeFormat},
		{"9999999999999999999999", 1, 0, errs.CodeOutOfRange},
		{"999999999999999", 1000, 999999999999999000, ""},
	}
	for _, tt := range tests {
		got, code, _ := parseNumber(tt.in, tt.scale)
		require.Equal(t, tt.code, code, tt.in)
		if code == "" {
			require.Equal(t, tt.want, got, tt.in)
		}
	}
}
