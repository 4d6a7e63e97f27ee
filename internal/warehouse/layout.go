package warehouse

import "time"

// Layout is a warehouse's floor as data, in the shape the pick router walks
// (package pick/route): blocks of parallel aisles front to back, a cross
// aisle in front of, between and behind the blocks, the depot where pick
// carts start and end, zones, and where each bin sits. Positions are metres:
// an aisle's x across the building, a bin's position from its aisle's front
// end. Bins not listed in Bins have not been placed yet.
type Layout struct {
	Warehouse   string       `json:"warehouse,omitempty" readOnly:"true" doc:"The warehouse's code"`
	Blocks      []Block      `json:"blocks" minItems:"1" maxItems:"100" nullable:"false" doc:"Blocks of aisles, front (nearest the depot) to back"`
	CrossAisles []CrossAisle `json:"cross_aisles" minItems:"2" maxItems:"101" nullable:"false" doc:"One in front of the first block, one between each pair, one behind the last"`
	Aisles      []Aisle      `json:"aisles" minItems:"1" maxItems:"10000" nullable:"false"`
	Depot       Depot        `json:"depot"`
	Zones       []Zone       `json:"zones" required:"false" maxItems:"100" nullable:"false"`
	Bins        []Placement  `json:"bins" required:"false" maxItems:"100000" nullable:"false" doc:"Where each placed bin sits; a bin not listed is not placed"`
	UpdatedAt   *time.Time   `json:"updated_at,omitempty" readOnly:"true"`
}

// Block is a run of parallel aisles between two cross aisles.
type Block struct {
	Code   string  `json:"code" maxLength:"16" doc:"e.g. FRONT, 1"`
	Length float64 `json:"length" doc:"Metres front to back, the longest aisle's length"`
}

// CrossAisle is a passage across the aisles; the router walks along it.
type CrossAisle struct {
	Width float64 `json:"width" doc:"Metres; the walk adds it when it crosses"`
}

// Aisle is one aisle of a block, pickable from both sides.
type Aisle struct {
	Code   string  `json:"code" maxLength:"16" doc:"e.g. A-01"`
	Block  string  `json:"block" maxLength:"16" doc:"The block's code"`
	X      float64 `json:"x" doc:"Metres from the left wall to the aisle's centre line"`
	Length float64 `json:"length" doc:"Metres from the aisle's front end to its back end"`
}

// Depot is where pick carts start and end: in front of the first block's
// cross aisle, level with an aisle.
type Depot struct {
	Aisle    string  `json:"aisle" maxLength:"16" doc:"The aisle of the first block the depot faces"`
	Distance float64 `json:"distance" doc:"Metres from the depot to the front cross aisle"`
}

// The kinds of zone: they decide who may pick there and what may go there.
const (
	ZoneAmbient = "ambient"
	ZoneCold    = "cold"
	ZoneCaged   = "caged" // valuable goods; picked with a supervisor
	ZoneHazmat  = "hazmat"
)

// ZoneKinds lists the kinds, for validation and forms.
var ZoneKinds = []string{ZoneAmbient, ZoneCold, ZoneCaged, ZoneHazmat}

// Zone is an area of the floor of one kind.
type Zone struct {
	Code string `json:"code" maxLength:"16"`
	Kind string `json:"kind" enum:"ambient,cold,caged,hazmat"`
}

// The sides of an aisle, facing the back of the warehouse.
const (
	SideLeft  = "left"
	SideRight = "right"
)

// Placement is where one bin sits on the layout.
type Placement struct {
	Bin      string  `json:"bin" maxLength:"32" doc:"The bin's code, e.g. A-01-03-2"`
	Aisle    string  `json:"aisle" maxLength:"16"`
	Side     string  `json:"side" enum:"left,right"`
	Position float64 `json:"position" doc:"Metres from the aisle's front end"`
	Level    int     `json:"level" doc:"Shelf level, 1 = floor"`
	Zone     string  `json:"zone" maxLength:"16"`
	PickFace bool    `json:"pick_face" doc:"Picked from (true) or reserve stock (false)"`
}
