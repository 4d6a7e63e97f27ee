package inventory

// Receipt books goods arriving into a bin. Fields name things by the codes
// people use: warehouse code, bin code, SKU.
type Receipt struct {
	Warehouse string `json:"warehouse" minLength:"1" maxLength:"32" doc:"Warehouse code"`
	Bin       string `json:"bin" minLength:"1" maxLength:"32" doc:"Bin code, e.g. A-01-03-2"`
	SKU       string `json:"sku" minLength:"1" maxLength:"64"`
	Quantity  int64  `json:"quantity" minimum:"1" maximum:"1000000"`
	Reference string `json:"reference" minLength:"1" maxLength:"100" doc:"Purchase order, ASN or delivery note"`
	ExpiresOn string `json:"expires_on,omitempty" maxLength:"10" doc:"Best-before or use-by date of the goods (YYYY-MM-DD), if they expire; waves pick the earliest expiry first"`
}

// Adjustment corrects the stock of a bin after a count or an incident.
type Adjustment struct {
	Warehouse string `json:"warehouse" minLength:"1" maxLength:"32"`
	Bin       string `json:"bin" minLength:"1" maxLength:"32"`
	SKU       string `json:"sku" minLength:"1" maxLength:"64"`
	Delta     int64  `json:"delta" minimum:"-1000000" maximum:"1000000" doc:"Signed change, not zero"`
	Reason    string `json:"reason" enum:"damaged,lost,found,count_correction,expired,theft,other" doc:"damaged, lost, expired and theft remove stock; found adds it"`
	Note      string `json:"note,omitempty" maxLength:"500" doc:"Required with reason other"`
}

// Move relocates stock between two bins of one warehouse; the warehouse
// balance does not change.
type Move struct {
	Warehouse string `json:"warehouse" minLength:"1" maxLength:"32"`
	FromBin   string `json:"from_bin" minLength:"1" maxLength:"32"`
	ToBin     string `json:"to_bin" minLength:"1" maxLength:"32"`
	SKU       string `json:"sku" minLength:"1" maxLength:"64"`
	Quantity  int64  `json:"quantity" minimum:"1" maximum:"1000000"`
	Reference string `json:"reference,omitempty" maxLength:"100"`
}

// Place is a bin in a warehouse, one end of a transfer.
type Place struct {
	Warehouse string `json:"warehouse" minLength:"1" maxLength:"32"`
	Bin       string `json:"bin" minLength:"1" maxLength:"32"`
}

// Transfer sends stock from a bin of one warehouse to a bin of another. It is
// booked on both sides at once; goods in transit are not modelled yet.
type Transfer struct {
	SKU       string `json:"sku" minLength:"1" maxLength:"64"`
	Quantity  int64  `json:"quantity" minimum:"1" maximum:"1000000"`
	From      Place  `json:"from"`
	To        Place  `json:"to"`
	Reference string `json:"reference,omitempty" maxLength:"100"`
}

// ReservationLine holds back quantity of a product in a warehouse. It names
// ids, not codes: the order engine works with ids.
type ReservationLine struct {
	WarehouseID string `json:"warehouse_id"`
	ProductID   string `json:"product_id"`
	Quantity    int64  `json:"quantity"`
}

// Reservation is what Reserve or Release books in one movement; Reference is
// usually the order id, so a reservation can be traced to what holds it.
type Reservation struct {
	Reference string            `json:"reference"`
	Lines     []ReservationLine `json:"lines"`
}
