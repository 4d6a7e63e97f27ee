package order

// SetPopularLines lets a test make every SKU popular (skuPlan) and
// returns the function that puts the threshold back.
func SetPopularLines(n int) (restore func()) {
	old := popularLines
	popularLines = n
	return func() { popularLines = old }
}
