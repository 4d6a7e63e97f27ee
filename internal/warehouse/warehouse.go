// Package warehouse keeps the places stock lives in: warehouses, the
// destinations each serves, and their bins (zone-aisle-bay-level, with x/y
// positions for pick routing). Allocation asks Serves which warehouses may
// ship to an address; the stock ledger (package inventory) books stock into
// bins.
package warehouse

import (
	"strings"
	"time"

	"github.com/waybill/waybill/internal/db"
)

// Address is where a warehouse is, for labels, carriers and distance.
type Address struct {
	Line1      string `json:"line1" minLength:"1" maxLength:"200"`
	Line2      string `json:"line2" required:"false" maxLength:"200"`
	City       string `json:"city" minLength:"1" maxLength:"100"`
	Region     string `json:"region" required:"false" maxLength:"100" doc:"State, province or county"`
	PostalCode string `json:"postal_code" required:"false" maxLength:"20"`
	Country    string `json:"country" minLength:"2" maxLength:"2" doc:"ISO 3166-1 alpha-2 code, e.g. DE"`
}

// Region is one destination area a warehouse ships to: a whole country, or
// only the postal codes starting with one of the prefixes.
type Region struct {
	Country        string   `json:"country" minLength:"2" maxLength:"2" doc:"ISO 3166-1 alpha-2 code"`
	PostalPrefixes []string `json:"postal_prefixes" required:"false" maxItems:"500" nullable:"false" doc:"Postal-code prefixes served; empty means the whole country"`
	// The rate is what the whole-order optimiser prices a parcel to this
	// region with. A country may be listed more than once with different
	// prefixes and rates; the most specific prefix matching a destination
	// gives its rate.
	ParcelCostMinor int64 `json:"parcel_cost_minor,omitempty" minimum:"0" maximum:"100000000" doc:"Estimated cost of one parcel to this region, minor units of the reporting currency"`
	PerKgMinor      int64 `json:"per_kg_minor,omitempty" minimum:"0" maximum:"100000000" doc:"Estimated cost per kilogram in the parcel"`
	TransitDays     int   `json:"transit_days,omitempty" minimum:"0" maximum:"60" doc:"Days from hand-over to delivery; 0 or absent means 2"`
}

// Warehouse is a stocking location that ships orders.
type Warehouse struct {
	ID            string    `json:"id"`
	Code          string    `json:"code" doc:"Short unique name used by people and integrations"`
	Name          string    `json:"name"`
	Address       Address   `json:"address"`
	Latitude      float64   `json:"latitude"`
	Longitude     float64   `json:"longitude"`
	RegionsServed []Region  `json:"regions_served" nullable:"false"`
	Categories    []string  `json:"categories" nullable:"false" doc:"Product categories handled; empty means all"`
	CutoffTime    string    `json:"cutoff_time" doc:"Daily order cut-off, HH:MM in the warehouse's timezone"`
	Timezone      string    `json:"timezone" doc:"IANA time zone name, e.g. Europe/Berlin"`
	Active        bool      `json:"active"`
	CreatedAt     time.Time `json:"created_at"`
	UpdatedAt     time.Time `json:"updated_at"`
}

// Bin is one storage location inside a warehouse; stock is booked per bin.
type Bin struct {
	ID          string    `json:"id"`
	WarehouseID string    `json:"warehouse_id"`
	Code        string    `json:"code" doc:"zone-aisle-bay-level, e.g. A-01-03-2"`
	Zone        string    `json:"zone"`
	Aisle       string    `json:"aisle"`
	Bay         string    `json:"bay"`
	Level       string    `json:"level"`
	X           float64   `json:"x" doc:"Metres from the dock along the building"`
	Y           float64   `json:"y" doc:"Metres from the dock across the building"`
	Active      bool      `json:"active"`
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`
}

// Store reads and writes warehouses and bins. Its methods each run one
// transaction and record the change in the audit log.
type Store struct {
	db *db.DB
}

// NewStore returns a Store over d, so callers share one database handle.
func NewStore(d *db.DB) *Store { return &Store{db: d} }

// Handles reports whether the warehouse stocks products of category;
// allocation uses it to skip warehouses that cannot hold an item.
func (w Warehouse) Handles(category string) bool {
	if len(w.Categories) == 0 {
		return true
	}
	for _, c := range w.Categories {
		if strings.EqualFold(c, category) {
			return true
		}
	}
	return false
}
