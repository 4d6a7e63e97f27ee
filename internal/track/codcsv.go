package track

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/bojanz/currency"

	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/money"
)

// Limits of a remittance file: a carrier's weekly file is a few thousand
// rows; anything far larger is a mistake or an attack.
const (
	MaxRemittanceBytes = 4 << 20
	MaxRemittanceRows  = 50_000
	maxCell            = 128
	maxRowErrors       = 50 // problems reported at most; the first ones say what is wrong
)

// RemittanceColumns are a remittance file's columns, in the order a file
// without a header row has them. A header row (recognised by its first
// cell, "carrier") may name them in any order.
var RemittanceColumns = []string{"carrier", "remittance_id", "remittance_date", "tracking_number", "amount", "currency"}

// RemitRow is one row of a remittance file: the carrier paid amount
// (minor units) of currency for the parcel with this tracking number, in
// its remittance reference, dated remitted_on.
type RemitRow struct {
	Row            int    // the row's number in the file, the header (if any) being row 1
	Carrier        string // lower case
	Reference      string
	RemittedOn     string // YYYY-MM-DD
	TrackingNumber string // upper case
	AmountMinor    int64
	Currency       string
}

// ParseRemittance reads a remittance file: UTF-8 CSV, commas, an optional
// byte-order mark, CRLF or LF line ends, an optional header row. Every
// problem comes back at once (up to 50), each at rows[N].column, N being
// the row as a spreadsheet numbers it; the file as a whole at csv.
func ParseRemittance(data []byte, today time.Time) ([]RemitRow, error) {
	if len(data) > MaxRemittanceBytes {
		return nil, errs.Field("csv", errs.CodeTooLong, "at most %d bytes, got %d", MaxRemittanceBytes, len(data))
	}
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	if !utf8.Valid(data) {
		return nil, errs.Field("csv", errs.CodeFormat, "the file is not UTF-8 text")
	}
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	r.ReuseRecord = false
	cols := RemittanceColumns
	var f errs.Fields
	problems := 0
	add := func(path, code, format string, args ...any) {
		if problems < maxRowErrors {
			f.Add(path, code, format, args...)
		}
		problems++
	}
	var out []RemitRow
	dates := map[[2]string]string{}
	for n := 1; ; n++ {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			return nil, errs.Field(fmt.Sprintf("rows[%d]", pe.StartLine), errs.CodeFormat, "not CSV: %v", pe.Err)
		}
		if err != nil {
			return nil, errs.Field("csv", errs.CodeFormat, "not CSV: %v", err)
		}
		if n == 1 && strings.EqualFold(strings.TrimSpace(rec[0]), "carrier") {
			if cols, err = remitHeader(rec); err != nil {
				return nil, err
			}
			continue
		}
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue // a blank line, as spreadsheets leave at the end
		}
		if len(out) >= MaxRemittanceRows {
			return nil, errs.Field("csv", errs.CodeOutOfRange, "at most %d rows", MaxRemittanceRows)
		}
		if len(rec) != len(cols) {
			add(fmt.Sprintf("rows[%d]", n), errs.CodeOutOfRange, "%d columns expected (%s), got %d", len(cols), strings.Join(cols, ","), len(rec))
			continue
		}
		row := RemitRow{Row: n}
		for i, c := range cols {
			at := fmt.Sprintf("rows[%d].%s", n, c)
			v := strings.TrimSpace(rec[i])
			if msg := cellProblem(v); msg != "" {
				add(at, errs.CodeFormat, "%s", msg)
				continue
			}
			if v == "" {
				add(at, errs.CodeRequired, "%s is required", c)
				continue
			}
			switch c {
			case "carrier":
				row.Carrier = strings.ToLower(v)
				if len(v) > 32 {
					add(at, errs.CodeTooLong, "a carrier code is at most 32 characters")
				}
			case "remittance_id":
				row.Reference = v
				if len(v) > 64 {
					add(at, errs.CodeTooLong, "a remittance id is at most 64 characters")
				}
			case "remittance_date":
				d, err := time.Parse(time.DateOnly, v)
				switch {
				case err != nil:
					add(at, errs.CodeFormat, "a date YYYY-MM-DD is required, got %q", errs.Clip(v))
				case d.Year() < 2000 || d.After(today.AddDate(0, 0, 1)):
					add(at, errs.CodeOutOfRange, "a date from 2000 up to today is required, got %s", v)
				default:
					row.RemittedOn = v
				}
			case "tracking_number":
				row.TrackingNumber = normal(v)
				if len(v) > 64 || strings.ContainsAny(v, " \t") {
					add(at, errs.CodeFormat, "a tracking number of 1 to 64 characters without spaces is required")
				}
			case "currency":
				row.Currency = strings.ToUpper(v)
				if len(v) != 3 || !money.IsCurrency(row.Currency) {
					add(at, errs.CodeUnknown, "%q is not an ISO 4217 currency code", errs.Clip(v))
				}
			}
		}
		if i := slices.Index(cols, "amount"); i >= 0 && row.Currency != "" && money.IsCurrency(row.Currency) {
			at := fmt.Sprintf("rows[%d].amount", n)
			if v := strings.TrimSpace(rec[i]); v != "" && cellProblem(v) == "" {
				minor, msg := parseAmount(v, row.Currency)
				if msg != "" {
					add(at, errs.CodeFormat, "%s", msg)
				}
				row.AmountMinor = minor
			}
		}
		if row.Carrier != "" && row.Reference != "" && row.RemittedOn != "" {
			k := [2]string{row.Carrier, row.Reference}
			if d, ok := dates[k]; ok && d != row.RemittedOn {
				add(fmt.Sprintf("rows[%d].remittance_date", n), errs.CodeFormat,
					"remittance %s is dated %s on an earlier row", errs.Clip(row.Reference), d)
			}
			dates[k] = row.RemittedOn
		}
		out = append(out, row)
	}
	if problems > maxRowErrors {
		f.Add("csv", errs.CodeOutOfRange, "%d more problems not listed", problems-maxRowErrors)
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, errs.Field("csv", errs.CodeRequired, "the file has no rows of payments")
	}
	return out, nil
}

