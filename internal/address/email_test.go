package address

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/errs"
)

func TestNormalizeEmail(t *testing.T) {
	valid := map[string]string{
		"ana@example.com":                        "ana@example.com",
		"  Ana.Silva@Example.COM.br ":            "Ana.Silva@example.com.br",
		"first.last+orders@mail.co.uk":           "first.last+orders@mail.co.uk",
		"o'brien@example.ie":                     "o'brien@example.ie",
		"user_01@sub-domain.example.jp":          "user_01@sub-domain.example.jp",
		"王小明@例子.中国":                              "王小明@例子.中国",
		"x@Bücher.DE":                            "x@bücher.de",
		strings.Repeat("a", 64) + "@example.com": strings.Repeat("a", 64) + "@example.com",
		"ana@example.com\n":                      "ana@example.com", // a trailing new line is trimmed
	}
	for raw, want := range valid {
		got, err := NormalizeEmail(raw)
		require.NoError(t, err, raw)
		require.Equal(t, want, got, raw)
		again, err := NormalizeEmail(got)
		require.NoError(t, err)
		require.Equal(t, got, again)
	}

	invalid := []struct{ raw, code string }{
		{"", errs.CodeRequired},
		{" ", errs.CodeRequired},
		{"ana", errs.CodeFormat},
		{"ana@", errs.CodeFormat},
		{"@example.com", errs.CodeFormat},
		{"ana@@example.com", errs.CodeFormat},
		{"Ana Silva <ana@example.com>", errs.CodeFormat},
		{"<ana@example.com>", errs.CodeFormat},
		{"ana@example.com (work)", errs.CodeFormat},
		{"ana(work)@example.com", errs.CodeFormat},
		{`"ana silva"@example.com`, errs.CodeFormat},
		{"ana@localhost", errs.CodeFormat},
		{"ana@[192.0.2.1]", errs.CodeFormat},
		{"ana@-example.com", errs.CodeFormat},
		{"ana@example-.com", errs.CodeFormat},
		{"ana@example..com", errs.CodeFormat},
		{"ana.@example.com", errs.CodeFormat},
		{"ana@example.com, bob@example.com", errs.CodeFormat},
		{"ana@exa mple.com", errs.CodeFormat},
		{"ana\x00@example.com", errs.CodeFormat},
		{"ana\xff@example.com", errs.CodeFormat},
		{strings.Repeat("a", 65) + "@example.com", errs.CodeTooLong},
		{"a@" + strings.Repeat("b", 64) + ".com", errs.CodeFormat},
		{"a@" + strings.Repeat("b.", 126) + "com", errs.CodeTooLong},
	}
	for _, tc := range invalid {
		got, err := NormalizeEmail(tc.raw)
		require.Error(t, err, "%q gave %q", tc.raw, got)
		var in *InputError
		require.True(t, errors.As(err, &in))
		require.Equal(t, tc.code, in.Code, "%q: %s", tc.raw, in.Message)
	}
}
