package carton

import "time"

// testCartons is a small catalogue: two branded boxes, a plain one and a
// mailer, sizes in mm, weights in g, costs in cents.
func testCartons() []Carton {
	return []Carton{
		{Code: "S", Inner: [3]int{200, 150, 100}, Outer: [3]int{206, 156, 106}, Tare: 150, MaxGross: 10_000, Cost: 40, Material: "corrugated", Stock: 100},
		{Code: "M", Inner: [3]int{300, 250, 200}, Outer: [3]int{306, 256, 206}, Tare: 300, MaxGross: 20_000, Cost: 70, Material: "corrugated", Stock: 100},
		{Code: "L", Inner: [3]int{450, 350, 300}, Outer: [3]int{456, 356, 306}, Tare: 600, MaxGross: 30_000, Cost: 120, Material: "corrugated", Stock: 100},
		{Code: "PM", Inner: [3]int{300, 250, 200}, Outer: [3]int{306, 256, 206}, Tare: 300, MaxGross: 20_000, Cost: 80, Material: "corrugated", Plain: true, Stock: 100},
		{Code: "MAIL", Inner: [3]int{250, 180, 40}, Outer: [3]int{260, 190, 45}, Tare: 40, MaxGross: 2_000, Cost: 15, Material: "mailer", Stock: 100},
	}
}

func testMaterials() Materials {
	return Materials{WrapMM: 5, WrapCost: 10, WrapWeight: 10, BagCost: 5, BagWeight: 5, FillCostPerLitre: 2, FillWeightPerLitre: 3}
}

// testPrice is a weight-break table on the greater of actual and
// dimensional weight (divisor 5000 cm3/kg), refusing over 30 kg.
func testPrice(p Parcel) (int64, bool) {
	dim := int64(p.Outer[0]) * int64(p.Outer[1]) * int64(p.Outer[2]) / 5000 // mm3 / 5000 = g at 5000 cm3/kg
	w := max(p.Gross, dim)
	switch {
	case w <= 1000:
		return 500, true
	case w <= 5000:
		return 900, true
	case w <= 30000:
		return 1500 + (w-5000)/1000*50, true
	}
	return 0, false
}

func testRequest(items ...Item) Request {
	return Request{Items: items, Cartons: testCartons(), Materials: testMaterials(), Price: testPrice, Budget: 300 * time.Millisecond}
}
