package shop

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

// Customer is who places an order and where it goes, as a storefront's
// checkout sends them.
type Customer struct {
	Name, Email, Phone string
	Address            Address
}

// Address is a US shipping address in the order API's terms.
type Address struct {
	Line1      string `json:"line1"`
	Line2      string `json:"line2,omitempty"`
	City       string `json:"city"`
	Region     string `json:"region"`
	PostalCode string `json:"postal_code"`
	Country    string `json:"country"`
}

// town is a real US city with one of its ZIP codes and area codes.
type town struct{ city, state, zip, area string }

var towns = []town{
	{"Mountain View", "CA", "94043", "650"}, {"San Francisco", "CA", "94110", "415"}, {"Los Angeles", "CA", "90026", "213"},
	{"San Diego", "CA", "92104", "619"}, {"Portland", "OR", "97214", "503"}, {"Seattle", "WA", "98103", "206"},
	{"Boise", "ID", "83702", "208"}, {"Denver", "CO", "80205", "303"}, {"Phoenix", "AZ", "85004", "602"},
	{"Austin", "TX", "78704", "512"}, {"Houston", "TX", "77006", "713"}, {"Dallas", "TX", "75204", "214"},
	{"Chicago", "IL", "60614", "312"}, {"Minneapolis", "MN", "55408", "612"}, {"Madison", "WI", "53703", "608"},
	{"Columbus", "OH", "43215", "614"}, {"Detroit", "MI", "48201", "313"}, {"Nashville", "TN", "37203", "615"},
	{"Atlanta", "GA", "30307", "404"}, {"Miami", "FL", "33130", "305"}, {"Raleigh", "NC", "27601", "919"},
	{"Richmond", "VA", "23220", "804"}, {"Baltimore", "MD", "21201", "410"}, {"Philadelphia", "PA", "19103", "215"},
	{"Brooklyn", "NY", "11215", "718"}, {"New York", "NY", "10027", "212"}, {"Boston", "MA", "02116", "617"},
	{"Providence", "RI", "02903", "401"}, {"Burlington", "VT", "05401", "802"}, {"Newark", "NJ", "07102", "973"},
}

var (
	firstNames = []string{"Olivia", "Liam", "Emma", "Noah", "Amelia", "Mateo", "Sophia", "Elijah", "Mia", "Lucas",
		"Harper", "Ethan", "Aaliyah", "Jamal", "Priya", "Arjun", "Mei", "Wei", "Sofia", "Diego", "Hannah", "Isaac",
		"Chloe", "Omar", "Grace", "Kenji", "Fatima", "Samuel", "Zoe", "Gabriel"}
	lastNames = []string{"Smith", "Johnson", "Garcia", "Nguyen", "Williams", "Brown", "Martinez", "Kim", "Patel",
		"Davis", "Lopez", "Wilson", "Anderson", "Thomas", "Chen", "Robinson", "Walker", "Okafor", "Hernandez",
		"Murphy", "Cohen", "Rossi", "Schmidt", "Singh", "Baker", "Rivera", "Campbell", "Park", "Ali", "Foster"}
	streets = []string{"Maple Ave", "Oak St", "Cedar Ln", "Washington Blvd", "Lincoln Ave", "Park Pl", "Elm St",
		"Highland Ave", "Sunset Dr", "Lakeview Rd", "Main St", "Pine St", "Church St", "River Rd", "Mill St"}
	domains = []string{"example.com", "example.net", "example.org"}
)

// newCustomer makes a plausible customer at a real US address; n keeps
// their e-mail address unique across the run.
func newCustomer(r *rand.Rand, n int) Customer {
	first, last := pick(r, firstNames), pick(r, lastNames)
	t := pick(r, towns)
	a := Address{Line1: fmt.Sprintf("%d %s", 10+r.IntN(4980), pick(r, streets)), City: t.city, Region: t.state,
		PostalCode: t.zip, Country: "US"}
	if r.IntN(4) == 0 {
		a.Line2 = fmt.Sprintf("Apt %d", 1+r.IntN(40))
	}
	exchange := 200 + r.IntN(300)
	if exchange%100 == 11 { // N11 codes are services, not lines
		exchange++
	}
	return Customer{
		Name:    first + " " + last,
		Email:   fmt.Sprintf("%s.%s.%d@%s", strings.ToLower(first), strings.ToLower(last), n, pick(r, domains)),
		Phone:   fmt.Sprintf("+1 %s-%03d-%04d", t.area, exchange, r.IntN(10000)),
		Address: a,
	}
}

func pick[T any](r *rand.Rand, from []T) T { return from[r.IntN(len(from))] }
