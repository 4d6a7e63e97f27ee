//go:build linux

package bench

import (
	"syscall"
	"time"
)

// processCPU is the CPU time the whole process has used, so that the
// ingestion rate can be given per CPU second as well as per wall-clock
// second on a machine shared with other work.
func processCPU() (time.Duration, bool) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0, false
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()), true
}
