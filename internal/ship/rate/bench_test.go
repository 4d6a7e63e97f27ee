package rate

import (
	"math/rand/v2"
	"testing"
)

// BenchmarkShop measures one rate shopping over two carriers of two
// services each, random one to three parcel shipments: the cost of choosing
// a service at the pack station.
func BenchmarkShop(b *testing.B) {
	carriers := []Carrier{example(b), betaB(b)}
	r := rand.New(rand.NewPCG(5, 6))
	reqs := make([]Request, 256)
	policies := make([]Policy, 256)
	for i := range reqs {
		reqs[i], policies[i] = randomRequest(r)
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if _, err := Shop(carriers, reqs[i%256], policies[i%256]); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

// BenchmarkPriceFunc measures pricing one parcel, the call the cartonizer
// makes for every carton it tries.
func BenchmarkPriceFunc(b *testing.B) {
	c := example(b)
	price := c.PriceFunc("eco", "DE-FRA1", Destination{Country: "DE", PostalCode: "60549"})
	p := Parcel{WeightG: 1200, LengthMM: 300, WidthMM: 200, HeightMM: 150}
	b.ReportAllocs()
	for b.Loop() {
		if _, ok := price(p); !ok {
			b.Fatal("refused")
		}
	}
}

func betaB(b *testing.B) Carrier {
	c := example(b)
	c.Code = "beta"
	return c
}
