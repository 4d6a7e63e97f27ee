// Package rate holds carriers and their services as data and answers the two
// questions packing asks of them: what does this shipment cost on this
// service (Carrier.Quote), and which service should it go with (Shop,
// Choose). It is pure: no clock, no store, no network, so the same inputs
// always give the same answer and the ship stage can keep the answer with
// the shipment.
//
// # The carrier document
//
// One JSON document per carrier (testdata/example.json is a complete one),
// read by ParseCarrier, which reports every problem under its JSON path
// ("services[2].rates[0].up_to_g"). Unknown fields are refused; at most
// MaxDocument bytes. Amounts are integers in the minor units of "currency";
// weights in grams, sizes in millimetres.
//
//	{"code": "acme", "name": "Acme Parcels", "currency": "EUR",
//	 "max_share_pct": 60,                    // contract: at most 60 % of a period's parcels (0 or absent: no cap)
//	 "services": [{
//	   "code": "eco", "name": "Acme Economy", "speed": "economy",    // economy | standard | express
//	   "tracking_prefix": "CP",              // S10 service letters for numbers the table carrier makes
//	   "dim_divisor": 5000,                  // dimensional weight = L*W*H (cm³) / divisor, in kg
//	   "max_weight_g": 20000, "max_side_mm": 1200, "max_length_girth_mm": 3000,
//	   "origins": [{"warehouse": "DE-FRA1", "time_zone": "Europe/Berlin", "cutoff": "15:00",
//	                "pickup_days": ["mon", "tue", "wed", "thu", "fri"],
//	                "zones": [{"zone": "DOM", "country": "DE"},
//	                          {"zone": "NEAR", "country": "DE", "postcodes": ["60", "61"]},
//	                          {"zone": "EU", "country": "AT", "ranges": [{"from": "1000", "to": "4999"}]}]}],
//	   "rates": [{"up_to_g": 1000, "prices": {"DOM": 500, "NEAR": 400, "EU": 1200}},
//	             {"up_to_g": 20000, "prices": {"DOM": 1200, "NEAR": 1000, "EU": 2600}}],
//	   "transit_days": {"DOM": 2, "NEAR": 1, "EU": 4},
//	   "surcharges": {"fuel_bp": 1000,       // 10 % of base + remote + oversize, per parcel
//	                  "remote": {"amount": 300, "areas": [{"country": "DE", "postcodes": ["18565"]}]},
//	                  "oversize": {"amount": 2000, "side_mm": 1000, "length_girth_mm": 2500}},
//	   "excluded_destinations": [{"country": "FR", "postcodes": ["20"]}],
//	   "holidays": ["2026-12-25"]}]}
//
// Zones: a destination takes the zone of the most specific area holding it
// (a postcode prefix or range beats the whole country, a longer match beats
// a shorter one, the first listed wins a tie); postcodes are compared in
// capitals without spaces or hyphens; a range compares the first len(from)
// characters. Every zone an origin uses needs a price in every weight break
// and a transit time; prices never fall as weight rises; the last break
// covers max_weight_g. A parcel's chargeable weight is the larger of its
// weight and its dimensional weight (rounded up to the gram); its base price
// is the first break at or above it.
//
// Calendar: a shipment ready strictly before the cut-off (origin time) on a
// pickup day that is not a holiday ships that day, else on the next such
// day. Transit days are business days, Monday to Friday except the
// service's holidays, counted after the ship day: one day from Friday is
// Monday, zero is the ship day itself.
package rate
