package rate

// PriceFunc is the price of a single parcel on one service from origin to
// to, or false when the service cannot take it: the shape the cartonizer
// asks for, so cartons are chosen knowing what the carrier will charge for
// their size and weight.
func (c *Carrier) PriceFunc(service, origin string, to Destination) func(Parcel) (int64, bool) {
	return func(p Parcel) (int64, bool) {
		q, err := c.Quote(Request{Origin: origin, To: to, Parcels: []Parcel{p}}, service)
		if err != nil {
			return 0, false
		}
		return q.Total, true
	}
}
