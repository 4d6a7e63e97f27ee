// Package batch decides which orders share one walk of a picker's cart. It
// is pure: plain inputs, no database, no clock, no randomness beyond a seed,
// so the warehouse stage can call it for a wave and the benchmark can run it
// on published instances.
//
// A batch's walk is measured by a Router, an interface this package owns
// with two implementations: AisleLayout, a real warehouse of aisles whose
// walks internal/pick/route plans (exact on a single block, with the
// goods' precedence classes), for the warehouse stage; and Layout, a
// matrix of shortest distances routed by this package's own solver
// (route.go), for the published Foodmart instances.
package batch

import (
	"errors"
	"fmt"
	"time"
)

// Order is one order to pick, as batching sees it.
type Order struct {
	ID string
	// Locations are the points of the layout holding its lines; repeated
	// points are visited once.
	Locations []int
	// Totes the order fills on the cart; orders never share a tote, so the
	// cart can be sorted while picking. Zero counts as one.
	Totes  int
	Volume float64
	Weight float64
	// Due is when the order must be picked; orders due sooner are batched
	// and released first. The zero time is a due time like any other.
	Due time.Time
}

// Cart is what one walk can carry. A zero limit is no limit.
type Cart struct {
	Totes  int
	Volume float64
	Weight float64
}

// Problem is a set of orders to batch on one layout with one kind of cart.
type Problem struct {
	// Router is the layout: its points are what orders' Locations name,
	// and it measures every walk.
	Router Router
	Cart   Cart
	Orders []Order
	// DueSpread is how far apart the due times of orders sharing a cart may
	// be: zero means only orders due at the same time share one, so no
	// urgent order waits on a walk that also serves later ones.
	DueSpread time.Duration
}

// Batch is one walk: the orders it serves (indexes into Problem.Orders),
// the points in the order the picker visits them, and the walk's length
// from the depot and back.
type Batch struct {
	Orders   []int
	Route    []int
	Distance float64
}

// Plan is a complete batching: every order in exactly one batch, batches
// in the order they should be released (earliest due first).
type Plan struct {
	Batches  []Batch
	Distance float64
}

// ErrInvalid is wrapped by every error Validate returns.
var ErrInvalid = errors.New("invalid batching problem")

// Validate checks what every batching method relies on: a router, points
// on it, and orders each small enough for an empty cart.
func (p Problem) Validate() error {
	if p.Router == nil {
		return fmt.Errorf("%w: no router", ErrInvalid)
	}
	if p.DueSpread < 0 {
		return fmt.Errorf("%w: negative due spread", ErrInvalid)
	}
	if p.Cart.Totes < 0 || p.Cart.Volume < 0 || p.Cart.Weight < 0 {
		return fmt.Errorf("%w: negative cart capacity", ErrInvalid)
	}
	for i, o := range p.Orders {
		for _, l := range o.Locations {
			if l < 0 || l >= p.Router.Points() {
				return fmt.Errorf("%w: order %d (%s): point %d is not on the layout", ErrInvalid, i, o.ID, l)
			}
		}
		if o.Totes < 0 || o.Volume < 0 || o.Weight < 0 {
			return fmt.Errorf("%w: order %d (%s): negative size", ErrInvalid, i, o.ID)
		}
		if !p.Cart.fits(loadOf(o)) {
			return fmt.Errorf("%w: order %d (%s) does not fit an empty cart", ErrInvalid, i, o.ID)
		}
	}
	return nil
}

// total sums the batches' distances into the plan.
func (pl *Plan) total() {
	pl.Distance = 0
	for _, b := range pl.Batches {
		pl.Distance += b.Distance
	}
}
