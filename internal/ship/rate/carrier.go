package rate

import "time"

// Carrier is one carrier's contract as the shipper holds it: the services it
// sells, in one currency, and the contract's allocation rule. It is parsed
// from a JSON document (see ParseCarrier) and never changed afterwards.
type Carrier struct {
	Code     string    `json:"code"`
	Name     string    `json:"name"`
	Currency string    `json:"currency"` // ISO 4217; every amount is in its minor units
	MaxShare int       `json:"max_share_pct,omitempty"`
	Services []Service `json:"services"`

	parsed bool // set by ParseCarrier once the data is checked and compiled
}

// Service is one product of a carrier (economy, express): where it goes from
// each origin warehouse, what it costs and how long it takes.
type Service struct {
	Code           string         `json:"code"`
	Name           string         `json:"name"`
	Speed          string         `json:"speed"`           // "economy", "standard" or "express": shown to people, never used to choose
	TrackingPrefix string         `json:"tracking_prefix"` // two letters opening an S10 tracking number ("CP", "EE")
	DimDivisor     int64          `json:"dim_divisor"`     // cm³ per kg, as carriers publish it (5000, 6000, 139 in³/lb is 5000)
	MaxWeightG     int64          `json:"max_weight_g"`
	MaxSideMM      int64          `json:"max_side_mm"`         // longest side
	MaxGirthMM     int64          `json:"max_length_girth_mm"` // longest side plus twice the other two
	Origins        []Origin       `json:"origins"`
	Rates          []WeightBreak  `json:"rates"`
	TransitDays    map[string]int `json:"transit_days"` // business days per zone
	Surcharges     Surcharges     `json:"surcharges"`
	Excluded       []Area         `json:"excluded_destinations,omitempty"`
	Holidays       []string       `json:"holidays,omitempty"` // YYYY-MM-DD: no pickup, no delivery, not a transit day

	holidays map[Date]bool
}

// Origin is one warehouse the service picks up from, with the zones the
// destinations fall in as seen from there and the pickup schedule.
type Origin struct {
	Warehouse  string   `json:"warehouse"`
	TimeZone   string   `json:"time_zone"` // IANA name; cut-off and pickup days are in it
	Cutoff     string   `json:"cutoff"`    // HH:MM: ready before it on a pickup day ships that day
	PickupDays []string `json:"pickup_days"`
	Zones      []Zone   `json:"zones"`

	loc      *time.Location
	cutoffAt time.Duration
	pickup   [7]bool
}

// Zone maps destinations to a zone name used by the rate card and transit
// table. An Area with neither prefixes nor ranges covers its whole country.
type Zone struct {
	Zone string `json:"zone"`
	Area
}

// Area is a set of destinations: a country, optionally narrowed to postcodes
// starting with one of Prefixes or falling within one of Ranges.
type Area struct {
	Country  string   `json:"country"`
	Prefixes []string `json:"postcodes,omitempty"`
	Ranges   []Range  `json:"ranges,omitempty"`
}

// Range is an inclusive span of postcodes, compared on the first len(From)
// characters of the normalised postcode; From and To have the same length.
type Range struct {
	From string `json:"from"`
	To   string `json:"to"`
}

// WeightBreak is one row of the rate card: the price per zone of a parcel
// whose chargeable weight is at most UpToG (and above the previous row's).
type WeightBreak struct {
	UpToG  int64            `json:"up_to_g"`
	Prices map[string]int64 `json:"prices"`
}

// Surcharges are the additions a carrier puts on top of the rate card.
type Surcharges struct {
	FuelBP   int64     `json:"fuel_bp"` // fuel surcharge in basis points (1250 = 12.5 %) of base plus other surcharges
	Remote   *Remote   `json:"remote,omitempty"`
	Oversize *Oversize `json:"oversize,omitempty"`
}

// Remote is the per-parcel charge for deliveries to hard-to-reach postcodes.
type Remote struct {
	Amount int64  `json:"amount"`
	Areas  []Area `json:"areas"`
}

// Oversize is the per-parcel charge for a parcel over either threshold, below
// the service's maximum sizes.
type Oversize struct {
	Amount        int64 `json:"amount"`
	SideMM        int64 `json:"side_mm"`
	LengthGirthMM int64 `json:"length_girth_mm"`
}
