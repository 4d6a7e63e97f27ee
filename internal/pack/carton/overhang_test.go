package carton

import (
	"context"
	"math/rand/v2"
	"testing"
	"time"
)

// Boxes of one height, so that tops and bottoms meet; without the
// support rule, or with half of it, boxes overhang; a fragile box placed later in
// the space under an overhang must not end up under a heavier one.
func TestPackFragileUnderOverhang(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 22))
	for i := range 1500 {
		c := Container{Dims: [3]int{10 + rng.IntN(30), 10 + rng.IntN(30), 10 + rng.IntN(30)}}
		var boxes []Box
		for range 2 + rng.IntN(4) {
			boxes = append(boxes, Box{Dims: [3]int{2 + rng.IntN(15), 2 + rng.IntN(15), 5}, Vertical: Upright(2),
				Count: 1 + rng.IntN(6), Weight: int64(rng.IntN(10)), Fragile: rng.IntN(2) == 0})
		}
		r, err := Pack(context.Background(), c, boxes, Options{Budget: time.Millisecond, MaxWidth: 2, Support: float64(i%2) * 0.5, Seed: uint64(i)})
		if err != nil {
			t.Fatal(err)
		}
		placed, err := resultBoxes(boxes, r)
		if err == nil {
			err = checkLoad(c.Dims, 0, float64(i%2)*0.5, placed)
		}
		if err != nil {
			t.Fatalf("case %d: %v", i, err)
		}
	}
}
