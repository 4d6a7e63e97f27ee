package route

// The states of Ratliff and Rosenthal's dynamic programme. A partial tour
// covers the aisles left of a cut; what matters for its completion is the
// degree of the top (back) and bottom (front) vertices of the aisle at the
// cut, each zero, even or odd (uneven), and how many connected components
// it has. Seven combinations can occur (their equivalence classes):
//
//	(U,U,1C) (E,0,1C) (0,E,1C) (E,E,1C) (E,E,2C) (0,0,0C) (0,0,1C)
//
// where (0,0,0C) is "nothing yet" and (0,0,1C) "a finished tour to the
// left". A state packs them as top*9 + bottom*3 + components.
type state uint8

const (
	degZero, degEven, degOdd = 0, 1, 2
	nStates                  = 27
	stEmpty                  = state(0)                         // (0,0,0C)
	stDone                   = state(degZero*9 + degZero*3 + 1) // (0,0,1C)
)

func mkState(top, bottom, comps uint8) state { return state(top*9 + bottom*3 + comps) }

func (s state) top() uint8    { return uint8(s) / 9 }
func (s state) bottom() uint8 { return uint8(s) / 3 % 3 }
func (s state) comps() uint8  { return uint8(s) % 3 }

// addDeg adds k edge ends to a vertex of degree class d.
func addDeg(d uint8, k int) uint8 {
	if k == 0 {
		return d
	}
	odd := d == degOdd
	if k%2 == 1 {
		odd = !odd
	}
	if odd {
		return degOdd
	}
	return degEven
}

// final reports a state that closes into a tour with no edge to the right.
func (s state) final() bool {
	switch s {
	case stDone, mkState(degEven, degZero, 1), mkState(degZero, degEven, 1), mkState(degEven, degEven, 1):
		return true
	}
	return false
}

// config is how a tour covers one aisle's picks (Ratliff and Rosenthal's
// six vertical configurations).
type config uint8

const (
	cfgNone     config = iota // the aisle is not entered (no picks)
	cfgTraverse               // walked through once, front to back
	cfgTwice                  // walked through twice
	cfgTop                    // entered from the back to the frontmost pick and back
	cfgBottom                 // entered from the front to the backmost pick and back
	cfgGap                    // entered from both ends, leaving the largest gap
	nConfigs
)

// vertical applies an aisle's configuration to the state at the left of
// the aisle (after the horizontal edges into it); ok is false when the
// combination cannot be part of a tour or can never help one.
func vertical(s state, c config, picks bool) (state, bool) {
	if c == cfgNone {
		return s, !picks
	}
	if (c == cfgTop || c == cfgBottom || c == cfgGap) && !picks {
		return 0, false
	}
	if s == stDone || s == stEmpty && !picks {
		return 0, false // a second tour, or a walk into an empty aisle from nowhere
	}
	var dt, db int
	joins := false
	switch c {
	case cfgTraverse:
		dt, db, joins = 1, 1, true
	case cfgTwice:
		dt, db, joins = 2, 2, true
	case cfgTop:
		dt = 2
	case cfgBottom:
		db = 2
	case cfgGap:
		dt, db = 2, 2
	}
	top, bottom := addDeg(s.top(), dt), addDeg(s.bottom(), db)
	joined := s.comps() == 1 && s.top() != degZero && s.bottom() != degZero || joins
	comps := uint8(1)
	if top != degZero && bottom != degZero && !joined {
		comps = 2
	}
	return mkState(top, bottom, comps), true
}

// horizontal applies x copies of the back cross-aisle edge and y of the
// front one between an aisle and the next.
func horizontal(s state, x, y int) (state, bool) {
	if s == stEmpty || s == stDone {
		return s, x == 0 && y == 0
	}
	if !fits(s.top(), x) || !fits(s.bottom(), y) {
		return 0, false
	}
	switch {
	case x == 0 && y == 0:
		return stDone, s.comps() == 1 // a component left behind must be the whole tour
	case s.comps() == 2 && (x == 0 || y == 0):
		return 0, false // the component not carried right could never join
	}
	return mkState(edgeDeg(x), edgeDeg(y), s.comps()), true
}

// fits reports whether k more edges leave a vertex of class d even, and
// whether it had an edge at all (a walk never starts at an unused corner).
func fits(d uint8, k int) bool {
	switch d {
	case degZero:
		return k == 0
	case degOdd:
		return k == 1
	}
	return k == 0 || k == 2
}

func edgeDeg(k int) uint8 {
	switch k {
	case 0:
		return degZero
	case 1:
		return degOdd
	}
	return degEven
}

// move is a transition of the programme: the state it leads to, if any.
type move struct {
	to state
	ok bool
}

// The transitions, tabulated once: vertical by whether the aisle holds
// stops, horizontal by x*3+y.
var (
	verticalMoves   = tabulateVertical()
	horizontalMoves = tabulateHorizontal()
)

func tabulateVertical() (t [2][nStates][nConfigs]move) {
	for s := range state(nStates) {
		for c := range nConfigs {
			for p, picks := range [2]bool{false, true} {
				to, ok := vertical(s, c, picks)
				t[p][s][c] = move{to, ok}
			}
		}
	}
	return t
}

func tabulateHorizontal() (t [nStates][9]move) {
	for s := range state(nStates) {
		for xy := range 9 {
			to, ok := horizontal(s, xy/3, xy%3)
			t[s][xy] = move{to, ok}
		}
	}
	return t
}
