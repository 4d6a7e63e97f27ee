package picklist

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// Every label has both languages, and the page format takes two numbers in
// each.
func TestLabelsComplete(t *testing.T) {
	for lb, words := range labels {
		require.NotEmpty(t, words[english], "label %d in English", lb)
		require.NotEmpty(t, words[chinese], "label %d in Chinese", lb)
	}
	require.Equal(t, "Page 2 of 5", english.pageOf(2, 5))
	require.Equal(t, "第 2 页，共 5 页", chinese.pageOf(2, 5))
	for tag, want := range map[string]language{"zh": chinese, "zh-CN": chinese, "ZH_hans": chinese, "en": english, "": english, "zhx": english} {
		require.Equal(t, want, languageOf(tag), tag)
	}
}
