package rate

import (
	"errors"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

var destinations = []Destination{{"DE", "10115"}, {"DE", "60549"}, {"DE", "18565"}, {"FR", "75001"},
	{"FR", "20000"}, {"AT", "1010"}, {"AT", "6020"}, {"US", "07105"}}

func randomRequest(r *rand.Rand) (Request, Policy) {
	n := 1 + r.IntN(3)
	req := Request{Origin: "DE-FRA1", To: destinations[r.IntN(len(destinations))],
		Ready: mondayMorning.Add(time.Duration(r.IntN(30*24*60)) * time.Minute)}
	for range n {
		req.Parcels = append(req.Parcels, Parcel{WeightG: 1 + r.Int64N(22000), LengthMM: 10 + r.Int64N(1300),
			WidthMM: 10 + r.Int64N(600), HeightMM: 10 + r.Int64N(600)})
	}
	p := Policy{Period: map[string]int{"acme": r.IntN(100), "beta": r.IntN(100)}}
	if r.IntN(4) > 0 {
		p.Promise = DateOf(req.Ready).AddDays(r.IntN(10))
	}
	return req, p
}

// TestShopProperties checks, over thousands of random shipments, what must
// hold for every choice: it is on time whenever any offer is, it is the
// cheapest on-time offer within share, every offer is one the carrier
// accepts, and the result does not depend on the order of the carriers.
func TestShopProperties(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	carriers := []Carrier{example(t), beta(t, 90)}
	for i := range 3000 {
		req, policy := randomRequest(r)
		ch, err := Shop(carriers, req, policy)
		require.NoError(t, err)
		offers := ch.Alternatives
		if ch.Chosen != nil {
			offers = append(offers, *ch.Chosen)
		}
		anyOnTime, anyWithin := false, false
		for _, o := range offers {
			anyOnTime = anyOnTime || o.OnTime
			anyWithin = anyWithin || (o.OnTime && !o.OverShare)
			c := carriers[slices.IndexFunc(carriers, func(c Carrier) bool { return c.Code == o.Carrier })]
			q, err := c.Quote(req, o.Service)
			require.NoError(t, err, "case %d: offered %s/%s is refused", i, o.Carrier, o.Service)
			require.Equal(t, q, o.Quote)
		}
		if len(offers) > 0 {
			require.NotNil(t, ch.Chosen)
		}
		if anyOnTime {
			require.True(t, ch.Chosen.OnTime, "case %d: an offer meets the promise but the choice does not", i)
			for _, o := range offers {
				if o.OnTime && (!o.OverShare || !anyWithin) {
					require.LessOrEqual(t, ch.Chosen.Total, o.Total, "case %d", i)
				}
			}
			if anyWithin {
				require.False(t, ch.Chosen.OverShare, "case %d", i)
			}
		}
		again, err := Shop([]Carrier{carriers[1], carriers[0]}, req, policy)
		require.NoError(t, err)
		require.Equal(t, ch.Chosen, again.Chosen)
	}
}

// TestPriceMonotoneInWeight checks that a heavier parcel of the same size
// never costs less and is never refused when the lighter one is too heavy.
func TestPriceMonotoneInWeight(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	c := example(t)
	for i := range 5000 {
		req, _ := randomRequest(r)
		req.Parcels = req.Parcels[:1]
		heavier := req
		heavier.Parcels = []Parcel{req.Parcels[0]}
		heavier.Parcels[0].WeightG += 1 + r.Int64N(5000)
		for _, s := range c.Services {
			light, errL := c.Quote(req, s.Code)
			heavy, errH := c.Quote(heavier, s.Code)
			var refusal *Refusal
			if errH == nil {
				require.NoError(t, errL, "case %d: heavier accepted, lighter refused", i)
				require.LessOrEqual(t, light.Total, heavy.Total, "case %d: %s", i, s.Code)
			} else if errL == nil {
				require.True(t, errors.As(errH, &refusal))
				require.Equal(t, RefusedTooHeavy, refusal.Code, "case %d", i)
			}
		}
	}
}
