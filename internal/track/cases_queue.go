package track

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/httpapi"
	"github.com/waybill/waybill/internal/order"
)

// CaseFilter selects cases for Cases; zero fields match everything but
// the status, which is open unless asked otherwise.
type CaseFilter struct {
	Status  string // open (the default) or closed
	Kind    string
	Claimed string // "unclaimed", or an actor id: only the cases it holds
	OrderID string
	Overdue bool // only open cases past their due time
	After   CaseCursor
	Limit   int
}

// CaseCursor is a position in the queue's order (due time, then id).
type CaseCursor struct {
	DueAt time.Time
	ID    string
}

// String is the position as httpapi.NewPage encodes it into next_cursor.
func (c CaseCursor) String() string { return c.DueAt.UTC().Format(time.RFC3339Nano) + " " + c.ID }

// CaseCursorOf is the position of c, the key of a page of cases.
func CaseCursorOf(c Case) string { return CaseCursor{DueAt: c.DueAt, ID: c.ID}.String() }

// DecodeCaseCursor reads a next_cursor, naming the query field when it
// fails.
func DecodeCaseCursor(s string) (CaseCursor, error) {
	if s == "" {
		return CaseCursor{}, nil
	}
	raw, err := httpapi.DecodeCursor(s)
	if err != nil {
		return CaseCursor{}, err
	}
	due, caseID, ok := strings.Cut(raw, " ")
	t, tErr := time.Parse(time.RFC3339Nano, due)
	if !ok || tErr != nil || caseID == "" {
		return CaseCursor{}, errs.Field("query.cursor", errs.CodeFormat, "cursor is not one this API issued")
	}
	return CaseCursor{DueAt: t, ID: caseID}, nil
}

// check names the filter's bad fields, as the query's.
func (f CaseFilter) check() error {
	var p errs.Fields
	if f.Status != "" && f.Status != CaseOpen && f.Status != CaseClosed {
		p.Add("query.status", errs.CodeUnknown, "status must be open or closed")
	}
	if f.Kind != "" && !slices.Contains(CaseKinds, f.Kind) {
		p.Add("query.kind", errs.CodeUnknown, "kind must be one of %s", strings.Join(CaseKinds, ", "))
	}
	return p.Err()
}

// Cases returns the queue: cases by due time, soonest first, then by id,
// up to Limit+1 so the caller can tell whether another page exists.
func (s *Store) Cases(ctx context.Context, f CaseFilter) ([]Case, error) {
	if err := f.check(); err != nil {
		return nil, err
	}
	if f.Status == "" {
		f.Status = CaseOpen
	}
	if f.Limit <= 0 {
		f.Limit = 50
	}
	var out []Case
	err := s.db.Read(ctx, func(tx *db.Tx) error {
		var where []string
		var args []any
		arg := func(v any) string {
			args = append(args, v)
			return "$" + strconv.Itoa(len(args))
		}
		where = append(where, "c.status = "+arg(f.Status))
		if f.Kind != "" {
			where = append(where, "c.kind = "+arg(f.Kind))
		}
		if f.OrderID != "" {
			where = append(where, "c.order_id = "+arg(f.OrderID))
		}
		switch f.Claimed {
		case "":
		case "unclaimed":
			where = append(where, "c.claimed_by IS NULL")
		default:
			where = append(where, "c.claimed_by = "+arg(f.Claimed))
		}
		if f.Overdue {
			where = append(where, "c.status = 'open' AND c.due_at < "+arg(tx.Now))
		}
		if f.After.ID != "" {
			due := arg(f.After.DueAt.UTC())
			where = append(where, "(c.due_at > "+due+" OR (c.due_at = "+due+" AND c.id > "+arg(f.After.ID)+"))")
		}
		rows, err := tx.QueryContext(ctx, `SELECT `+caseColumns+caseFrom+` WHERE `+strings.Join(where, " AND ")+
			` ORDER BY c.due_at, c.id LIMIT `+arg(f.Limit+1), args...)
		if err != nil {
			return fmt.Errorf("list cases: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			c, err := scanCase(rows, tx.Now)
			if err != nil {
				return err
			}
			out = append(out, c)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		rows.Close()
		return numbered(ctx, tx, out)
	})
	return out, err
}

// CaseView is one case as customer service works it: the case, its
// parcel's tracking (none for a problem with the whole order), the order's
// state, the playbook's actions for its kind and its history.
type CaseView struct {
	Case
	OrderStatus string     `json:"order_status"`
	Currency    string     `json:"currency"`
	Parcel      *History   `json:"parcel,omitempty"`
	Playbook    []Play     `json:"playbook" nullable:"false"`
	History     []CaseStep `json:"history" nullable:"false"`
}

// GetCase reads one case with its parcel's tracking, playbook and history.
func (s *Store) GetCase(ctx context.Context, caseID string) (CaseView, error) {
	var v CaseView
	err := s.db.Read(ctx, func(tx *db.Tx) error {
		c, err := caseTx(ctx, tx, caseID, false)
		if err != nil {
			return err
		}
		v.Case, v.Playbook = c, PlaybookOf(c.Kind)
		o, err := order.ReadBrief(ctx, tx, c.OrderID)
		if err != nil {
			return err
		}
		v.OrderStatus, v.Currency = string(o.Status), o.Currency
		if c.ParcelID != "" {
			p, err := scanParcel(tx.QueryRowContext(ctx, `SELECT `+parcelColumns+` FROM parcel_tracking t WHERE t.parcel_id = $1`, c.ParcelID))
			if err != nil {
				return err
			}
			h := History{Parcel: *p}
			if h.Events, err = eventsOf(ctx, tx, p.ParcelID, false); err != nil {
				return err
			}
			v.Parcel = &h
		}
		v.History, err = stepsOf(ctx, tx, c.ID)
		return err
	})
	return v, err
}
