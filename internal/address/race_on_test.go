//go:build race

package address

// raceEnabled: under the race detector the runtime allocates on its own
// account now and then (seen in CI: 1 allocation per call, once), so
// allocation counts mean nothing in that build.
const raceEnabled = true
