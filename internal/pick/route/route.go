package route

// Route is a planned walk: the picks in the order to visit them (indices
// into the list given) and the length of the walk from the depot through
// them and back.
type Route struct {
	Order  []int
	Length float64
	Method Method
}

// Method names the way a route was found, for reports and explanations.
type Method string

// The methods.
const (
	MethodExact      Method = "ratliff-rosenthal"
	MethodHeldKarp   Method = "held-karp"
	MethodSShape     Method = "s-shape"
	MethodLargestGap Method = "largest-gap"
	MethodCombined   Method = "combined"
	MethodHeuristic  Method = "heuristic" // best of the three, improved
)

// eps absorbs float rounding when lengths summed in different orders are
// compared.
const eps = 1e-9
