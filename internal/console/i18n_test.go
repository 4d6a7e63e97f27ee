package console

import (
	"maps"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"
)

// Every string exists in both languages.
func TestMessageTablesHaveTheSameKeys(t *testing.T) {
	en, zh := slices.Sorted(maps.Keys(messages["en"])), slices.Sorted(maps.Keys(messages["zh"]))
	require.Equal(t, en, zh)
}
