package console

import (
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// Every string exists in both languages.
func TestMessageTablesHaveTheSameKeys(t *testing.T) {
	t.Parallel()
	en, zh := slices.Sorted(maps.Keys(messages["en"])), slices.Sorted(maps.Keys(messages["zh"]))
	require.Equal(t, en, zh)
}

// Each page's table has its own keys: a key defined twice would show one
// page's words on another.
func TestMessageTablesDoNotOverlap(t *testing.T) {
	t.Parallel()
	seen := map[string]int{}
	for i, table := range tables {
		for k := range table["en"] {
			prev, dup := seen[k]
			require.False(t, dup, "%q is in tables %d and %d", k, prev, i)
			seen[k] = i
		}
	}
}

// Every key the code or a template names literally is in the tables: a
// missing one would show its own name (or a broken format) on a page.
func TestEveryNamedKeyExists(t *testing.T) {
	t.Parallel()
	patterns := []*regexp.Regexp{
		regexp.MustCompile(`\btext\([^,()]+, "([a-z0-9_.]+)"\)`),
		regexp.MustCompile(`\.Tf? "([a-z0-9_.]+)"`),
		regexp.MustCompile(`\(field \$ "[^"]*" "[^"]*" "([a-z0-9_.]+)"\)`),
		regexp.MustCompile(`\((?:pick|scan) \$ "[^"]*" "([a-z0-9_.]+)"`),
	}
	files, err := filepath.Glob("*.go")
	require.NoError(t, err)
	tpls, err := filepath.Glob("templates/*.html")
	require.NoError(t, err)
	checked := 0
	for _, f := range append(files, tpls...) {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		require.NoError(t, err)
		for _, re := range patterns {
			for _, m := range re.FindAllStringSubmatch(string(b), -1) {
				checked++
				_, ok := messages["en"][m[1]]
				require.True(t, ok, "%s names %q, which no table has", f, m[1])
			}
		}
	}
	require.Greater(t, checked, 300, "the patterns still find the keys")
}
