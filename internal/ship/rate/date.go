package rate

import (
	"fmt"
	"time"
)

// Date is a calendar day with no time zone: a ship date in the origin's
// calendar or a delivery date as promised to the customer. Comparing two
// dates never depends on where the comparison runs.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// DateOf is the day t falls on in t's own location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{y, m, d}
}

// ParseDate reads a date written YYYY-MM-DD.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return Date{}, fmt.Errorf("%q is no date YYYY-MM-DD", s)
	}
	return DateOf(t), nil
}

func (d Date) time() time.Time { return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC) }

// IsZero reports whether d is unset, as a shipment without a promise has.
func (d Date) IsZero() bool { return d == Date{} }

// AddDays is the date n calendar days after d.
func (d Date) AddDays(n int) Date { return DateOf(d.time().AddDate(0, 0, n)) }

// Weekday is the day of the week d falls on.
func (d Date) Weekday() time.Weekday { return d.time().Weekday() }

// Before reports whether d is an earlier day than e.
func (d Date) Before(e Date) bool { return d.time().Before(e.time()) }

// DaysUntil counts calendar days from d to e, negative when e is earlier.
func (d Date) DaysUntil(e Date) int { return int(e.time().Sub(d.time()) / (24 * time.Hour)) }

// String writes d as YYYY-MM-DD, the form it has in JSON.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day)
}

// MarshalText writes d as YYYY-MM-DD, and the zero date as "".
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText reads YYYY-MM-DD, and "" as the zero date.
func (d *Date) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*d = Date{}
		return nil
	}
	v, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}
