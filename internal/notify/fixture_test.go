package notify

import (
	"time"
)

// sample is a realistic confirmation: three lines, a discount, paid shipping.
func sample(locale string) OrderConfirmation {
	return OrderConfirmation{
		OrderNumber:  "WB-260302-0042",
		Locale:       locale,
		CustomerName: "Li Wei 李伟",
		Email:        "li.wei@example.com",
		Phone:        "+8613812345678",
		Lines: []Line{
			{SKU: "MUG-BLU-350", Name: "Blue mug 350 ml", Quantity: 2, UnitPriceMinor: 1250, LineTotalMinor: 2500},
			{SKU: "TEA-OOL-100", Name: "Oolong tea 100 g", Quantity: 1, UnitPriceMinor: 8900, LineTotalMinor: 8900},
			{SKU: "SPN-STL", Name: "Steel spoon", Quantity: 4, UnitPriceMinor: 199, LineTotalMinor: 796},
		},
		SubtotalMinor:     12196,
		DiscountMinor:     1000,
		ShippingMinor:     800,
		TotalMinor:        11996,
		Currency:          "CNY",
		PaymentMethod:     Prepaid,
		EstimatedShipDate: time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC),
		ShippingAddress:   []string{"Li Wei", "88 Century Avenue, Room 1201", "Pudong, Shanghai 200120", "China"},
	}
}
