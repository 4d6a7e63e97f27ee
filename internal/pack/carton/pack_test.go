package carton

import (
	"context"
	"errors"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"time"
)

// randomLoad is a load of a few box kinds with random sizes, orientation
// flags, weights and fragility.
func randomLoad(rng *rand.Rand) (Container, []Box) {
	c := Container{Dims: [3]int{20 + rng.IntN(100), 20 + rng.IntN(100), 20 + rng.IntN(100)}}
	var boxes []Box
	for range 1 + rng.IntN(6) {
		b := Box{Dims: [3]int{3 + rng.IntN(40), 3 + rng.IntN(40), 3 + rng.IntN(40)}, Count: 1 + rng.IntN(30),
			Weight: int64(rng.IntN(50)), Fragile: rng.IntN(3) == 0}
		for rng.IntN(2) == 0 || b.Vertical == [3]bool{} {
			b.Vertical[rng.IntN(3)] = true
		}
		boxes = append(boxes, b)
	}
	if rng.IntN(2) == 0 {
		c.MaxWeight = int64(1 + rng.IntN(2000))
	}
	return c, boxes
}

// Every load keeps every rule, whatever the input, and every box is either
// placed once or reported unplaced.
func TestPackKeepsTheRules(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	supports := []float64{0, 0.5, 0.75, 1}
	for i := range 300 {
		c, boxes := randomLoad(rng)
		support := supports[i%len(supports)]
		r, err := Pack(context.Background(), c, boxes, Options{Budget: 5 * time.Millisecond, Support: support, Seed: uint64(i)})
		if err != nil {
			t.Fatalf("case %d: %v", i, err)
		}
		placed, err := resultBoxes(boxes, r)
		if err == nil {
			err = checkLoad(c.Dims, c.MaxWeight, support, placed)
		}
		if err != nil {
			t.Fatalf("case %d (support %v, %+v, %+v): %v", i, support, c, boxes, err)
		}
	}
}

// Small loads whose best fill is known.
func TestPackKnownOptimum(t *testing.T) {
	any3 := AnyWay()
	for _, c := range []struct {
		name      string
		c         Container
		boxes     []Box
		fill      float64
		unplaced  []int
		firstKind int // kind of the box at the origin, -1: no check
	}{
		{"eight cubes fill a cube", Container{Dims: [3]int{10, 10, 10}}, []Box{{Dims: [3]int{5, 5, 5}, Vertical: any3, Count: 9}}, 1, []int{1}, 0},
		{"bricks fill only when turned", Container{Dims: [3]int{6, 4, 2}}, []Box{{Dims: [3]int{2, 2, 3}, Vertical: any3, Count: 4}}, 1, []int{0}, 0},
		{"a pole may lie down", Container{Dims: [3]int{10, 2, 2}}, []Box{{Dims: [3]int{2, 2, 10}, Vertical: [3]bool{true, false, false}, Count: 1}}, 1, []int{0}, 0},
		{"a pole that must stand does not fit", Container{Dims: [3]int{10, 2, 2}}, []Box{{Dims: [3]int{2, 2, 10}, Vertical: Upright(2), Count: 1}}, 0, []int{1}, -1},
		{"the weight limit leaves boxes out", Container{Dims: [3]int{10, 10, 10}, MaxWeight: 35}, []Box{{Dims: [3]int{5, 5, 5}, Vertical: any3, Count: 8, Weight: 10}}, 3.0 / 8, []int{5}, 0},
		{"the heavy box goes under the fragile one", Container{Dims: [3]int{1, 1, 2}},
			[]Box{{Dims: [3]int{1, 1, 1}, Vertical: any3, Count: 1, Weight: 1, Fragile: true}, {Dims: [3]int{1, 1, 1}, Vertical: any3, Count: 1, Weight: 5}}, 1, []int{0, 0}, 1},
		{"two layers of mixed boxes", Container{Dims: [3]int{4, 2, 4}}, []Box{{Dims: [3]int{4, 2, 2}, Vertical: Upright(2), Count: 1}, {Dims: [3]int{2, 2, 2}, Vertical: any3, Count: 2}}, 1, []int{0, 0}, -1},
	} {
		t.Run(c.name, func(t *testing.T) {
			r, err := Pack(context.Background(), c.c, c.boxes, Options{Budget: 100 * time.Millisecond, Support: 1})
			if err != nil {
				t.Fatal(err)
			}
			if r.Fill < c.fill-1e-9 || r.Fill > c.fill+1e-9 || !reflect.DeepEqual(r.Unplaced, c.unplaced) {
				t.Fatalf("fill %v unplaced %v, want %v and %v", r.Fill, r.Unplaced, c.fill, c.unplaced)
			}
			placed, err := resultBoxes(c.boxes, r)
			if err == nil {
				err = checkLoad(c.c.Dims, c.c.MaxWeight, 1, placed)
			}
			if err != nil {
				t.Fatal(err)
			}
			if c.firstKind >= 0 {
				for _, p := range r.Placements {
					if p.Pos == [3]int{} && p.Box != c.firstKind {
						t.Fatalf("kind %d at the origin, want %d", p.Box, c.firstKind)
					}
				}
			}
		})
	}
}

