package setting

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/waybill/waybill/internal/audit"
	"github.com/waybill/waybill/internal/db"
)

// CacheFor is how long Current answers from memory before it reads the row
// again. A change made through this Store is seen at once; one made by
// another instance of the server within this time.
const CacheFor = 5 * time.Second

// Store reads and changes the settings row, caching what it read.
type Store struct {
	db *db.DB

	mu      sync.Mutex
	cached  Values
	readAt  time.Time // zero: nothing cached
	version uint64    // bumped by every Update, so a read begun before it is not cached after it
}

// NewStore returns the settings of d.
func NewStore(d *db.DB) *Store { return &Store{db: d} }

// Current returns the rules in force, from memory when read within
// CacheFor. It implements Source.
func (s *Store) Current(ctx context.Context) (Values, error) {
	return s.current(func() (Values, error) { return s.Get(ctx) })
}

// CurrentTx is Current for a caller inside tx: on a miss it reads with tx,
// so it never waits for a second connection of the pool while holding one.
func (s *Store) CurrentTx(ctx context.Context, tx *db.Tx) (Values, error) {
	return s.current(func() (Values, error) { return getTx(ctx, tx, false) })
}

func (s *Store) current(read func() (Values, error)) (Values, error) {
	s.mu.Lock()
	if !s.readAt.IsZero() && time.Since(s.readAt) < CacheFor {
		v := s.cached
		s.mu.Unlock()
		return v, nil
	}
	version := s.version
	s.mu.Unlock()
	v, err := read()
	if err != nil {
		return Values{}, err
	}
	s.remember(v, version)
	return v, nil
}

// remember caches v unless an Update came after the read began.
func (s *Store) remember(v Values, version uint64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.version == version {
		s.cached, s.readAt = v, time.Now()
	}
}

// Get reads the row, bypassing the cache.
func (s *Store) Get(ctx context.Context) (Values, error) {
	var v Values
	err := s.db.Read(ctx, func(tx *db.Tx) (err error) {
		v, err = getTx(ctx, tx, false)
		return err
	})
	return v, err
}

// getTx reads the row; with lock, on PostgreSQL, it holds it until tx ends.
func getTx(ctx context.Context, tx *db.Tx, lock bool) (Values, error) {
	q := `SELECT cod_countries, cod_max_total_minor, payment_window_seconds, idempotency_retention_seconds,
		hold_on_customer_note, updated_at FROM settings WHERE id = 1`
	if lock && tx.Dialect == db.Postgres {
		q += ` FOR UPDATE`
	}
	var v Values
	var countries string
	var window, retention int64
	err := tx.QueryRowContext(ctx, q).Scan(&countries, &v.CODMaxTotalMinor, &window, &retention, &v.HoldOnCustomerNote, &v.UpdatedAt)
	if err != nil {
		return Values{}, fmt.Errorf("read settings: %w", err)
	}
	v.CODCountries = []string{}
	if countries != "" {
		v.CODCountries = strings.Split(countries, ",")
	}
	v.PaymentWindow, v.IdempotencyRetention = time.Duration(window)*time.Second, time.Duration(retention)*time.Second
	v.UpdatedAt = v.UpdatedAt.UTC()
	return v, nil
}

// Update applies p to the rules in force, refusing it whole with every
// invalid field named, records the change (before and after) in the audit
// log, and makes the next Current read the row again.
func (s *Store) Update(ctx context.Context, p Patch) (Values, error) {
	if err := p.Validate(); err != nil {
		return Values{}, err
	}
	var out Values
	err := s.db.Write(ctx, func(tx *db.Tx) error {
		before, err := getTx(ctx, tx, true)
		if err != nil {
			return err
		}
		out = p.apply(before)
		out.UpdatedAt = tx.Now
		if _, err := tx.ExecContext(ctx, `UPDATE settings SET cod_countries = $1, cod_max_total_minor = $2,
			payment_window_seconds = $3, idempotency_retention_seconds = $4, hold_on_customer_note = $5, updated_at = $6
			WHERE id = 1`, strings.Join(out.CODCountries, ","), out.CODMaxTotalMinor, int64(out.PaymentWindow/time.Second),
			int64(out.IdempotencyRetention/time.Second), out.HoldOnCustomerNote, tx.Now); err != nil {
			return fmt.Errorf("update settings: %w", err)
		}
		return audit.Record(ctx, tx, "settings.update", "settings", "settings",
			map[string]any{"before": viewOf(before), "after": viewOf(out)})
	})
	if err != nil {
		return Values{}, err
	}
	// Forget rather than remember out: under a request transaction
	// (db.Within) the change commits later, and the next read must see
	// what did commit.
	s.mu.Lock()
	s.version++
	s.readAt = time.Time{}
	s.mu.Unlock()
	return out, nil
}
