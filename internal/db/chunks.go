package db

// inListSize bounds the values of one IN list: far below both databases'
// limits on bound parameters, and large enough that a batch of the order
// engine reads each table in a query or two.
const inListSize = 500

// InChunks calls fn with values in consecutive groups small enough for one
// IN list, as the []any a query's arguments take, and stops at the first
// error. Each group is padded to one of a few lengths (a power of two from
// 8 up, or inListSize) by repeating its last value, which changes no IN
// list's meaning, so that a query's text takes a few forms only and can be
// prepared once (Tx.QueryPrepared, Tx.ExecPrepared).
func InChunks(values []string, fn func(part []any) error) error {
	for start := 0; start < len(values); start += inListSize {
		part := values[start:min(start+inListSize, len(values))]
		args := make([]any, paddedLen(len(part)))
		for i := range args {
			args[i] = part[min(i, len(part)-1)]
		}
		if err := fn(args); err != nil {
			return err
		}
	}
	return nil
}

// paddedLen is the length InChunks pads a group of n values to.
func paddedLen(n int) int {
	size := 8
	for size < n {
		size *= 2
	}
	return min(size, inListSize)
}
