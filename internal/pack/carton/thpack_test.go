package carton

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"
	"time"
)

// A small file in the thpack format reads into its problems, flags and all.
func TestParseThpack(t *testing.T) {
	f, err := os.Open("testdata/thpack_small.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	ins, err := ParseThpack(f)
	if err != nil {
		t.Fatal(err)
	}
	if len(ins) != 2 || ins[0].Seed != 2502505 || ins[0].Container.Dims != [3]int{587, 233, 220} || len(ins[0].Boxes) != 3 {
		t.Fatalf("got %+v", ins)
	}
	b := ins[0].Boxes[1]
	if b.Dims != [3]int{110, 43, 25} || b.Vertical != [3]bool{false, true, true} || b.Count != 33 {
		t.Fatalf("box kind 2: %+v", b)
	}
	// The second problem fills its container exactly: two cubes, four posts that must stand.
	r, err := Pack(context.Background(), ins[1].Container, ins[1].Boxes, Options{Budget: 100 * time.Millisecond, Support: 1})
	if err != nil || r.Fill != 1 {
		t.Fatalf("fill %v, %v", r.Fill, err)
	}
}

// Bad files are refused with the line at fault.
func TestParseThpackRefuses(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"", "line 1: the file ends where the number of problems"},
		{"x", "line 1: the number of problems: \"x\""},
		{"99999999999", "line 1: the number of problems"},
		{"20000", "line 1: the number of problems 20000 is not"},
		{"1\n1 5\n10 10\n", "line 3: the container's dimensions: 2 numbers"},
		{"1\n1 5\n10 10 0\n1\n", "line 3: container dimension 3"},
		{"1\n1 5\n10 10 10\n100000000\n", "line 4: the number of box kinds"},
		{"1\n1 5\n10 10 10\n1\n2 1 1 1 1 1 1 1\n", "line 5: box kind 2 where 1"},
		{"1\n1 5\n10 10 10\n1\n1 1 2 1 1 1 1 1\n", "line 5: vertical flag 1"},
		{"1\n1 5\n10 10 10\n1\n1 1 0 1 0 1 0 1\n", "line 5: box kind 1 may stand no way up"},
		{"1\n1 5\n10 10 10\n1\n1 1 1 1 1 1 1 0\n", "line 5: box count 0"},
		{"1\n1 5\n10 10 10\n2\n1 1 1 1 1 1 1 99999\n2 1 1 1 1 1 1 99999\n", "line 6: box count"},
		{"1\n1 5\n10 10 10\n1\n1 1 1 1 1 1 1 1\n", ""},
		{"1\n1 5\n10 10 10\n1\n1 1 1 1 1 1 1 1\n7\n", "line 6: text after"},
		{"1\n1 5\n10 10 10\n2\n1 1 1 1 1 1 1 1\n", "line 6: the file ends where a box kind"},
		{"1\n" + strings.Repeat("9", 5000) + "\n", "line 2: "},
	} {
		_, err := ParseThpack(strings.NewReader(c.in))
		if c.want == "" {
			if err != nil {
				t.Errorf("%q: %v", c.in, err)
			}
			continue
		}
		if err == nil || !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%.40q: got %v, want %q", c.in, err, c.want)
		}
	}
}

// No input makes the parser panic, and whatever it accepts the packer takes.
func FuzzParseThpack(f *testing.F) {
	seed, err := os.ReadFile("testdata/thpack_small.txt")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(string(seed))
	f.Add("1\n1\n5 5 5\n1\n1 2 1 3 0 4 1 2\n")
	f.Add("1\n1 5\n10 10 10\n1\n1 1 1 1 1 1 1 -1\n")
	f.Add("3\n")
	f.Fuzz(func(t *testing.T, in string) {
		ins, err := ParseThpack(strings.NewReader(in))
		if err != nil {
			if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), "line ") {
				t.Fatalf("error without a line: %v", err)
			}
			return
		}
		for _, in := range ins {
			if _, err := Pack(context.Background(), in.Container, in.Boxes, Options{Budget: time.Millisecond, MaxWidth: 1}); err != nil {
				t.Fatalf("parsed problem refused by the packer: %v", err)
			}
		}
	})
}
