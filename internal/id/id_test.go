package id

import (
	"slices"
	"strings"
	"testing"
	"time"
)

// Ids of one instant sort in the order they were made; ids of later
// instants sort after; all are 26 base32 characters after the prefix.
func TestNewSortsInCreationOrder(t *testing.T) {
	at := time.Date(2026, 3, 2, 14, 0, 0, 0, time.UTC)
	var ids []string
	for i := range 1000 {
		ids = append(ids, New("ord", at.Add(time.Duration(i/100)*time.Millisecond)))
	}
	if !slices.IsSorted(ids) {
		t.Fatal("ids are not in creation order")
	}
	if len(slices.Compact(slices.Clone(ids))) != len(ids) {
		t.Fatal("duplicate ids")
	}
	for _, v := range ids {
		if !strings.HasPrefix(v, "ord_") || len(v) != 30 {
			t.Fatalf("malformed id %q", v)
		}
	}
	if New("x", at) >= New("x", at.Add(time.Millisecond)) {
		t.Fatal("a later millisecond sorts first")
	}
}

// Transactions with different timestamps making ids in turn keep each
// timestamp's ids in the order they were made.
func TestNewInterleavedTimestamps(t *testing.T) {
	t1 := time.Date(2026, 3, 2, 14, 0, 0, 0, time.UTC)
	t2 := t1.Add(3 * time.Millisecond)
	for range 1000 {
		a, _, b := New("x", t1), New("x", t2), New("x", t1)
		if a >= b {
			t.Fatalf("%s made before %s sorts after it", a, b)
		}
	}
}

func TestFloorBoundsTheIdsOfItsMillisecond(t *testing.T) {
	at := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	floor := Floor("ord", at)
	next := Floor("ord", at.Add(time.Millisecond))
	for range 1000 {
		if a := New("ord", at); a < floor || a >= next {
			t.Fatalf("%s is not in [%s, %s)", a, floor, next)
		}
		if b := New("ord", at.Add(-time.Millisecond)); b >= floor {
			t.Fatalf("%s made a millisecond earlier is not below %s", b, floor)
		}
	}
}
