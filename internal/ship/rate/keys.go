package rate

import (
	"maps"
	"slices"
)

// sortedKeys lists a map's keys in order, so that reports and loops over
// zones come out the same on every run.
func sortedKeys[V any](m map[string]V) []string {
	return slices.Sorted(maps.Keys(m))
}
