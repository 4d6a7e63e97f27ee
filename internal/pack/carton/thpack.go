package carton

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// Instance is one Bischoff-Ratcliff container loading problem, so that
// the loading core can be measured against the published results.
type Instance struct {
	Number    int
	Seed      int64 // the generator's seed; 0 in files without one
	Container Container
	Boxes     []Box
}

// MaxInstances bounds the problems one thpack file may declare.
const MaxInstances = 10_000

// ParseThpack reads a file in the thpack format of the OR-Library
// (thpack1..9): the number of problems, then per problem a line "number
// seed", the container's length, width and height, the number of box
// kinds, and per kind "kind length flag width flag height flag count",
// each flag saying whether that dimension may stand vertical. Bad input
// is refused with an error naming the line; counts are checked before
// anything is sized by them.
func ParseThpack(r io.Reader) ([]Instance, error) {
	t := &thpackReader{sc: bufio.NewScanner(r)}
	t.sc.Buffer(make([]byte, 0, 4096), 4096)
	head, err := t.ints(1, 1, "the number of problems")
	if err != nil {
		return nil, err
	}
	n := head[0]
	if n < 1 || n > MaxInstances {
		return nil, t.errf("the number of problems %d is not 1..%d", n, MaxInstances)
	}
	var out []Instance
	for range n {
		in, err := t.instance()
		if err != nil {
			return nil, err
		}
		out = append(out, in)
	}
	if _, err := t.line(); err == nil {
		return nil, t.errf("text after the %d problems declared", n)
	} else if err != io.EOF {
		return nil, err
	}
	return out, nil
}

type thpackReader struct {
	sc     *bufio.Scanner
	lineNo int
}

func (t *thpackReader) errf(format string, args ...any) error {
	return invalid("thpack line %d: %s", t.lineNo, fmt.Sprintf(format, args...))
}

// line returns the next line with fields; blank lines are skipped.
func (t *thpackReader) line() ([]string, error) {
	for t.sc.Scan() {
		t.lineNo++
		if f := strings.Fields(t.sc.Text()); len(f) > 0 {
			return f, nil
		}
	}
	if err := t.sc.Err(); err != nil {
		t.lineNo++
		return nil, t.errf("%v", err)
	}
	return nil, io.EOF
}

// ints reads a line of lo..hi integers.
func (t *thpackReader) ints(lo, hi int, what string) ([]int, error) {
	f, err := t.line()
	if err == io.EOF {
		t.lineNo++
		return nil, t.errf("the file ends where %s should be", what)
	}
	if err != nil {
		return nil, err
	}
	if len(f) < lo || len(f) > hi {
		return nil, t.errf("%s: %d numbers, want %d..%d", what, len(f), lo, hi)
	}
	out := make([]int, len(f))
	for i, s := range f {
		v, err := strconv.ParseInt(s, 10, 64)
		if err != nil || v < -1<<40 || v > 1<<40 {
			return nil, t.errf("%s: %q is not a whole number", what, s)
		}
		out[i] = int(v)
	}
	return out, nil
}

func (t *thpackReader) instance() (Instance, error) {
	var in Instance
	id, err := t.ints(1, 2, "the problem number and seed")
	if err != nil {
		return in, err
	}
	in.Number = id[0]
	if len(id) == 2 {
		in.Seed = int64(id[1])
	}
	dims, err := t.ints(3, 3, "the container's dimensions")
	if err != nil {
		return in, err
	}
	for i, d := range dims {
		if d < 1 || d > MaxDim {
			return in, t.errf("container dimension %d: %d is not 1..%d", i+1, d, MaxDim)
		}
		in.Container.Dims[i] = d
	}
	kinds, err := t.ints(1, 1, "the number of box kinds")
	if err != nil {
		return in, err
	}
	if kinds[0] < 1 || kinds[0] > MaxKinds {
		return in, t.errf("the number of box kinds %d is not 1..%d", kinds[0], MaxKinds)
	}
	total := 0
	for k := range kinds[0] {
		f, err := t.ints(8, 8, "a box kind")
		if err != nil {
			return in, err
		}
		if f[0] != k+1 {
			return in, t.errf("box kind %d where %d was due", f[0], k+1)
		}
		var b Box
		b.ID = strconv.Itoa(f[0])
		for i := range 3 {
			d, flag := f[1+2*i], f[2+2*i]
			if d < 1 || d > MaxDim {
				return in, t.errf("box dimension %d: %d is not 1..%d", i+1, d, MaxDim)
			}
			if flag != 0 && flag != 1 {
				return in, t.errf("vertical flag %d: %d is not 0 or 1", i+1, flag)
			}
			b.Dims[i], b.Vertical[i] = d, flag == 1
		}
		if !b.Vertical[0] && !b.Vertical[1] && !b.Vertical[2] {
			return in, t.errf("box kind %d may stand no way up", f[0])
		}
		b.Count = f[7]
		total += b.Count
		if b.Count < 1 || total > MaxBoxes {
			return in, t.errf("box count %d: not 1..%d in all", b.Count, MaxBoxes)
		}
		in.Boxes = append(in.Boxes, b)
	}
	return in, nil
}
