package console

import (
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// Each selector is defined in one place of the stylesheet: pages written
// apart once gave one class (.facts, .filters) two meanings, and the later
// rule silently re-laid the other page out.
func TestStylesheetDefinesEachSelectorOnce(t *testing.T) {
	t.Parallel()
	b, err := static.ReadFile("static/console.css")
	require.NoError(t, err)
	css := regexp.MustCompile(`(?s)/\*.*?\*/`).ReplaceAllString(string(b), "")
	css = regexp.MustCompile(`@media[^{]*\{((?:[^{}]*\{[^}]*\})*)\s*\}`).ReplaceAllString(css, "") // may repeat a rule for a screen size
	seen := map[string]bool{}
	for _, m := range regexp.MustCompile(`([^{}]+)\{`).FindAllStringSubmatch(css, -1) {
		for _, sel := range strings.Split(m[1], ",") {
			sel = strings.Join(strings.Fields(sel), " ")
			if sel == "a" || sel == "th" || sel == "button" { // base rules split by concern
				continue
			}
			require.False(t, seen[sel], "%q is defined twice", sel)
			seen[sel] = true
		}
	}
	require.Greater(t, len(seen), 50)
}
