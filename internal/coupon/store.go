package coupon

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"

	"github.com/waybill/waybill/internal/audit"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/errs"
)

// Store keeps the coupons administrators manage.
type Store struct{ db *db.DB }

// NewStore returns a store over d.
func NewStore(d *db.DB) *Store { return &Store{db: d} }

type scanner interface{ Scan(dest ...any) error }

const columns = `code, kind, percent_bp, amount_minor, currency, min_spend_minor, starts_at, ends_at,
	max_uses, max_uses_per_customer, uses, active, created_at, updated_at`

func scanCoupon(sc scanner) (Coupon, error) {
	var c Coupon
	var ends sql.NullTime
	err := sc.Scan(&c.Code, &c.Kind, &c.PercentBP, &c.AmountMinor, &c.Currency, &c.MinSpendMinor, &c.StartsAt, &ends,
		&c.MaxUses, &c.MaxUsesPerCustomer, &c.Uses, &c.Active, &c.CreatedAt, &c.UpdatedAt)
	if ends.Valid {
		e := ends.Time.UTC()
		c.EndsAt = &e
	}
	c.StartsAt, c.CreatedAt, c.UpdatedAt = c.StartsAt.UTC(), c.CreatedAt.UTC(), c.UpdatedAt.UTC()
	return c, err
}

// Create adds a coupon. Invalid input fails with every field at fault;
// a code already taken fails with Conflict naming the code.
func (s *Store) Create(ctx context.Context, in Input) (Coupon, error) {
	if err := in.Validate(); err != nil {
		return Coupon{}, err
	}
	var c Coupon
	err := s.db.Write(ctx, func(tx *db.Tx) error {
		c = in.coupon(tx.Now)
		if err := c.check().Err(); err != nil {
			return err // ends_at before a defaulted starts_at
		}
		var taken int
		err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM coupons WHERE code = $1`, c.Code).Scan(&taken)
		if err != nil {
			return fmt.Errorf("look up coupon: %w", err)
		}
		if taken > 0 {
			return duplicateCode(c.Code)
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO coupons (`+columns+`)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
			c.Code, c.Kind, c.PercentBP, c.AmountMinor, c.Currency, c.MinSpendMinor, c.StartsAt, c.EndsAt,
			c.MaxUses, c.MaxUsesPerCustomer, c.Uses, c.Active, c.CreatedAt, c.UpdatedAt)
		if db.ViolationOf(err) == db.UniqueViolation {
			return duplicateCode(c.Code) // created by another instance just now
		}
		if err != nil {
			return fmt.Errorf("insert coupon: %w", err)
		}
		return audit.Record(ctx, tx, "coupon.create", "coupon", c.Code, in)
	})
	if err != nil {
		return Coupon{}, err
	}
	return c, nil
}

func duplicateCode(code string) error {
	return &errs.Error{Kind: errs.Conflict, Message: "a coupon with this code already exists",
		Fields: []errs.FieldError{{Path: "code", Code: errs.CodeDuplicate, Message: fmt.Sprintf("coupon %s already exists", code)}}}
}

// Get returns the coupon with code (any case), or NotFound.
func (s *Store) Get(ctx context.Context, code string) (Coupon, error) {
	code = normalizeCode(code)
	if !validCode(code) {
		return Coupon{}, errs.E(errs.NotFound, "no coupon %q", errs.Clip(code))
	}
	var c Coupon
	err := s.db.Read(ctx, func(tx *db.Tx) (err error) {
		c, err = couponTx(ctx, tx, code, false)
		return err
	})
	return c, err
}

// couponTx reads one coupon, locking it on PostgreSQL when lock is set so a
// change cannot interleave with an engine's batch.
func couponTx(ctx context.Context, tx *db.Tx, code string, lock bool) (Coupon, error) {
	q := `SELECT ` + columns + ` FROM coupons WHERE code = $1`
	if lock && tx.Dialect == db.Postgres {
		q += ` FOR UPDATE`
	}
	c, err := scanCoupon(tx.QueryRowContext(ctx, q, code))
	return c, db.NotFound(err, "no coupon %q", code)
}

// Filter selects coupons for List; zero fields match everything.
type Filter struct {
	Active *bool
	After  string // cursor: the last code of the previous page
	Limit  int
}

// List returns coupons in code order, up to Limit+1 so the caller can tell
// whether another page exists.
func (s *Store) List(ctx context.Context, f Filter) ([]Coupon, error) {
	q := `SELECT ` + columns + ` FROM coupons WHERE code > $1`
	args := []any{f.After}
	if f.Active != nil {
		args = append(args, *f.Active)
		q += ` AND active = $2`
	}
	args = append(args, f.Limit+1)
	q += ` ORDER BY code LIMIT $` + strconv.Itoa(len(args))
	var out []Coupon
	err := s.db.Read(ctx, func(tx *db.Tx) error {
		rows, err := tx.QueryContext(ctx, q, args...)
		if err != nil {
			return fmt.Errorf("list coupons: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			c, err := scanCoupon(rows)
			if err != nil {
				return err
			}
			out = append(out, c)
		}
		return rows.Err()
	})
	return out, err
}