// remitHeader reads a header row: every column once, none unknown.
func remitHeader(rec []string) ([]string, error) {
	var f errs.Fields
	cols := make([]string, len(rec))
	for i, h := range rec {
		h = strings.ToLower(strings.TrimSpace(h))
		cols[i] = h
		switch {
		case slices.Index(RemittanceColumns, h) < 0:
			f.Add(fmt.Sprintf("rows[1].%s", clipName(h)), errs.CodeUnexpected, "column %d, %q, is not one of %s", i+1, errs.Clip(h),
				strings.Join(RemittanceColumns, ", "))
		case slices.Index(cols[:i], h) >= 0:
			f.Add(fmt.Sprintf("rows[1].%s", h), errs.CodeDuplicate, "column %q appears twice", h)
		}
	}
	for _, c := range RemittanceColumns {
		if slices.Index(cols, c) < 0 {
			f.Add(fmt.Sprintf("rows[1].%s", c), errs.CodeRequired, "the header has no column %q", c)
		}
	}
	return cols, f.Err()
}

// parseAmount reads a decimal amount in major units ("25", "25.5",
// "25.50") with no more decimals than currency has.
func parseAmount(v, cur string) (int64, string) {
	digits, _ := currency.GetDigits(cur)
	whole, frac, dot := strings.Cut(v, ".")
	if whole == "" || !allDigits(whole) || (dot && (frac == "" || !allDigits(frac))) || len(whole) > 13 {
		return 0, fmt.Sprintf("an amount such as 25.50 is required, got %q", errs.Clip(v))
	}
	if len(frac) > int(digits) {
		return 0, fmt.Sprintf("%s has %d decimals, got %q", cur, digits, errs.Clip(v))
	}
	frac += strings.Repeat("0", int(digits)-len(frac))
	minor, err := strconv.ParseInt(whole+frac, 10, 64)
	if err != nil || minor > money.MaxMinor {
		return 0, fmt.Sprintf("at most %s", money.Format(money.MaxMinor, cur))
	}
	return minor, ""
}

// cellProblem says what is wrong with a cell's text, "" if nothing.
func cellProblem(v string) string {
	if len(v) > maxCell {
		return fmt.Sprintf("at most %d bytes", maxCell)
	}
	for _, r := range v {
		if unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r) {
			return "control characters are not allowed"
		}
	}
	return ""
}

func allDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// clipName keeps an unknown header usable in a field path.
func clipName(h string) string {
	h = strings.Map(func(r rune) rune {
		if r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r) {
			return r
		}
		return -1
	}, h)
	if len(h) > 32 {
		h = h[:32]
	}
	if h == "" {
		h = "column"
	}
	return h
}
