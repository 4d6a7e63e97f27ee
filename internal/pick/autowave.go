package pick

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/audit"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/job"
)

// WaveRules is how a warehouse releases waves by itself: from Lead minutes
// before its daily cut-off until the cut-off, every Every minutes, the
// ready fulfilments due to leave that day go to the floor as a wave.
type WaveRules struct {
	Warehouse string   `json:"warehouse,omitempty" readOnly:"true"`
	Auto      bool     `json:"auto" doc:"Release waves automatically ahead of the cut-off"`
	Lead      int      `json:"lead_minutes" minimum:"1" maximum:"1440" doc:"Start this many minutes before the cut-off"`
	Every     int      `json:"every_minutes" minimum:"1" maximum:"720" doc:"Release what is ready again this often until the cut-off"`
	Strategy  Strategy `json:"strategy" enum:"order,cluster,putwall"`
	MaxOrders int      `json:"max_orders" minimum:"1" maximum:"10000"`
	MaxLines  int      `json:"max_lines" minimum:"1" maximum:"100000"`
	CartTotes int      `json:"cart_totes" minimum:"1" maximum:"100"`
	version   string   // when they were set, for the job's chain
}

// DefaultWaveRules are a warehouse's rules until someone sets them: no
// automatic waves.
func DefaultWaveRules(warehouse string) WaveRules {
	return WaveRules{Warehouse: warehouse, Lead: 120, Every: 15, Strategy: Cluster, MaxOrders: DefaultMaxOrders,
		MaxLines: DefaultMaxLines, CartTotes: DefaultCartTotes}
}

// AutoWave is the job that releases a warehouse's automatic waves; each
// run enqueues the next.
type AutoWave struct {
	WarehouseID string `json:"warehouse_id"`
	// Version is when the rules that started this chain of runs were set:
	// setting them again starts a new chain, and the old one ends at its
	// next run.
	Version string `json:"version"`
}

// Kind implements job.Args.
func (AutoWave) Kind() string { return "pick.auto_wave" }

// Waver is the actor automatic waves are released as.
var Waver = actor.Actor{ID: "auto-wave", Name: "automatic wave", Role: actor.Admin, RemoteAddr: "local"}

// RegisterJobs adds the automatic wave job to r.
func RegisterJobs(r *job.Runner, s *Store) {
	job.HandleArgs(r, func(ctx context.Context, _ job.Claimed, a AutoWave) error { return s.autoWave(ctx, a) })
}

// Rules reads a warehouse's wave rules (the defaults when none are set).
func (s *Store) Rules(ctx context.Context, warehouse string) (WaveRules, error) {
	var out WaveRules
	err := s.db.Read(ctx, func(tx *db.Tx) error {
		var err error
		out, _, err = rulesTx(ctx, tx, warehouse)
		return err
	})
	return out, err
}

