package carton

import "context"

// TryCarton loads every unit of the request into one carton, keeping the
// physical rules (sizes, orientation, support, fragility, weight) but not
// the choices of stock, plain print or hazmat. It answers "does this
// order fit in that box?", for a packer who picks another carton than the
// one suggested and for measuring a rule that ignores geometry. The
// attempt says why not when it does not fit.
func TryCarton(ctx context.Context, req Request, c Carton) (PackedParcel, Attempt, error) {
	req.Cartons = []Carton{c}
	if err := req.validate(); err != nil {
		return PackedParcel{}, Attempt{}, err
	}
	pk := newPacker(ctx, &req)
	p, a := pk.try(pk.units(), 0, false, []int{1})
	if pk.err != nil {
		return PackedParcel{}, Attempt{}, pk.err
	}
	if a.Verdict == Chosen {
		p.Explanation.Tried = []Attempt{a}
		p.summarise()
	}
	return p, a, nil
}
