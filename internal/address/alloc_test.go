//go:build !race

// The race detector's runtime allocates on its own account now and then
// (CI saw one allocation per call once), so allocation counts are only
// checked in the plain build: CI's first test leg runs this, the race leg
// does not compile it.

package address

import "testing"

// TestValidateDoesNotAllocate guards the hot path: an address already in
// normal form costs no garbage, whatever its script.
func TestValidateDoesNotAllocate(t *testing.T) {
	Validate(typical[0]) // load the table
	for _, a := range typical {
		if n := testing.AllocsPerRun(100, func() { Validate(a) }); n != 0 {
			t.Errorf("%s: %.1f allocations per address", a.Country, n)
		}
	}
}
