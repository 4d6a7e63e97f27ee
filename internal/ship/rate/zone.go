package rate

import "strings"

// Destination is where a shipment goes, as far as rating cares: the country
// (ISO 3166-1 alpha-2) and the postcode, in any spacing.
type Destination struct {
	Country    string `json:"country"`
	PostalCode string `json:"postal_code"`
}

// origin finds the service's schedule and zones for a warehouse.
func (s *Service) origin(warehouse string) *Origin {
	for i := range s.Origins {
		if s.Origins[i].Warehouse == warehouse {
			return &s.Origins[i]
		}
	}
	return nil
}

// zoneFor is the zone of the most specific area containing to: a postcode
// prefix or range beats the whole country, a longer prefix beats a shorter
// one, and on a tie the zone listed first wins.
func (o *Origin) zoneFor(to Destination) (string, bool) {
	pc := NormalizePostcode(to.PostalCode)
	best, zone := -1, ""
	for _, z := range o.Zones {
		if score, ok := z.match(to.Country, pc); ok && score > best {
			best, zone = score, z.Zone
		}
	}
	return zone, best >= 0
}

// contains reports whether any of areas holds the destination.
func contains(areas []Area, to Destination) bool {
	pc := NormalizePostcode(to.PostalCode)
	for _, a := range areas {
		if _, ok := a.match(to.Country, pc); ok {
			return true
		}
	}
	return false
}

// match tells whether a normalised postcode in country lies in a, and how
// specific the match is (characters of postcode matched, 0 for a country).
func (a Area) match(country, pc string) (int, bool) {
	if a.Country != strings.ToUpper(country) {
		return 0, false
	}
	if len(a.Prefixes) == 0 && len(a.Ranges) == 0 {
		return 0, true
	}
	best := -1
	for _, p := range a.Prefixes {
		if len(p) > best && strings.HasPrefix(pc, p) {
			best = len(p)
		}
	}
	for _, r := range a.Ranges {
		if len(pc) >= len(r.From) && len(r.From) > best {
			if head := pc[:len(r.From)]; head >= r.From && head <= r.To {
				best = len(r.From)
			}
		}
	}
	return best, best >= 0
}