// SetRules stores a warehouse's wave rules; turned on, the first run of
// the automatic wave job is queued in the same transaction.
func (s *Store) SetRules(ctx context.Context, warehouse string, r WaveRules) (WaveRules, error) {
	req, err := WaveRequest{Warehouse: warehouse, Strategy: r.Strategy, MaxOrders: r.MaxOrders, MaxLines: r.MaxLines,
		CartTotes: r.CartTotes}.check()
	if err != nil {
		return WaveRules{}, err
	}
	var f errs.Fields
	if r.Lead < 1 || r.Lead > 1440 {
		f.Add("lead_minutes", errs.CodeOutOfRange, "between 1 and 1440")
	}
	if r.Every < 1 || r.Every > 720 {
		f.Add("every_minutes", errs.CodeOutOfRange, "between 1 and 720")
	}
	if err := f.Err(); err != nil {
		return WaveRules{}, err
	}
	err = s.db.Write(ctx, func(tx *db.Tx) error {
		_, whID, err := rulesTx(ctx, tx, warehouse)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO wave_rules (warehouse_id, auto, lead_minutes, every_minutes, strategy, max_orders,
			max_lines, cart_totes, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (warehouse_id) DO UPDATE SET
			auto = excluded.auto, lead_minutes = excluded.lead_minutes, every_minutes = excluded.every_minutes,
			strategy = excluded.strategy, max_orders = excluded.max_orders, max_lines = excluded.max_lines,
			cart_totes = excluded.cart_totes, updated_at = excluded.updated_at`,
			whID, r.Auto, r.Lead, r.Every, string(req.Strategy), req.MaxOrders, req.MaxLines, req.CartTotes, tx.Now); err != nil {
			return err
		}
		if r.Auto { // the chain's version is the time as stored (and read back by each run)
			var at time.Time
			if err := tx.QueryRowContext(ctx, `SELECT updated_at FROM wave_rules WHERE warehouse_id = $1`, whID).Scan(&at); err != nil {
				return err
			}
			v := version(at)
			if err := job.EnqueueArgs(ctx, tx, AutoWave{WarehouseID: whID, Version: v}, whID+"@"+v, time.Time{}); err != nil {
				return err
			}
		}
		return audit.Record(ctx, tx, "pick.wave_rules", "warehouse", whID, r)
	})
	if err != nil {
		return WaveRules{}, err
	}
	return s.Rules(ctx, warehouse)
}

// version names a setting of the rules by its time.
func version(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }

// rulesTx reads the rules of the warehouse named by code, and its id.
func rulesTx(ctx context.Context, tx *db.Tx, warehouse string) (WaveRules, string, error) {
	var whID string
	err := tx.QueryRowContext(ctx, `SELECT id FROM warehouses WHERE code = $1`, warehouse).Scan(&whID)
	if errors.Is(err, sql.ErrNoRows) {
		return WaveRules{}, "", errs.E(errs.NotFound, "there is no warehouse %s", errs.Clip(warehouse))
	}
	if err != nil {
		return WaveRules{}, "", err
	}
	r := DefaultWaveRules(warehouse)
	var at time.Time
	err = tx.QueryRowContext(ctx, `SELECT auto, lead_minutes, every_minutes, strategy, max_orders, max_lines, cart_totes, updated_at
		FROM wave_rules WHERE warehouse_id = $1`, whID).Scan(&r.Auto, &r.Lead, &r.Every, &r.Strategy, &r.MaxOrders, &r.MaxLines,
		&r.CartTotes, &at)
	if errors.Is(err, sql.ErrNoRows) {
		err = nil
	}
	r.version = version(at)
	return r, whID, err
}

// autoWave is one run of the job: inside the window before the cut-off it
// releases the day's ready fulfilments; then it queues the next run (the
// next interval, or the next day's window). Rules turned off end it.
func (s *Store) autoWave(ctx context.Context, a AutoWave) error {
	ctx = actor.With(ctx, Waver)
	warehouseID := a.WarehouseID
	var code, cutoff, zone string
	var r WaveRules
	err := s.db.Read(ctx, func(tx *db.Tx) error {
		if err := tx.QueryRowContext(ctx, `SELECT code, cutoff_time, timezone FROM warehouses WHERE id = $1`, warehouseID).
			Scan(&code, &cutoff, &zone); err != nil {
			return err
		}
		var err error
		r, _, err = rulesTx(ctx, tx, code)
		return err
	})
	if err != nil || !r.Auto || r.version != a.Version { // off, or set again since: a newer chain runs
		return err
	}
	now := s.db.Clock().Now()
	start, end, err := window(now, cutoff, zone, r.Lead)
	if err != nil {
		return err
	}
	next := start
	if !now.Before(start) { // inside the window: release what is due by its cut-off's day
		day := end.In(start.Location()).Format(time.DateOnly)
		_, err := s.Release(ctx, WaveRequest{Warehouse: code, Strategy: r.Strategy, ShipsBy: day, MaxOrders: r.MaxOrders,
			MaxLines: r.MaxLines, CartTotes: r.CartTotes})
		if err != nil && !errs.Is(err, errs.Conflict) { // nothing ready is no failure
			return fmt.Errorf("automatic wave of %s: %w", code, err)
		}
		next = now.Add(time.Duration(r.Every) * time.Minute)
		if following := start.AddDate(0, 0, 1); !next.Before(end) && following.After(now) {
			next = following // the next day's window (with a lead of a whole day the windows touch)
		}
	}
	return s.db.Write(ctx, func(tx *db.Tx) error {
		return job.EnqueueArgs(ctx, tx, a, warehouseID+"@"+a.Version+"@"+next.UTC().Format(time.RFC3339), next)
	})
}

// window is the first automatic wave window that ends after now: from lead
// minutes before a cut-off (HH:MM in the warehouse's zone) to the cut-off.
func window(now time.Time, cutoff, zone string, lead int) (time.Time, time.Time, error) {
	loc, err := time.LoadLocation(zone)
	if err != nil {
		return time.Time{}, time.Time{}, fmt.Errorf("warehouse time zone %q: %w", zone, err)
	}
	at, err := time.Parse("15:04", cutoff)
	if err != nil {
		return time.Time{}, time.Time{}, fmt.Errorf("warehouse cut-off %q: %w", cutoff, err)
	}
	local := now.In(loc)
	end := time.Date(local.Year(), local.Month(), local.Day(), at.Hour(), at.Minute(), 0, 0, loc)
	if !now.Before(end) { // today's cut-off has passed: tomorrow's
		end = time.Date(local.Year(), local.Month(), local.Day()+1, at.Hour(), at.Minute(), 0, 0, loc)
	}
	return end.Add(-time.Duration(lead) * time.Minute), end, nil
}
