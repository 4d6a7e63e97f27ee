package warehouse

// Input is a new warehouse as a caller describes it. The struct tags give the
// HTTP API its schema; Create checks the same limits and more, so the demo
// generator and the CLI get the same answers as the API.
type Input struct {
	Code          string   `json:"code" minLength:"1" maxLength:"32" doc:"A-Z, 0-9 and -; stored upper case"`
	Name          string   `json:"name" minLength:"1" maxLength:"200"`
	Address       Address  `json:"address"`
	Latitude      float64  `json:"latitude" minimum:"-90" maximum:"90"`
	Longitude     float64  `json:"longitude" minimum:"-180" maximum:"180"`
	RegionsServed []Region `json:"regions_served,omitempty" maxItems:"250" nullable:"false"`
	Categories    []string `json:"categories,omitempty" maxItems:"100" nullable:"false" doc:"Product categories handled; empty means all"`
	CutoffTime    string   `json:"cutoff_time" maxLength:"5" doc:"Daily order cut-off, HH:MM (24 h) local time"`
	Timezone      string   `json:"timezone" minLength:"1" maxLength:"64" doc:"IANA time zone name, e.g. Europe/Berlin"`
	Active        *bool    `json:"active,omitempty" doc:"Defaults to true"`
}

// Patch changes some fields of a warehouse; absent fields stay as they are.
// A list given replaces the whole list. The code never changes, because
// integrations and people know the warehouse by it.
type Patch struct {
	Name          *string   `json:"name,omitempty" minLength:"1" maxLength:"200"`
	Address       *Address  `json:"address,omitempty"`
	Latitude      *float64  `json:"latitude,omitempty" minimum:"-90" maximum:"90"`
	Longitude     *float64  `json:"longitude,omitempty" minimum:"-180" maximum:"180"`
	RegionsServed *[]Region `json:"regions_served,omitempty" maxItems:"250"`
	Categories    *[]string `json:"categories,omitempty" maxItems:"100"`
	CutoffTime    *string   `json:"cutoff_time,omitempty" maxLength:"5" doc:"HH:MM (24 h)"`
	Timezone      *string   `json:"timezone,omitempty" minLength:"1" maxLength:"64"`
	Active        *bool     `json:"active,omitempty" doc:"false stops new stock and new allocations; stock already there can still leave"`
}

// apply returns the input that patching w with p describes, for validation.
func (p Patch) apply(w Warehouse) Input {
	in := Input{Code: w.Code, Name: w.Name, Address: w.Address, Latitude: w.Latitude, Longitude: w.Longitude,
		RegionsServed: w.RegionsServed, Categories: w.Categories, CutoffTime: w.CutoffTime,
		Timezone: w.Timezone, Active: &w.Active}
	set(&in.Name, p.Name)
	set(&in.Address, p.Address)
	set(&in.Latitude, p.Latitude)
	set(&in.Longitude, p.Longitude)
	set(&in.RegionsServed, p.RegionsServed)
	set(&in.Categories, p.Categories)
	set(&in.CutoffTime, p.CutoffTime)
	set(&in.Timezone, p.Timezone)
	if p.Active != nil {
		in.Active = p.Active
	}
	return in
}

func set[T any](dst *T, src *T) {
	if src != nil {
		*dst = *src
	}
}

// BinInput is a new bin. Codes are case-insensitive and stored canonically
// ("a-1-3-2" becomes "A-01-03-2"), so one bin cannot be created twice under
// two spellings.
type BinInput struct {
	Code   string  `json:"code" minLength:"1" maxLength:"32" doc:"zone-aisle-bay-level, e.g. A-01-03-2"`
	X      float64 `json:"x" minimum:"0" maximum:"100000" doc:"Metres from the dock along the building"`
	Y      float64 `json:"y" minimum:"0" maximum:"100000" doc:"Metres from the dock across the building"`
	Active *bool   `json:"active,omitempty" doc:"Defaults to true"`
}

// BinPatch moves or (de)activates a bin. An inactive bin takes no new stock;
// what it holds can still be moved out.
type BinPatch struct {
	X      *float64 `json:"x,omitempty" minimum:"0" maximum:"100000"`
	Y      *float64 `json:"y,omitempty" minimum:"0" maximum:"100000"`
	Active *bool    `json:"active,omitempty"`
}
