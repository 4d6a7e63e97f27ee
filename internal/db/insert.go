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
//
// Statements come in a few fixed sizes (the largest that fits, then powers
// of two for the rest) so each is prepared once and reused by every batch.
func InsertRows(ctx context.Context, tx *Tx, table string, columns []string, rows [][]any) error {
	return InsertRowsThen(ctx, tx, table, columns, rows, "")
}

// InsertRowsThen is InsertRows with a clause after each statement's values,
// such as an ON CONFLICT clause (a fixed text, never values).
func InsertRowsThen(ctx context.Context, tx *Tx, table string, columns []string, rows [][]any, then string) error {
	per := max(1, maxParams/len(columns))
	for len(rows) > 0 {
		n := chunkSize(len(rows), per)
		chunk := rows[:n]
		rows = rows[n:]
		args := make([]any, 0, n*len(columns))
		for _, row := range chunk {
			if len(row) != len(columns) {
				return fmt.Errorf("insert into %s: row has %d values for %d columns", table, len(row), len(columns))
			}
			args = append(args, row...)
		}
		if _, err := tx.ExecPrepared(ctx, insertSQL(tx, table, columns, n)+then, args...); err != nil {
			return fmt.Errorf("insert into %s: %w", table, err)
		}
	}
	return nil
}

// chunkSize is how many of left rows the next statement takes: per while at
// least that many are left, else the largest power of two not above left.
func chunkSize(left, per int) int {
	if left >= per {
		return per
	}
	n := 1
	for n*2 <= left {
		n *= 2
	}
	return n
}

// insertSQL is the text of an INSERT of n rows.
func insertSQL(tx *Tx, table string, columns []string, n int) string {
	var b strings.Builder
	b.WriteString("INSERT INTO " + table + " (" + strings.Join(columns, ", ") + ") VALUES ")
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteByte('(')
		b.WriteString(tx.Placeholders(i*len(columns)+1, len(columns)))
		b.WriteByte(')')
	}
	return b.String()
}
