package db

import (
	"database/sql"
	"errors"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/waybill/waybill/internal/errs"
)

// Violation classifies a constraint the database refused a write for.
type Violation int

// The constraint violations stores turn into caller-facing errors.
const (
	NoViolation Violation = iota
	UniqueViolation
	CheckViolation
	ForeignKeyViolation
)

// ViolationOf reports which kind of constraint err broke, on either database.
func ViolationOf(err error) Violation {
	var pg *pgconn.PgError
	if errors.As(err, &pg) {
		switch pg.Code {
		case "23505":
			return UniqueViolation
		case "23514":
			return CheckViolation
		case "23503":
			return ForeignKeyViolation
		}
		return NoViolation
	}
	var lite *sqlite.Error
	if errors.As(err, &lite) {
		switch lite.Code() {
		case sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
			return UniqueViolation
		case sqlite3.SQLITE_CONSTRAINT_CHECK:
			return CheckViolation
		case sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY:
			return ForeignKeyViolation
		}
	}
	return NoViolation
}

// retryable reports whether a transaction lost a race it may win on retry.
func retryable(err error) bool {
	var pg *pgconn.PgError
	if errors.As(err, &pg) {
		return pg.Code == "40001" || pg.Code == "40P01"
	}
	var lite *sqlite.Error
	if errors.As(err, &lite) {
		return lite.Code()&0xff == sqlite3.SQLITE_BUSY
	}
	return false
}

// NotFound turns sql.ErrNoRows into an errs.NotFound naming what was missing,
// and passes every other error through.
func NotFound(err error, format string, args ...any) error {
	if errors.Is(err, sql.ErrNoRows) {
		return errs.E(errs.NotFound, format, args...)
	}
	return err
}

// Args turns values into a statement's arguments, for an IN list of
// Placeholders.
func Args[T any](values []T) []any {
	args := make([]any, len(values))
	for i, v := range values {
		args[i] = v
	}
	return args
}

// Placeholders returns "$from, $from+1, ..." for n values, for IN lists and
// multi-row inserts written once for both dialects (SQLite accepts $N too).
// For statements with hundreds of values use Tx.Placeholders.
func Placeholders(from, n int) string {
	var b strings.Builder
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteByte('$')
		b.WriteString(itoa(from + i))
	}
	return b.String()
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var buf [20]byte
	i := len(buf)
	for n > 0 {
		i--
		buf[i] = byte('0' + n%10)
		n /= 10
	}
	return string(buf[i:])
}

// badData turns a value the database could not store (PostgreSQL's class 22
// "data exception": a NUL in text, invalid UTF-8, a number out of range) into
// an Invalid error. Validation should catch these first and name the field;
// this is the net that keeps such input from ever becoming a 500.
func badData(err error) error {
	var pg *pgconn.PgError
	if errors.As(err, &pg) && strings.HasPrefix(pg.Code, "22") {
		return errs.Wrap(errs.Invalid, err, "a value cannot be stored: text must be valid UTF-8 without NUL characters, numbers within range")
	}
	return err
}

// Placeholders is db.Placeholders for statements with thousands of values.
// SQLite looks a numbered parameter up by name, in its parser and again in
// the driver, so $N costs time quadratic in the count (a 33,000-product
// import took 19 s with $N and under 2 s with ?). Positional ? binds the
// same values in the same order, so on SQLite the whole statement must use ?.
func (tx *Tx) Placeholders(from, n int) string {
	if tx.Dialect != SQLite {
		return Placeholders(from, n)
	}
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}
