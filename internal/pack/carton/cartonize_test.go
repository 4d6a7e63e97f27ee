package carton

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"
)

// Every plan keeps every rule on random orders.
func TestCartonizeKeepsTheRules(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for i := range 150 {
		req := testRequest(randomOrder(rng)...)
		req.Budget = 20 * time.Millisecond
		req.Seed = uint64(i)
		if i%3 == 0 {
			req.Cartons[1].Stock = 0
		}
		if i%5 == 0 {
			req.Support = 1
		}
		pl, err := Cartonize(context.Background(), req)
		if err != nil {
			t.Fatalf("case %d: %v", i, err)
		}
		if err := checkPlan(req, pl); err != nil {
			t.Fatalf("case %d: %v\n%+v\n%s", i, err, req.Items, pl.Summary)
		}
		if i%3 == 0 {
			for _, p := range pl.Parcels {
				if p.Carton == "M" {
					t.Fatalf("case %d: carton M is out of stock but used", i)
				}
			}
		}
	}
}

// Orders whose best plan is known.
func TestCartonizeKnownPlans(t *testing.T) {
	brick := Item{ID: "brick", Dims: [3]int{300, 250, 100}, Weight: 1000, Quantity: 8}
	for _, c := range []struct {
		name    string
		items   []Item
		tweak   func(*Request)
		cartons []string // expected carton per parcel, in order
		expl    string   // in the explanation of the order or a parcel
	}{
		{"a flat item goes in the mailer", []Item{{ID: "book", Dims: [3]int{200, 130, 30}, Weight: 400, Quantity: 1}}, nil, []string{"MAIL"}, "MAIL"},
		{"two books stack in the mailer? no: 60 mm is over its 40", []Item{{ID: "book", Dims: [3]int{200, 130, 30}, Weight: 400, Quantity: 2}}, nil, []string{"S"}, "MAIL did_not_fit"},
		{"the mailer out of stock", []Item{{ID: "book", Dims: [3]int{200, 130, 30}, Weight: 400, Quantity: 1}},
			func(r *Request) { r.Cartons[4].Stock = 0 }, []string{"S"}, "MAIL out_of_stock"},
		{"a valuable goes plain", []Item{{ID: "watch", Dims: [3]int{100, 80, 60}, Weight: 200, Quantity: 1, Valuable: true}}, nil, []string{"PM"}, "S not_plain"},
		{"hazmat apart", []Item{{ID: "spray", Dims: [3]int{50, 50, 180}, Weight: 250, Quantity: 1, Hazmat: true}, {ID: "book", Dims: [3]int{200, 130, 30}, Weight: 400, Quantity: 1}},
			nil, []string{"S", "MAIL"}, "2 parcels"},
		{"too long for any carton", []Item{{ID: "rug", Dims: [3]int{1500, 300, 300}, Weight: 4000, Quantity: 1}}, nil, []string{OwnPackaging}, "own packaging"},
		{"eight bricks take two large cartons (five and three; 60 l over 47 l)", []Item{brick}, nil, []string{"L", "L"}, "2 parcels"},
		{"a liquid must stand: 250 mm tall does not go in M", []Item{{ID: "oil", Dims: [3]int{70, 70, 250}, Weight: 900, Quantity: 1, Liquid: true}}, nil, []string{"L"}, "M too_small"},
		{"the carrier refuses every carton: the cheapest load is kept and flagged", []Item{{ID: "anvil", Dims: [3]int{100, 100, 100}, Weight: 19_000, Quantity: 1}},
			func(r *Request) {
				r.Price = func(p Parcel) (int64, bool) { return 100, p.Gross < 15_000 }
			}, []string{"M"}, "THE CARRIER CANNOT TAKE IT"},
		{"the carrier's price decides between cartons", []Item{{ID: "box", Dims: [3]int{190, 140, 90}, Weight: 500, Quantity: 1}},
			func(r *Request) {
				r.Price = func(p Parcel) (int64, bool) { return map[int]int64{206: 900, 306: 100, 456: 200}[p.Outer[0]], true }
			}, []string{"M"}, "S dearer"},
	} {
		t.Run(c.name, func(t *testing.T) {
			req := testRequest(c.items...)
			if c.tweak != nil {
				c.tweak(&req)
			}
			pl, err := Cartonize(context.Background(), req)
			if err != nil {
				t.Fatal(err)
			}
			if err := checkPlan(req, pl); err != nil {
				t.Fatal(err)
			}
			var got []string
			text := pl.Summary
			for _, p := range pl.Parcels {
				got = append(got, p.Carton)
				text += "\n" + p.Explanation.Summary
			}
			if strings.Join(got, ",") != strings.Join(c.cartons, ",") || !strings.Contains(text, c.expl) {
				t.Fatalf("cartons %v, want %v; explanation must say %q:\n%s", got, c.cartons, c.expl, text)
			}
		})
	}
}

