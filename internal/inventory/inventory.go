// Package inventory is the stock ledger (DESIGN.md "Stock is a ledger").
// Every movement - receive, adjust, move, transfer, reserve, release - is a
// group of entries; the balances per warehouse and SKU (on hand, reserved)
// and per bin are derived from them and written in the same transaction, in
// a fixed lock order, with CHECK constraints as the last line of defence.
// Reconcile proves on live data that balances equal the sum of their entries.
package inventory

import (
	"time"

	"github.com/waybill/waybill/internal/db"
)

// The kinds of movement this package books. The warehouse stage books
// allocate (a bin's units promised to a pick line), deallocate, pick (a
// unit leaves its bin and its reservation for a tote) and putaway (a picked
// unit back into a bin); the schema also admits ship and return.
const (
	KindReceive    = "receive"
	KindAdjust     = "adjust"
	KindMove       = "move"
	KindTransfer   = "transfer"
	KindReserve    = "reserve"
	KindRelease    = "release"
	KindAllocate   = "allocate"
	KindDeallocate = "deallocate"
	KindPick       = "pick"
	KindPutAway    = "putaway"
	KindShip       = "ship"
)

// MaxQuantity bounds one movement's quantity, so a typo ("1000000000")
// cannot book absurd stock.
const MaxQuantity = 1_000_000

// Entry is one line of the ledger, for one SKU: a change of on-hand stock
// in one bin, of reserved stock in one warehouse, of a bin's units promised
// to pick lines (allocated), or of units picked into totes (picked).
type Entry struct {
	ID             string    `json:"id"`
	MovementID     string    `json:"movement_id"`
	At             time.Time `json:"at"`
	Kind           string    `json:"kind"`
	WarehouseID    string    `json:"warehouse_id"`
	Warehouse      string    `json:"warehouse" doc:"Warehouse code"`
	ProductID      string    `json:"product_id"`
	SKU            string    `json:"sku"`
	BinID          string    `json:"bin_id,omitempty"`
	Bin            string    `json:"bin,omitempty" doc:"Bin code; absent for reservations"`
	OnHandDelta    int64     `json:"on_hand_delta"`
	ReservedDelta  int64     `json:"reserved_delta"`
	AllocatedDelta int64     `json:"allocated_delta,omitempty" doc:"Change of the bin's units promised to pick lines"`
	PickedDelta    int64     `json:"picked_delta,omitempty" doc:"Change of the warehouse's units picked into totes, not yet shipped"`
	Reason         string    `json:"reason,omitempty"`
	Reference      string    `json:"reference,omitempty"`
	Note           string    `json:"note,omitempty"`
	Actor          string    `json:"actor" doc:"Who booked it: an API key id or cli"`
}

// Balance is the stock of one SKU in one warehouse. Available is what new
// orders may still reserve.
type Balance struct {
	WarehouseID string    `json:"warehouse_id"`
	Warehouse   string    `json:"warehouse"`
	ProductID   string    `json:"product_id"`
	SKU         string    `json:"sku"`
	OnHand      int64     `json:"on_hand"`
	Reserved    int64     `json:"reserved" doc:"Promised to orders and not yet picked"`
	Available   int64     `json:"available" doc:"on_hand - reserved"`
	Picked      int64     `json:"picked" doc:"Picked into totes and not yet shipped; not in on_hand"`
	UpdatedAt   time.Time `json:"updated_at"`
}

// BinBalance is the stock of one SKU in one bin, which pickers go to.
type BinBalance struct {
	WarehouseID string    `json:"warehouse_id"`
	Warehouse   string    `json:"warehouse"`
	BinID       string    `json:"bin_id"`
	Bin         string    `json:"bin"`
	ProductID   string    `json:"product_id"`
	SKU         string    `json:"sku"`
	OnHand      int64     `json:"on_hand"`
	Allocated   int64     `json:"allocated" doc:"Promised to pick lines; never above on_hand"`
	ExpiresOn   string    `json:"expires_on,omitempty" doc:"Earliest expiry date (YYYY-MM-DD) of what the bin holds; absent if none is known"`
	UpdatedAt   time.Time `json:"updated_at"`
}

// Movement is one booked operation with its entries and the balances it
// left, so a caller sees the effect without a second request.
type Movement struct {
	ID       string       `json:"id"`
	Kind     string       `json:"kind"`
	At       time.Time    `json:"at"`
	Entries  []Entry      `json:"entries" nullable:"false"`
	Balances []Balance    `json:"balances" nullable:"false" doc:"Warehouse balances after the movement"`
	Bins     []BinBalance `json:"bins" nullable:"false" doc:"Bin balances after the movement"`
}

// Store books movements and reads balances. Each exported method runs one
// transaction; Reserve and Release instead join the caller's.
type Store struct {
	db      *db.DB
	waiting Waiting
}

// Option configures a Store.
type Option func(*Store)

// WithWaiting tells the store which products orders wait for, so that a
// movement adding stock announces it (StockArrived) only when someone waits.
// The stage that serves waiting orders provides it; without it every
// movement that adds stock announces it.
func WithWaiting(w Waiting) Option { return func(s *Store) { s.waiting = w } }

// NewStore returns a Store over d, so callers share one database handle.
func NewStore(d *db.DB, opts ...Option) *Store {
	s := &Store{db: d}
	for _, o := range opts {
		o(s)
	}
	return s
}
