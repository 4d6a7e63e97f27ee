package pick

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestChooseOrdersBinsByFaceExpiryAgeCoverAndDistance(t *testing.T) {
	d0 := time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC)
	d1 := d0.Add(24 * time.Hour)
	cases := []struct {
		name  string
		want  int64
		cands []Candidate
		takes []Take
		short int64
	}{
		{"pick face before reserve, even if the reserve is older and nearer", 2,
			[]Candidate{{Bin: "R", Free: 9, Since: d0.Add(-48 * time.Hour)}, {Bin: "F", Free: 9, PickFace: true, Since: d1, Distance: 50}},
			[]Take{{Bin: "F", Quantity: 2}}, 0},
		{"pick face before reserve, even if the reserve expires sooner", 2,
			[]Candidate{{Bin: "R", Free: 9, ExpiresOn: "2027-01-01", Since: d0}, {Bin: "F", Free: 9, PickFace: true, Since: d1}},
			[]Take{{Bin: "F", Quantity: 2}}, 0},
		{"earliest expiry first, even if it arrived later, is farther and does not cover", 4,
			[]Candidate{{Bin: "LATE", Free: 9, PickFace: true, ExpiresOn: "2027-03-01", Since: d0, Distance: 5},
				{Bin: "SOON", Free: 3, PickFace: true, ExpiresOn: "2027-02-28", Since: d1, Distance: 80}},
			[]Take{{Bin: "SOON", Quantity: 3}, {Bin: "LATE", Quantity: 1}}, 0},
		{"goods that expire before goods that do not, even older ones", 2,
			[]Candidate{{Bin: "NONE", Free: 9, PickFace: true, Since: d0}, {Bin: "DATED", Free: 9, PickFace: true, ExpiresOn: "2099-12-31", Since: d1}},
			[]Take{{Bin: "DATED", Quantity: 2}}, 0},
		{"same expiry: oldest stock first", 2,
			[]Candidate{{Bin: "NEW", Free: 9, PickFace: true, ExpiresOn: "2027-01-01", Since: d1},
				{Bin: "OLD", Free: 9, PickFace: true, ExpiresOn: "2027-01-01", Since: d0, Distance: 80}},
			[]Take{{Bin: "OLD", Quantity: 2}}, 0},
		{"split by expiry, undated last, and report the rest", 12,
			[]Candidate{{Bin: "U", Free: 2, PickFace: true, Since: d0}, {Bin: "B", Free: 4, PickFace: true, ExpiresOn: "2027-05-01", Since: d0},
				{Bin: "A", Free: 3, PickFace: true, ExpiresOn: "2027-04-30", Since: d1}, {Bin: "R", Free: 1, ExpiresOn: "2026-01-01", Since: d0}},
			[]Take{{Bin: "A", Quantity: 3}, {Bin: "B", Quantity: 4}, {Bin: "U", Quantity: 2}, {Bin: "R", Quantity: 1}}, 2},
		{"oldest stock first", 2,
			[]Candidate{{Bin: "NEW", Free: 9, PickFace: true, Since: d1}, {Bin: "OLD", Free: 9, PickFace: true, Since: d0, Distance: 80}},
			[]Take{{Bin: "OLD", Quantity: 2}}, 0},
		{"same day: one bin that covers it before splitting", 5,
			[]Candidate{{Bin: "NEAR", Free: 3, PickFace: true, Since: d0}, {Bin: "FAR", Free: 8, PickFace: true, Since: d0.Add(time.Hour), Distance: 90}},
			[]Take{{Bin: "FAR", Quantity: 5}}, 0},
		{"same day, both cover: the nearest", 2,
			[]Candidate{{Bin: "FAR", Free: 8, PickFace: true, Since: d0, Distance: 90}, {Bin: "NEAR", Free: 3, PickFace: true, Since: d0, Distance: 4}},
			[]Take{{Bin: "NEAR", Quantity: 2}}, 0},
		{"split when no bin covers, oldest first, and report the rest", 10,
			[]Candidate{{Bin: "B", Free: 3, PickFace: true, Since: d1}, {Bin: "A", Free: 4, PickFace: true, Since: d0}, {Bin: "C", Free: 1, Since: d0}},
			[]Take{{Bin: "A", Quantity: 4}, {Bin: "B", Quantity: 3}, {Bin: "C", Quantity: 1}}, 2},
		{"nothing free", 1, nil, nil, 1},
	}
	for _, c := range cases {
		takes, short := Choose(c.want, c.cands)
		for i := range takes {
			takes[i].BinID = ""
		}
		require.Equal(t, c.takes, takes, c.name)
		require.Equal(t, c.short, short, c.name)
	}
}

// TestChooseNeverPromisesMoreThanFree checks, on random bins, that the
// takes and the rest add up to what was asked and no bin gives more than
// it has free.
func TestChooseNeverPromisesMoreThanFree(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 12))
	for range 2000 {
		var cands []Candidate
		for i := range rng.IntN(6) {
			cands = append(cands, Candidate{BinID: string(rune('a' + i)), Bin: string(rune('A' + i)), Free: rng.Int64N(5),
				PickFace: rng.IntN(2) == 0, ExpiresOn: []string{"", "2027-01-01", "2027-01-02"}[rng.IntN(3)],
				Since: time.Unix(rng.Int64N(5)*86400, 0), Distance: float64(rng.IntN(100))})
		}
		want := 1 + rng.Int64N(15)
		takes, short := Choose(want, cands)
		got := map[string]int64{}
		total := short
		for _, tk := range takes {
			require.Positive(t, tk.Quantity)
			got[tk.BinID] += tk.Quantity
			total += tk.Quantity
		}
		require.Equal(t, want, total)
		var free int64
		for _, c := range cands {
			require.LessOrEqual(t, got[c.BinID], c.Free)
			free += c.Free
		}
		require.Equal(t, max(0, want-free), short)
	}
}
