package batch

import "testing"

// BenchmarkOptimize500 batches 500 generated orders on the largest
// Foodmart layout.
func BenchmarkOptimize500(b *testing.B) {
	p := Generate(loadFoodmart(b, "foodmart_d5_ord8.txt").Problem, 500, 3, 1)
	for b.Loop() {
		if _, err := Optimize(p, Options{Seed: 1}); err != nil {
			b.Fatal(err)
		}
	}
}
