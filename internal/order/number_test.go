package order

import (
	"errors"
	"regexp"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/db/dbtest"
)

var numberFormat = regexp.MustCompile(`^WB-[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{4}$`)

func TestNumberFormat(t *testing.T) {
	for v, want := range map[int64]string{
		0:                    "WB-00000-0000",
		1:                    "WB-00000-0001",
		31:                   "WB-00000-000Z",
		32:                   "WB-00000-0010",
		numberBlockSize:      "WB-00000-0400",
		1<<45 - 1:            "WB-ZZZZZ-ZZZZ",
		maxNumberBlock << 12: "WB-ZZZZZ-ZW00",
	} {
		got := formatNumber(v)
		require.Equal(t, want, got, "%d", v)
		require.Regexp(t, numberFormat, got)
	}
	require.NotEqual(t, len("WB-7K2M-Q9XZ"), len(formatNumber(0)), "an old number can never equal a new one")
}

// takeNumbers makes count numbers with n in one transaction.
func takeNumbers(t *testing.T, d *db.DB, n *numbers, count int) []string {
	t.Helper()
	out := make([]string, 0, count)
	var last *db.Tx
	require.NoError(t, d.Write(t.Context(), func(tx *db.Tx) error {
		last = tx
		for range count {
			s, err := n.next(t.Context(), tx)
			if err != nil {
				return err
			}
			out = append(out, s)
		}
		return nil
	}))
	n.committed(last) // as the engine does after each batch
	return out
}

func requireAscending(t *testing.T, nums []string) {
	t.Helper()
	for i := 1; i < len(nums); i++ {
		if nums[i] <= nums[i-1] {
			t.Fatalf("number %d, %s, does not follow %s", i, nums[i], nums[i-1])
		}
	}
}

func TestNumbersAscendAcrossBlocks(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		var n numbers
		var all []string
		for range 3 { // several transactions, several blocks
			all = append(all, takeNumbers(t, d, &n, numberBlockSize+7)...)
		}
		requireAscending(t, all)
		for _, s := range all {
			require.Regexp(t, numberFormat, s)
		}
	})
}

// A million numbers made by many goroutines at once never repeat, and each
// goroutine sees its own numbers ascend.
func TestNumbersConcurrentUnique(t *testing.T) {
	const workers, each = 16, 1 << 16
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		var n numbers
		got := make([][]string, workers)
		require.NoError(t, d.Write(t.Context(), func(tx *db.Tx) error {
			var wg sync.WaitGroup
			errc := make(chan error, workers)
			for w := range workers {
				wg.Go(func() {
					mine := make([]string, 0, each)
					for range each {
						s, err := n.next(t.Context(), tx)
						if err != nil {
							errc <- err
							return
						}
						mine = append(mine, s)
					}
					got[w] = mine
				})
			}
			wg.Wait()
			close(errc)
			return <-errc
		}))
		seen := make(map[string]bool, workers*each)
		for _, mine := range got {
			requireAscending(t, mine)
			for _, s := range mine {
				if seen[s] {
					t.Fatalf("%s made twice", s)
				}
				seen[s] = true
			}
		}
		require.Len(t, seen, workers*each)
	})
}

// Two engines writing one database (two instances) take blocks of their
// own, in turn and across a transaction that rolled back.
func TestNumbersTwoInstances(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		var a, b numbers
		seen := map[string]string{}
		keep := func(who string, nums []string) {
			for _, s := range nums {
				if other, ok := seen[s]; ok {
					t.Fatalf("%s made %s, which %s made before", who, s, other)
				}
				seen[s] = who
			}
		}
		for range 3 {
			keep("a", takeNumbers(t, d, &a, numberBlockSize/2+3))
			keep("b", takeNumbers(t, d, &b, numberBlockSize+5))
		}
		// a takes a block in a transaction that rolls back (a failed batch):
		// the numbers it made there were never stored, and the block it
		// still holds is never taken again. (On SQLite, whose one writer
		// process has one engine, that holds once a has taken its next
		// block; b is asked after that.)
		a.offset = numberBlockSize
		err := d.Write(t.Context(), func(tx *db.Tx) error {
			_, err := a.next(t.Context(), tx)
			require.NoError(t, err)
			return errors.New("the batch failed")
		})
		require.Error(t, err)
		for range 3 {
			keep("a", takeNumbers(t, d, &a, numberBlockSize+1))
		}
		keep("b", takeNumbers(t, d, &b, 2*numberBlockSize))
	})
}

// A block taken in a transaction that failed is given up by the next one
// (it was never said to have committed): on SQLite the row counting blocks
// rolled back, so an engine started later takes that block again, and had
// the numbers after the failure come from it, they would be made twice.
func TestNumbersAfterAFailedBlockARestartMakesNoneTwice(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		var a numbers
		seen := map[string]bool{}
		keep := func(nums []string) {
			for _, s := range nums {
				require.False(t, seen[s], "%s made twice", s)
				seen[s] = true
			}
		}
		keep(takeNumbers(t, d, &a, 3))
		a.offset = numberBlockSize // the next number takes a block
		err := d.Write(t.Context(), func(tx *db.Tx) error {
			_, err := a.next(t.Context(), tx)
			require.NoError(t, err)
			return errors.New("the batch failed")
		})
		require.Error(t, err)
		keep(takeNumbers(t, d, &a, 5))
		var restarted numbers
		keep(takeNumbers(t, d, &restarted, 5))
	})
}
