package carton

import (
	"fmt"
	"strings"
)

// OwnPackaging is the carton code of a parcel that is a product in its own
// packaging, because it fits no carton at hand.
const OwnPackaging = "own packaging"

// Plan is the packer's answer for an order: the parcels, their total cost
// and why it chose them.
type Plan struct {
	Parcels []PackedParcel `json:"parcels"`
	Cost    int64          `json:"cost"`      // cartons, materials and postage of every parcel
	VoidMM3 int64          `json:"void_mm3"`  // empty volume inside the cartons
	Summary string         `json:"summary"`   // the order's explanation in one line
	Refused []string       `json:"refused"`   // parcels the carrier cannot take, by their explanation
	Timeout bool           `json:"timed_out"` // the budget cut a search short; the plan is the best found
}

// PackedParcel is one parcel: which carton, what is in it and where, and
// what it costs; the pack station shows it to the packer and keeps it.
type PackedParcel struct {
	Carton        string        `json:"carton"` // a carton code, or OwnPackaging
	Items         []PackedItem  `json:"items"`
	Outer         [3]int        `json:"outer_mm"`
	Gross         int64         `json:"gross_g"`
	Fill          float64       `json:"fill"` // units' volume over the carton's inside, 0..1
	VoidLitres    float64       `json:"void_litres"`
	Materials     []MaterialUse `json:"materials"`
	CartonCost    int64         `json:"carton_cost"`
	MaterialsCost int64         `json:"materials_cost"`
	Postage       int64         `json:"postage"`
	Cost          int64         `json:"cost"`
	Accepted      bool          `json:"accepted"` // the carrier's price said it can take the parcel
	Explanation   Explanation   `json:"explanation"`
}

// PackedItem is one unit in a parcel: the item it is a unit of, where its
// corner nearest the carton's origin sits, its size as set down (wrap
// included) and which of its dimensions stands vertical.
type PackedItem struct {
	ID       string `json:"id"`
	Pos      [3]int `json:"pos_mm"`
	Size     [3]int `json:"size_mm"`
	Vertical int    `json:"vertical"`
}

// MaterialUse is a protection or fill material a parcel takes.
type MaterialUse struct {
	Name     string `json:"name"` // bubble wrap, sealed bag, void fill
	Quantity int64  `json:"quantity"`
	Unit     string `json:"unit"` // unit, litre
	Cost     int64  `json:"cost"`
}

// Explanation says why a parcel got its carton: every carton tried and
// the verdict, so a packer or a manager can check the choice.
type Explanation struct {
	Tried   []Attempt `json:"tried"`
	Summary string    `json:"summary"`
}

// Attempt is one carton tried for a parcel's contents.
type Attempt struct {
	Carton  string  `json:"carton"`
	Verdict Verdict `json:"verdict"`
	Fill    float64 `json:"fill,omitempty"`
	Cost    int64   `json:"cost,omitempty"`
	Detail  string  `json:"detail,omitempty"`
}

// Verdict is why a carton was or was not chosen.
type Verdict string

// The verdicts an attempt can have.
const (
	Chosen         Verdict = "chosen"
	OutOfStock     Verdict = "out_of_stock"
	NotPlain       Verdict = "not_plain"   // a valuable needs a plain carton
	TooSmall       Verdict = "too_small"   // by volume or a unit's size
	TooHeavy       Verdict = "too_heavy"   // over the carton's max gross weight
	NoFit          Verdict = "did_not_fit" // the packer could not place every unit
	CarrierRefused Verdict = "carrier_refused"
	Dearer         Verdict = "dearer" // fits, but costs more (or leaves more void)
)

// summarise writes the parcel's one-line explanation.
func (p *PackedParcel) summarise() {
	var b strings.Builder
	if p.Carton == OwnPackaging {
		fmt.Fprintf(&b, "%s ships in its own packaging: it fits no carton at hand", p.Items[0].ID)
	} else {
		fmt.Fprintf(&b, "carton %s for %d units: fill %.1f%%, void %.2f l; cost %d = carton %d + materials %d + postage %d",
			p.Carton, len(p.Items), 100*p.Fill, p.VoidLitres, p.Cost, p.CartonCost, p.MaterialsCost, p.Postage)
	}
	if !p.Accepted {
		b.WriteString("; THE CARRIER CANNOT TAKE IT")
	}
	var rej []string
	for _, a := range p.Explanation.Tried {
		if a.Verdict != Chosen {
			s := a.Carton + " " + string(a.Verdict)
			if a.Detail != "" {
				s += " (" + a.Detail + ")"
			}
			rej = append(rej, s)
		}
	}
	if len(rej) > 0 {
		b.WriteString("; not: " + strings.Join(rej, ", "))
	}
	p.Explanation.Summary = b.String()
}

// summarise writes the order's one-line explanation and totals.
func (pl *Plan) summarise(units int) {
	pl.Cost, pl.VoidMM3 = 0, 0
	own := 0
	for _, p := range pl.Parcels {
		pl.Cost += p.Cost
		pl.VoidMM3 += int64(p.VoidLitres * 1e6)
		if p.Carton == OwnPackaging {
			own++
		}
		if !p.Accepted {
			pl.Refused = append(pl.Refused, p.Explanation.Summary)
		}
	}
	var codes []string
	for _, p := range pl.Parcels {
		codes = append(codes, p.Carton)
	}
	pl.Summary = fmt.Sprintf("%d units in %d parcels (%s), %d in own packaging; total cost %d, void %.2f l",
		units, len(pl.Parcels), strings.Join(codes, ", "), own, pl.Cost, float64(pl.VoidMM3)/1e6)
	if len(pl.Refused) > 0 {
		pl.Summary += fmt.Sprintf("; %d parcels the carrier cannot take", len(pl.Refused))
	}
}
