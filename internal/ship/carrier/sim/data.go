package sim

import (
	_ "embed"

	"github.com/waybill/waybill/internal/ship/rate"
)

//go:embed data/parcelway.json
var parcelwayJSON []byte

// Parcelway is the simulated carrier's own rate data (USD, from Newark),
// also what a shipper holds as its contract with it for rate shopping.
func Parcelway() (rate.Carrier, error) { return rate.ParseCarrier(parcelwayJSON) }
