package shop

// Basket is the shape of one real order: its lines, each a product of the
// source data (Key) and how many of it the customer took. The storefront
// maps the keys onto the demo's SKUs.
type Basket []Item

// Item is one line of a basket.
type Item struct {
	Key      uint64 // the product in the source data; the same key maps to the same SKU
	Quantity int
}

// maxLines bounds a basket's lines well inside what an order may carry.
const maxLines = 40

// maxQuantity bounds the units of one line.
const maxQuantity = 6

// Builtin are a few hand-made basket shapes (one to six lines, mostly one
// unit each), for when the real data set is not at hand.
func Builtin() []Basket {
	shapes := [][]int{
		{1}, {1}, {2}, {1, 1}, {1, 1}, {1, 2}, {1, 1, 1}, {3, 1}, {1, 1, 1, 1}, {2, 1, 1},
		{1, 1, 2, 1, 1}, {1}, {1, 1, 1, 1, 1, 1}, {2, 2}, {1, 1, 1}, {4}, {1, 3, 1}, {1, 1},
	}
	out := make([]Basket, len(shapes))
	for i, s := range shapes {
		for j, q := range s {
			out[i] = append(out[i], Item{Key: uint64(100*i + j + 1), Quantity: q})
		}
	}
	return out
}
