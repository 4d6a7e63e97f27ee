package db

// inListSize bounds the values of one IN list: far below both databases'
// limits on bound parameters, and large enough that a batch of the order
// engine reads each table in a query or two.
const inListSize = 500

// InChunks calls fn with values in consecutive groups small enough for one
// IN list, as the []any a query's arguments take, and stops at the first
// error.
func InChunks(values []string, fn func(part []any) error) error {
	for start := 0; start < len(values); start += inListSize {
		part := values[start:min(start+inListSize, len(values))]
		args := make([]any, len(part))
		for i, v := range part {
			args[i] = v
		}
		if err := fn(args); err != nil {
			return err
		}
	}
	return nil
}
