// Package fulfilment is the hand-off contract between review and the
// warehouse: what one warehouse is to ship of one or more orders (merged
// orders share one), its lines, its states and their transition table, the
// queue the warehouse reads, and its timeline. Release writes fulfilments;
// the later stages (picking, packing, shipping) move them on and import
// this package, never the order package's internals. It sits below order
// and imports none of the stages.
package fulfilment

import (
	"slices"
	"strings"
	"time"

	"github.com/waybill/waybill/internal/errs"
)

// Status is how far a fulfilment has got. The warehouse, packing and
// shipping stages add their states to the table as they are built.
type Status string

// The fulfilment states. A wave releases a ready fulfilment to the floor
// (picking); it is picked when every unit is in a tote or was found short,
// packed when every picked unit is in a packed parcel, shipped when its
// parcels are handed to the carrier, delivered when the carrier delivered
// every one of them.
const (
	ReadyToPick Status = "ready_to_pick"
	Picking     Status = "picking"
	Picked      Status = "picked"
	Packed      Status = "packed"
	Shipped     Status = "shipped"
	Delivered   Status = "delivered"
	Cancelled   Status = "cancelled"
)

// moves is the transition table: a fulfilment goes to the floor and comes
// back picked, is packed and shipped; one whose wave is called off goes
// back to the queue; one whose order is cancelled is cancelled at any step
// before it ships (what was picked is put away); nothing comes back from
// cancelled, shipped only goes on to delivered. Anything not listed is an illegal transition and an
// error.
var moves = map[Status][]Status{
	ReadyToPick: {Picking, Cancelled},
	Picking:     {Picked, ReadyToPick, Cancelled},
	Picked:      {Packed, Cancelled},
	Packed:      {Shipped, Cancelled},
	Shipped:     {Delivered},
	Delivered:   {},
	Cancelled:   {},
}

// CanMove reports whether a fulfilment may change from one state to another.
func (from Status) CanMove(to Status) bool { return slices.Contains(moves[from], to) }

// checkMove returns a Conflict error for an illegal transition.
func checkMove(id string, from, to Status) error {
	if !from.CanMove(to) {
		return errs.E(errs.Conflict, "fulfilment %s is %s and cannot become %s", id, from, to)
	}
	return nil
}

// Fulfilment is what one warehouse ships of an order: released by review
// in ready_to_pick, picked, packed and shipped by the later stages.
type Fulfilment struct {
	ID          string    `json:"id" doc:"ful_…"`
	OrderID     string    `json:"order_id" doc:"The order that owns it; merged orders' lines ride along"`
	WarehouseID string    `json:"warehouse_id"`
	Warehouse   string    `json:"warehouse" doc:"Warehouse code"`
	Status      Status    `json:"status" enum:"ready_to_pick,picking,picked,packed,shipped,delivered,cancelled"`
	ShipsOn     string    `json:"ships_on" doc:"Local date the parcel is due to leave"`
	GiftWrap    bool      `json:"gift_wrap,omitempty" doc:"Packing instruction: wrap as a gift"`
	GiftMessage string    `json:"gift_message,omitempty" doc:"Packing instruction: the card to enclose"`
	Lines       []Line    `json:"lines" nullable:"false"`
	CreatedAt   time.Time `json:"created_at"`
	// Carrier and TrackingNumbers are set when it ships.
	Carrier         string   `json:"carrier,omitempty" doc:"The carrier it was handed to"`
	TrackingNumbers []string `json:"tracking_numbers,omitempty" doc:"Its parcels' tracking numbers, in parcel order"`
	tracking        string   // as stored: space-separated
}

// Line is an order line's units in a fulfilment.
type Line struct {
	OrderID   string `json:"order_id,omitempty" doc:"The order of the line (in the fulfilment list; merged fulfilments carry several)"`
	LineNo    int    `json:"line_no"`
	ProductID string `json:"product_id"`
	SKU       string `json:"sku"`
	Name      string `json:"name" doc:"The product's name"`
	Quantity  int64  `json:"quantity"`
}

// numbers is the stored tracking column as a list; none is nil, so a
// fulfilment not shipped has no tracking_numbers in JSON.
func numbers(stored string) []string {
	if stored == "" {
		return nil
	}
	return strings.Fields(stored)
}
