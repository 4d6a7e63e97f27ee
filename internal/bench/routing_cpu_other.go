//go:build !linux

package bench

import "time"

// threadCPU is not measured outside Linux: rates are per wall-clock second
// only.
func threadCPU() (time.Duration, bool) { return 0, false }
