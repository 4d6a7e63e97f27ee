package db

import (
	"context"
	"fmt"
	"strings"
)

// maxParams keeps one multi-row INSERT well under both databases' limits on
// bound parameters and in the range where SQLite's parser stays fast.
const maxParams = 4000

// InsertRows writes rows into table with multi-row INSERT statements, as many
// rows per statement as fit maxParams. Every row must have one value per
// column. It is how batch writers (the order engine, imports) write
// thousands of rows per transaction without a statement per row.
func InsertRows(ctx context.Context, tx *Tx, table string, columns []string, rows [][]any) error {
	if len(rows) == 0 {
		return nil
	}
	per := max(1, maxParams/len(columns))
	head := "INSERT INTO " + table + " (" + strings.Join(columns, ", ") + ") VALUES "
	for start := 0; start < len(rows); start += per {
		chunk := rows[start:min(start+per, len(rows))]
		var b strings.Builder
		b.WriteString(head)
		args := make([]any, 0, len(chunk)*len(columns))
		for i, row := range chunk {
			if len(row) != len(columns) {
				return fmt.Errorf("insert into %s: row has %d values for %d columns", table, len(row), len(columns))
			}
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteByte('(')
			b.WriteString(tx.Placeholders(len(args)+1, len(columns)))
			b.WriteByte(')')
			args = append(args, row...)
		}
		if _, err := tx.ExecContext(ctx, b.String(), args...); err != nil {
			return fmt.Errorf("insert into %s: %w", table, err)
		}
	}
	return nil
}
