// Package picklist prints a pick task as an A4 pick list: a header naming
// the task (and its barcode), then one row per stop in route order with the
// bin, the product, the quantity and the barcodes the picker scans. It is
// pure: the caller loads the task and passes it in as a Sheet.
package picklist

import "time"

// Sheet is everything a pick list prints, in the words of the caller.
type Sheet struct {
	Lang      string // "en" or "zh"; anything else prints English
	Warehouse string // warehouse code
	Task      string // the task's id or code, printed as a Code 128 on top
	Wave      string // optional
	Strategy  string // "order", "cluster" or "putwall"
	Picker    string // optional
	Printed   time.Time
	Distance  float64 // metres of the planned walk
	Stops     []Stop  // in route order
}

// Stop is one visit to a bin: what to take there and where it goes.
type Stop struct {
	Seq      int
	Bin      string // bin code, printed and as Code 128
	SKU      string
	Name     string // product name (may be Chinese)
	GTIN     string // may be empty; printed as Code 128 when present, else the SKU is
	Quantity int64
	Tote     string // the tote or put-wall slot the units go to (cluster picking), may be empty
	Fragile  bool
	Valuable bool // the picker scans the unit a second time
	Heavy    bool
}

// units is the total quantity the task takes.
func (s Sheet) units() int64 {
	var n int64
	for _, st := range s.Stops {
		n += st.Quantity
	}
	return n
}

// scanCode is what the stop's product barcode carries: the GTIN, or the SKU
// for products without one.
func (st Stop) scanCode() string {
	if st.GTIN != "" {
		return st.GTIN
	}
	return st.SKU
}