// The volume rule takes the smallest carton by volume even when the item
// does not fit in it; the packer does not.
func TestVolumeRule(t *testing.T) {
	rod := Item{ID: "rod", Dims: [3]int{260, 20, 20}, Weight: 300, Quantity: 1}
	req := testRequest(rod)
	v, err := VolumeRule(req)
	if err != nil || len(v.Parcels) != 1 || v.Parcels[0].Carton != "MAIL" {
		t.Fatalf("volume rule: %+v %v", v.Parcels, err)
	}
	pl, err := Cartonize(context.Background(), req)
	if err != nil || len(pl.Parcels) != 1 || pl.Parcels[0].Carton == "MAIL" {
		t.Fatalf("packer: %+v %v", pl.Parcels, err)
	}
	// Forty books: more than the largest carton's volume, so split by volume.
	req = testRequest(Item{ID: "book", Dims: [3]int{200, 130, 30}, Weight: 400, Quantity: 80})
	v, err = VolumeRule(req)
	if err != nil || len(v.Parcels) != 2 || v.Parcels[0].Carton != "L" {
		t.Fatalf("volume rule split: %s %v", v.Summary, err)
	}
	n := 0
	for _, p := range v.Parcels {
		n += len(p.Items)
	}
	if n != 80 {
		t.Fatalf("volume rule packed %d of 80 units", n)
	}
}

// Bad requests are refused with the field at fault.
func TestCartonizeRefusesBadInput(t *testing.T) {
	ok := Item{ID: "a", Dims: [3]int{1, 1, 1}, Weight: 1, Quantity: 1}
	for _, c := range []struct {
		tweak func(*Request)
		field string
	}{
		{func(r *Request) { r.Items = nil }, "items"},
		{func(r *Request) { r.Items[0].ID = " " }, "items[0].id"},
		{func(r *Request) { r.Items[0].Dims[2] = 0 }, "items[0].dims_mm[2]"},
		{func(r *Request) { r.Items[0].Quantity = 0 }, "items[0].quantity"},
		{func(r *Request) { r.Items[0].Quantity = MaxUnits + 1 }, "items[0].quantity"},
		{func(r *Request) { r.Items[0].Weight = -1 }, "items[0].weight_g"},
		{func(r *Request) { r.Cartons[1].Outer[0] = 1 }, "cartons[1].outer_mm[0]"},
		{func(r *Request) { r.Cartons[2].MaxGross = 1 }, "cartons[2].max_gross_g"},
		{func(r *Request) { r.Cartons[0].Code = OwnPackaging }, "cartons[0].code"},
		{func(r *Request) { r.Cartons[0].Stock = -1 }, "cartons[0]"},
		{func(r *Request) { r.Materials.WrapMM = -1 }, "materials"},
		{func(r *Request) { r.Price = nil }, "price"},
		{func(r *Request) { r.Support = 2 }, "support"},
	} {
		req := testRequest(ok)
		c.tweak(&req)
		_, err := Cartonize(context.Background(), req)
		_, err2 := VolumeRule(req)
		if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), c.field) || !errors.Is(err2, ErrInvalid) {
			t.Errorf("%s: got %v / %v", c.field, err, err2)
		}
	}
}

// A big order keeps to its budget (give or take the greedy passes).
func TestCartonizeBudget(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 9))
	var items []Item
	for i := range 40 {
		items = append(items, Item{ID: fmt.Sprint(i), Dims: [3]int{20 + rng.IntN(150), 20 + rng.IntN(150), 20 + rng.IntN(150)}, Weight: 100, Quantity: 5})
	}
	req := testRequest(items...)
	req.Budget = 100 * time.Millisecond
	start := time.Now()
	pl, err := Cartonize(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	if el := time.Since(start); el > time.Second {
		t.Fatalf("took %v for a 100 ms budget", el)
	}
	if err := checkPlan(req, pl); err != nil {
		t.Fatal(err)
	}
	// A spent budget still packs every unit into cartons, as the greedy loads put them.
	req = testRequest(Item{ID: "brick", Dims: [3]int{300, 250, 100}, Weight: 1000, Quantity: 8})
	req.Budget = time.Nanosecond
	pl, err = Cartonize(context.Background(), req)
	if err != nil || len(pl.Parcels) != 2 || pl.Parcels[0].Carton != "L" || !pl.Timeout {
		t.Fatalf("spent budget: %s (timed out %v) %v", pl.Summary, pl.Timeout, err)
	}
}

// TryCarton answers whether an order fits one carton, rules of choice aside.
func TestTryCarton(t *testing.T) {
	req := testRequest(Item{ID: "rod", Dims: [3]int{260, 20, 20}, Weight: 300, Quantity: 1, Valuable: true})
	_, a, err := TryCarton(context.Background(), req, req.Cartons[4])
	if err != nil || a.Verdict != TooSmall {
		t.Fatalf("rod in the mailer: %+v %v", a, err)
	}
	p, a, err := TryCarton(context.Background(), req, req.Cartons[1])
	if err != nil || a.Verdict != Chosen || p.Carton != "M" || len(p.Items) != 1 || p.Explanation.Summary == "" {
		t.Fatalf("rod in M (printed, but the choice rules do not apply): %+v %+v %v", p, a, err)
	}
	if _, _, err := TryCarton(context.Background(), req, Carton{Code: "X"}); !errors.Is(err, ErrInvalid) {
		t.Fatalf("bad carton: %v", err)
	}
}
