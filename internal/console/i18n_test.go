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

// Each page's table has its own keys: a key defined twice would show one
// page's words on another.
func TestMessageTablesDoNotOverlap(t *testing.T) {
	seen := map[string]int{}
	for i, table := range tables {
		for k := range table["en"] {
			prev, dup := seen[k]
			require.False(t, dup, "%q is in tables %d and %d", k, prev, i)
			seen[k] = i
		}
	}
}