// bigLoad is a strongly heterogeneous load that takes long to search.
func bigLoad() (Container, []Box) {
	rng := rand.New(rand.NewPCG(1, 2))
	c := Container{Dims: [3]int{587, 233, 220}}
	var boxes []Box
	for range 15 {
		boxes = append(boxes, Box{Dims: [3]int{25 + rng.IntN(90), 25 + rng.IntN(90), 25 + rng.IntN(90)}, Vertical: AnyWay(), Count: 5 + rng.IntN(10)})
	}
	return c, boxes
}

// The budget and a context deadline bound the search; the greedy load is
// there however short the budget.
func TestPackBudget(t *testing.T) {
	c, boxes := bigLoad()
	for _, tc := range []struct {
		name    string
		budget  time.Duration
		timeout time.Duration
	}{
		{"budget", 60 * time.Millisecond, time.Minute},
		{"context", time.Minute, 60 * time.Millisecond},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), tc.timeout)
			defer cancel()
			start := time.Now()
			r, err := Pack(ctx, c, boxes, Options{Budget: tc.budget, Support: 0.75})
			if err != nil {
				t.Fatal(err)
			}
			if el := time.Since(start); el > 60*time.Millisecond+500*time.Millisecond {
				t.Fatalf("took %v for a 60 ms budget", el)
			}
			if !r.Stopped || r.Fill < 0.5 {
				t.Fatalf("stopped %v fill %v: want a stopped search with a real load", r.Stopped, r.Fill)
			}
		})
	}
}

// A spent budget still yields the greedy loads, whole.
func TestPackSpentBudget(t *testing.T) {
	c, boxes := bigLoad()
	r, err := Pack(context.Background(), c, boxes, Options{Budget: time.Nanosecond, Support: 0.75})
	if err != nil {
		t.Fatal(err)
	}
	if r.Loads != 2 || r.Fill < 0.7 {
		t.Fatalf("%d loads, fill %v: want the two greedy loads, the better kept", r.Loads, r.Fill)
	}
}

// The same seed and width cap give the same load.
func TestPackDeterministic(t *testing.T) {
	c, boxes := bigLoad()
	o := Options{Budget: time.Minute, MaxWidth: 3, Seed: 5, Support: 0.75}
	a, err := Pack(context.Background(), c, boxes, o)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := Pack(context.Background(), c, boxes, o)
	if a.Stopped || !reflect.DeepEqual(a.Placements, b.Placements) || a.Width != 3 {
		t.Fatalf("two runs differ (or were stopped: %v, width %d)", a.Stopped, a.Width)
	}
}

// Bad input is refused with an error naming the field, never a panic.
func TestPackRefusesBadInput(t *testing.T) {
	ok := Box{Dims: [3]int{1, 1, 1}, Vertical: AnyWay(), Count: 1}
	for _, c := range []struct {
		c     Container
		boxes []Box
		o     Options
		field string
	}{
		{Container{Dims: [3]int{0, 1, 1}}, []Box{ok}, Options{}, "container.dims[0]"},
		{Container{Dims: [3]int{1, 1, MaxDim + 1}}, []Box{ok}, Options{}, "container.dims[2]"},
		{Container{Dims: [3]int{1, 1, 1}, MaxWeight: -1}, []Box{ok}, Options{}, "container.max_weight"},
		{Container{Dims: [3]int{1, 1, 1}}, []Box{{Dims: [3]int{1, -1, 1}, Vertical: AnyWay()}}, Options{}, "boxes[0].dims[1]"},
		{Container{Dims: [3]int{1, 1, 1}}, []Box{ok, {Dims: [3]int{1, 1, 1}}}, Options{}, "boxes[1].vertical"},
		{Container{Dims: [3]int{1, 1, 1}}, []Box{{Dims: [3]int{1, 1, 1}, Vertical: AnyWay(), Count: MaxBoxes + 1}}, Options{}, "boxes[0].count"},
		{Container{Dims: [3]int{1, 1, 1}}, []Box{{Dims: [3]int{1, 1, 1}, Vertical: AnyWay(), Count: MaxBoxes}, ok}, Options{}, "more than"},
		{Container{Dims: [3]int{1, 1, 1}}, []Box{{Dims: [3]int{1, 1, 1}, Vertical: AnyWay(), Weight: -3}}, Options{}, "boxes[0].weight"},
		{Container{Dims: [3]int{1, 1, 1}}, []Box{ok}, Options{Support: 1.5}, "options.support"},
		{Container{Dims: [3]int{1, 1, 1}}, []Box{ok}, Options{Budget: -1}, "options"},
	} {
		_, err := Pack(context.Background(), c.c, c.boxes, c.o)
		if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), c.field) {
			t.Errorf("%s: got %v", c.field, err)
		}
	}
}
