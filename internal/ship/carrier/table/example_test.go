package table_test

import (
	"fmt"
	"time"

	"github.com/waybill/waybill/internal/address"
	"github.com/waybill/waybill/internal/ship"
	"github.com/waybill/waybill/internal/ship/carrier/table"
	"github.com/waybill/waybill/internal/ship/rate"
)

// Example shows the pack-time path: shop the demo carriers for a parcel
// from Frankfurt promised for Thursday, then book the chosen service with
// a serial the store drew.
func Example() {
	carriers, err := table.Demo()
	if err != nil {
		panic(err)
	}
	req := rate.Request{Origin: "DE-FRA1", To: rate.Destination{Country: "FR", PostalCode: "75001"},
		Ready:   time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC), // Monday, 10:00 in Frankfurt
		Parcels: []rate.Parcel{{WeightG: 1800, LengthMM: 350, WidthMM: 250, HeightMM: 120}}}
	choice, err := rate.Shop(carriers, req, rate.Policy{Promise: rate.Date{Year: 2026, Month: time.December, Day: 10}})
	if err != nil {
		panic(err)
	}
	c := choice.Chosen
	fmt.Printf("%s %s: %d %s, ships %s, arrives %s (%s)\n", c.Carrier, c.Service, c.Total, c.Currency, c.ShipDate, c.DeliveryDate, c.Reason)
	for _, a := range choice.Alternatives {
		fmt.Printf("  not %s %s: %s\n", a.Carrier, a.Service, a.Note)
	}

	var rheinpost rate.Carrier
	for _, d := range carriers {
		if d.Code == c.Carrier {
			rheinpost = d
		}
	}
	carrier := table.New(rheinpost, nil) // Book takes the serial itself; Create would draw it through Serials
	booked, err := carrier.Book(ship.CreateRequest{IdempotencyKey: "ful_123/1", Service: c.Service, Origin: "DE-FRA1",
		From: address.Address{Country: "DE"}, To: address.Address{PostalCode: "75001", Country: "FR"},
		Parcels: []ship.CreateParcel{{Reference: "P1", WeightG: 1800, LengthMM: 350, WidthMM: 250, HeightMM: 120}}}, 1001)
	if err != nil {
		panic(err)
	}
	fmt.Println(booked.ShipmentID, booked.Parcels[0].RoutingCode)
	// Output:
	// rheinpost express: 4957 EUR, ships 2026-12-07, arrives 2026-12-09 (cheapest_on_time)
	//   not rheinpost paket: delivers 2026-12-11, 1 day after the promised 2026-12-10
	// rheinpost-EE000010011DE EU2-FR750
}
