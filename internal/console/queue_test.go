package console

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// The shared queue screens name each queue's words by its prefix (the
// literal-key test cannot see them): every word they name is in both
// languages' tables, for every queue.
func TestEveryQueueHasItsWords(t *testing.T) {
	t.Parallel()
	c := &Console{}
	for _, q := range []workQueue{c.reviewQueue(), c.casesQueue()} {
		keys := append([]string{}, q.columns...)
		for _, name := range []string{"title", "order", "kind", "claimed_by", "due", "open_row", "claim_row", "none", "next",
			"first", "filter_invalid", "claim", "history"} {
			keys = append(keys, q.words+"."+name)
		}
		for _, k := range q.kinds {
			keys = append(keys, q.kindWords+k)
		}
		for _, w := range queueWhos {
			keys = append(keys, "queue.who."+w)
		}
		keys = append(keys, "done."+q.notice+"_claimed", "done."+q.notice+"_released")
		for _, locale := range []string{"en", "zh"} {
			for _, k := range keys {
				_, ok := messages[locale][k]
				require.True(t, ok, "the %s queue names %q, which the %s table lacks", q.path, k, locale)
			}
		}
	}
}
