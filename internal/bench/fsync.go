package bench

import (
	"os"
	"time"
)

// Ceiling is what the disk itself allows: durable commits per second one at
// a time, and records per second when many share one fsync, which is the
// most any group-committing writer on this disk could reach.
type Ceiling struct {
	FsyncsPerSec       float64 `json:"fsyncs_per_sec"`
	GroupRecordsPerSec float64 `json:"group_commit_records_per_sec"`
	RecordsPerGroup    int     `json:"records_per_group"`
	RecordBytes        int     `json:"record_bytes"`
	MeasuredFor        string  `json:"measured_for"`
}

// MeasureDisk appends records to a file in dir for d per mode, syncing after
// each record and then after each group of 512.
func MeasureDisk(dir string, d time.Duration) (Ceiling, error) {
	const group, size = 512, 1024 // a 3-line order with its lines, entries, event and audit rows is about 1 KiB
	c := Ceiling{RecordsPerGroup: group, RecordBytes: size, MeasuredFor: d.String()}
	f, err := os.CreateTemp(dir, "fsync-probe-")
	if err != nil {
		return c, err
	}
	defer os.Remove(f.Name())
	defer f.Close()
	rec := make([]byte, size)
	measure := func(per int) (float64, error) {
		n := 0
		start := time.Now()
		for time.Since(start) < d {
			for range per {
				if _, err := f.Write(rec); err != nil {
					return 0, err
				}
			}
			if err := f.Sync(); err != nil {
				return 0, err
			}
			n += per
		}
		return float64(n) / time.Since(start).Seconds(), nil
	}
	if c.FsyncsPerSec, err = measure(1); err != nil {
		return c, err
	}
	c.GroupRecordsPerSec, err = measure(group)
	return c, err
}
