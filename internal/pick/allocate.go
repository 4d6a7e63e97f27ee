package pick

import (
	"cmp"
	"slices"
	"time"
)

// Candidate is a bin that could serve a line: its unpromised units of the
// product, whether pickers pick from it, the earliest expiry of what it
// holds, since when it holds stock, and how far it is from the depot along
// the walk.
type Candidate struct {
	BinID     string
	Bin       string
	Free      int64
	PickFace  bool
	ExpiresOn string // YYYY-MM-DD, "" if none
	Since     time.Time
	Distance  float64
}

// Take is units to pick from one bin.
type Take struct {
	BinID    string
	Bin      string
	Quantity int64
}

// Choose decides which bins serve want units, pure: pick faces before
// reserve bins; within those, goods that expire before goods that do not,
// the earliest expiry first (first expired, first out); then the oldest
// stock first (first in, first out, by the day it arrived); within a day, a
// bin that covers the whole rest before bins that would split it (fewest
// bins); then the nearest. It takes from free and returns the takes and the
// units it could not place.
func Choose(want int64, free []Candidate) ([]Take, int64) {
	cands := slices.Clone(free)
	var takes []Take
	for want > 0 {
		best := -1
		for i, c := range cands {
			if c.Free > 0 && (best < 0 || better(c, cands[best], want)) {
				best = i
			}
		}
		if best < 0 {
			break
		}
		c := &cands[best]
		n := min(c.Free, want)
		takes = append(takes, Take{BinID: c.BinID, Bin: c.Bin, Quantity: n})
		c.Free -= n
		want -= n
	}
	return takes, want
}

// better reports whether a should serve want units before b.
func better(a, b Candidate, want int64) bool {
	if a.PickFace != b.PickFace {
		return a.PickFace
	}
	if a.ExpiresOn != b.ExpiresOn {
		if a.ExpiresOn == "" || b.ExpiresOn == "" {
			return b.ExpiresOn == ""
		}
		return a.ExpiresOn < b.ExpiresOn
	}
	if d := cmp.Compare(day(a.Since), day(b.Since)); d != 0 {
		return d < 0
	}
	if ca, cb := a.Free >= want, b.Free >= want; ca != cb {
		return ca
	}
	if a.Distance != b.Distance {
		return a.Distance < b.Distance
	}
	return a.Bin < b.Bin
}

func day(t time.Time) int64 { return t.UTC().Unix() / 86400 }
