package rate

import "time"

// scheduleHorizon is how far ahead a ship date is searched for. A schedule
// with no pickup in that time is a data mistake, reported as no_pickup.
const scheduleHorizon = 800

// shipDate is the day a shipment ready at ready leaves the origin: that day
// when it is a pickup day, not a holiday, and ready strictly before the
// cut-off in the origin's time zone; else the next pickup day that is not a
// holiday.
func (s *Service) shipDate(o *Origin, ready time.Time) (Date, bool) {
	local := ready.In(o.loc)
	day := DateOf(local)
	clock := time.Duration(local.Hour())*time.Hour + time.Duration(local.Minute())*time.Minute + time.Duration(local.Second())*time.Second
	if clock >= o.cutoffAt {
		day = day.AddDays(1)
	}
	for range scheduleHorizon {
		if o.pickup[day.Weekday()] && !s.holidays[day] {
			return day, true
		}
		day = day.AddDays(1)
	}
	return Date{}, false
}

// deliveryDate counts transit business days after the ship date. The
// calendar rule: a business day is Monday to Friday and not one of the
// service's holidays; the ship day itself does not count, so one transit
// day from a Friday delivers on Monday, and zero transit days delivers on
// the ship date.
func (s *Service) deliveryDate(ship Date, transit int) Date {
	day := ship
	for n := 0; n < transit; {
		day = day.AddDays(1)
		if wd := day.Weekday(); wd != time.Saturday && wd != time.Sunday && !s.holidays[day] {
			n++
		}
	}
	return day
}
