// Package pack is stage 4, the pack station: a picked fulfilment's items
// are scanned into parcels, each closed with its carton and its weight,
// until every picked unit is in a packed parcel and the fulfilment is
// packed, ready for shipping. Nothing is packed unverified: a wrong item or
// an extra unit is refused at the scan, a missing unit keeps the
// fulfilment from being packed until a supervisor writes it off, and a
// parcel whose weight is off what its contents should weigh is held for a
// recheck. It owns the warehouses' carton catalogues and pack rules, the
// parcels with their SSCCs, and the scans; the cartonization optimiser is
// the pure pack/carton.
package pack

import (
	"encoding/json"
	"time"

	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/pack/carton"
)

// The states of a parcel. Items go into the open parcel; closing it packs
// it, or holds it when its weight is off (weighing again or a supervisor's
// acceptance packs it); an order cancelled before shipping cancels it.
const (
	ParcelOpen      = "open"
	ParcelHeld      = "held"
	ParcelPacked    = "packed"
	ParcelCancelled = "cancelled"
)

// Store is the pack stage over the database.
type Store struct {
	db      *db.DB
	postage Postage // nil: parcels suggested on carton cost alone
}

// NewStore returns the pack stage over d.
func NewStore(d *db.DB) *Store { return &Store{db: d} }

// Station is what the pack station shows for one fulfilment: the orders
// and lines to pack with their handling, what is packed so far, the parcel
// on the desk, and what to do next.
type Station struct {
	FulfilmentID string        `json:"fulfilment_id"`
	Warehouse    string        `json:"warehouse"`
	Status       string        `json:"status" doc:"The fulfilment's: picked while packing, packed when done"`
	Orders       []string      `json:"orders" doc:"Order numbers: merged orders share one fulfilment"`
	Tote         string        `json:"tote,omitempty" doc:"The tote it was picked into, until it is packed"`
	Lines        []StationLine `json:"lines" nullable:"false"`
	Instructions []string      `json:"instructions" nullable:"false" doc:"Gift wrap and card, fragile, valuable, liquid, hazmat, invoice_by_email (the invoice stays out of the parcel)"`
	GiftMessage  string        `json:"gift_message,omitempty"`
	Parcels      []Parcel      `json:"parcels" nullable:"false"`
	Left         int64         `json:"left" doc:"Units still to scan into a parcel"`
	Suggested    *carton.Plan  `json:"suggested,omitempty" doc:"The cartonizer's plan for the units left: cartons, what goes in each and where, fill, cost, and why each carton was or was not chosen"`
}

// StationLine is one order line of the fulfilment at the station.
type StationLine struct {
	OrderID     string `json:"order_id"`
	OrderNumber string `json:"order_number"`
	LineNo      int    `json:"line_no"`
	ProductID   string `json:"product_id"`
	SKU         string `json:"sku"`
	Name        string `json:"name"`
	GTIN        string `json:"gtin,omitempty"`
	Quantity    int64  `json:"quantity" doc:"Units to pack"`
	Packed      int64  `json:"packed" doc:"Units scanned into parcels"`
	WeightG     int64  `json:"weight_g"`
	LengthMM    int64  `json:"length_mm"`
	WidthMM     int64  `json:"width_mm"`
	HeightMM    int64  `json:"height_mm"`
	Fragile     bool   `json:"fragile,omitempty"`
	Liquid      bool   `json:"liquid,omitempty"`
	Valuable    bool   `json:"valuable,omitempty"`
	Hazmat      bool   `json:"hazmat,omitempty"`
}

// Left is the line's units still to scan.
func (l StationLine) Left() int64 { return l.Quantity - l.Packed }

// Parcel is one box of a fulfilment.
type Parcel struct {
	ID        string `json:"id" doc:"pcl_…"`
	SSCC      string `json:"sscc" doc:"The 18-digit Serial Shipping Container Code on its label"`
	Seq       int    `json:"seq" doc:"Parcel n of the fulfilment"`
	Status    string `json:"status" enum:"open,held,packed,cancelled"`
	Carton    string `json:"carton,omitempty" doc:"The carton's code; empty while open, or for goods in their own packaging"`
	LengthMM  int64  `json:"length_mm,omitempty"`
	WidthMM   int64  `json:"width_mm,omitempty"`
	HeightMM  int64  `json:"height_mm,omitempty"`
	ExpectedG int64  `json:"expected_g,omitempty" doc:"What its items, carton and fill should weigh"`
	WeightG   int64  `json:"weight_g,omitempty" doc:"What it weighed"`
	Note      string `json:"note,omitempty" doc:"Why it is held"`
	// Explanation is the cartonizer's finding on its carton when it was
	// packed: fill, void, cost and the attempt.
	Explanation json.RawMessage `json:"explanation,omitempty"`
	Items       []ParcelItem    `json:"items" nullable:"false"`
	PackedAt    *time.Time      `json:"packed_at,omitempty"`
}

// ParcelItem is an order line's units in a parcel.
type ParcelItem struct {
	OrderID  string `json:"order_id"`
	LineNo   int    `json:"line_no"`
	SKU      string `json:"sku"`
	Quantity int64  `json:"quantity"`
}
