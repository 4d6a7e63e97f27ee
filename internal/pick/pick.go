// Package pick is the warehouse's floor (stage 3): released fulfilments
// become waves of pick tasks, one walk each, with the bins every line is
// picked from promised in the ledger; pickers claim a task, scan the bin,
// the item and the tote at each stop, and each accepted scan moves stock in
// the ledger from the bin's reservation into the tote. A fulfilment is
// picked when every unit is in a tote or was found short. The routing and
// batching optimisers (pick/route, pick/batch) plan the walks.
package pick

import (
	"time"

	"github.com/waybill/waybill/internal/db"
)

// Strategy is how a wave cuts its fulfilments into walks.
type Strategy string

// The strategies: one fulfilment per walk; several on one cart, one tote
// each (cluster picking); or a batch picked in bulk and sorted into the
// slots of a put wall, one slot per fulfilment. The optimiser batches the
// last two.
const (
	ByOrder Strategy = "order"
	Cluster Strategy = "cluster"
	PutWall Strategy = "putwall"
)

// The states of a task.
const (
	TaskOpen      = "open"
	TaskClaimed   = "claimed"
	TaskDone      = "done"
	TaskCancelled = "cancelled"
)

// Wave is fulfilments of one warehouse released to the floor together.
type Wave struct {
	ID        string    `json:"id" doc:"wav_…"`
	Warehouse string    `json:"warehouse"`
	Strategy  Strategy  `json:"strategy" enum:"order,cluster,putwall"`
	ShipsBy   string    `json:"ships_by,omitempty" doc:"Fulfilments due to leave on or before this date"`
	Zone      string    `json:"zone,omitempty"`
	Status    string    `json:"status" enum:"released,done,cancelled"`
	Tasks     []Task    `json:"tasks" nullable:"false"`
	Skipped   []Skipped `json:"skipped" nullable:"false" doc:"Fulfilments the wave could not take, and why"`
	Distance  float64   `json:"distance" doc:"Metres of all its walks"`
	Alone     float64   `json:"distance_alone" doc:"Metres if each fulfilment were walked alone"`
	CartKg    float64   `json:"cart_kg,omitempty" doc:"The most a cart carried, kg"`
	CartLitre float64   `json:"cart_litres,omitempty" doc:"The most a cart held, litres"`
	CreatedAt time.Time `json:"created_at"`
}

// Skipped is a ready fulfilment a wave left in the queue.
type Skipped struct {
	Fulfilment string `json:"fulfilment"`
	Reason     string `json:"reason"`
}

// Task is one walk: its stops in route order, the totes on the cart and
// who walks it.
type Task struct {
	ID        string     `json:"id" doc:"ptk_…"`
	Wave      string     `json:"wave"`
	Warehouse string     `json:"warehouse"`
	Strategy  Strategy   `json:"strategy" enum:"order,cluster,putwall"`
	Zone      string     `json:"zone,omitempty"`
	Status    string     `json:"status" enum:"open,claimed,done,cancelled"`
	ClaimedBy string     `json:"claimed_by,omitempty"`
	ClaimedAt *time.Time `json:"claimed_at,omitempty"`
	Distance  float64    `json:"distance" doc:"Metres of the planned walk from the depot and back"`
	Alone     float64    `json:"distance_alone" doc:"Metres if its fulfilments were walked one by one"`
	Method    string     `json:"route_method" doc:"How the walk was planned"`
	BulkTote  string     `json:"bulk_tote,omitempty" doc:"Put wall: the one tote the walk picks into, until its units are sorted"`
	Totes     []Tote     `json:"totes" nullable:"false" doc:"A tote per fulfilment on the cart; on a put wall, a slot per fulfilment (position = slot)"`
	Lines     []Line     `json:"lines" nullable:"false"`
	Next      *Line      `json:"next,omitempty" doc:"The next stop: the first line with units left to pick"`
}

// Tote is one fulfilment's tote on a task's cart; Code is empty until the
// first unit goes in.
type Tote struct {
	Fulfilment string `json:"fulfilment"`
	Order      string `json:"order" doc:"The order number of the fulfilment"`
	Position   int    `json:"position" doc:"Place on the cart, from 1"`
	Code       string `json:"code,omitempty"`
}

// Line is a stop: units of one fulfilment line to take from one bin.
type Line struct {
	ID         string `json:"id" doc:"pkl_…"`
	Seq        int    `json:"seq" doc:"Place in the route, from 1"`
	Fulfilment string `json:"fulfilment"`
	OrderID    string `json:"order_id"`
	LineNo     int    `json:"line_no"`
	Bin        string `json:"bin"`
	Zone       string `json:"zone,omitempty"`
	SKU        string `json:"sku"`
	Name       string `json:"name"`
	GTIN       string `json:"gtin,omitempty" doc:"The product's first barcode"`
	Quantity   int64  `json:"quantity"`
	Picked     int64  `json:"picked"`
	Short      int64  `json:"short"`
	Cancelled  int64  `json:"cancelled"`
	Sorted     int64  `json:"sorted,omitempty" doc:"Put wall: units scanned into the fulfilment's slot"`
	Tote       int    `json:"tote" doc:"Position on the cart of the tote the units go in (put wall: the slot)"`
	Fragile    bool   `json:"fragile,omitempty"`
	Valuable   bool   `json:"valuable,omitempty" doc:"A second person (an admin) scans it too before it is picked"`
	Heavy      bool   `json:"heavy,omitempty"`
	VerifiedBy string `json:"verified_by,omitempty"`
}

// Left is the units of a line still to pick.
func (l Line) Left() int64 { return l.Quantity - l.Picked - l.Short - l.Cancelled }

// HeavyGrams is the weight from which a unit is heavy: routed first, so
// it goes to the bottom of the cart.
const HeavyGrams = 10_000

// Store runs the floor over one database.
type Store struct{ db *db.DB }

// NewStore returns a Store over d.
func NewStore(d *db.DB) *Store { return &Store{db: d} }
