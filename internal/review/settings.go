package review

import (
	"context"
	"fmt"
	"time"

	"github.com/waybill/waybill/internal/audit"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/risk"
)

// Settings are the risk thresholds: an order whose rules' weights add up
// to a threshold is held or rejected even if no single rule asked for it.
type Settings struct {
	HoldScore   int       `json:"hold_score" doc:"Hold an order whose score reaches this; 0 is off"`
	RejectScore int       `json:"reject_score" doc:"Reject an order whose score reaches this; 0 is off"`
	UpdatedAt   time.Time `json:"updated_at"`
}

// SettingsInput is new thresholds as the API takes them.
type SettingsInput struct {
	HoldScore   int `json:"hold_score" minimum:"0" maximum:"1000000" doc:"Hold an order whose score reaches this; 0 is off"`
	RejectScore int `json:"reject_score" minimum:"0" maximum:"1000000" doc:"Reject an order whose score reaches this; 0 is off. Above hold_score when both are on"`
}

// Settings returns the thresholds in force.
func (s *Store) Settings(ctx context.Context) (Settings, error) {
	var out Settings
	err := s.db.Read(ctx, func(tx *db.Tx) (err error) {
		out, err = settingsTx(ctx, tx, false)
		return err
	})
	return out, err
}

// settingsTx reads the thresholds; with lock, on PostgreSQL, it holds the
// one settings row until tx ends.
func settingsTx(ctx context.Context, tx *db.Tx, lock bool) (Settings, error) {
	var out Settings
	q := `SELECT hold_score, reject_score, updated_at FROM risk_settings WHERE id = 1`
	if lock && tx.Dialect == db.Postgres {
		q += ` FOR UPDATE`
	}
	err := tx.QueryRowContext(ctx, q).
		Scan(&out.HoldScore, &out.RejectScore, &out.UpdatedAt)
	if err != nil {
		return Settings{}, fmt.Errorf("read risk settings: %w", err)
	}
	out.UpdatedAt = out.UpdatedAt.UTC()
	return out, nil
}

// UpdateSettings replaces the thresholds, checked as risk.Policy checks them.
func (s *Store) UpdateSettings(ctx context.Context, in SettingsInput) (Settings, error) {
	p := risk.Policy{HoldScore: in.HoldScore, RejectScore: in.RejectScore}
	if err := p.Validate(); err != nil {
		return Settings{}, err
	}
	var out Settings
	err := s.db.Write(ctx, func(tx *db.Tx) error {
		before, err := settingsTx(ctx, tx, true)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE risk_settings SET hold_score = $1, reject_score = $2, updated_at = $3 WHERE id = 1`,
			in.HoldScore, in.RejectScore, tx.Now); err != nil {
			return fmt.Errorf("update risk settings: %w", err)
		}
		out = Settings{HoldScore: in.HoldScore, RejectScore: in.RejectScore, UpdatedAt: tx.Now}
		return audit.Record(ctx, tx, "risk_settings.update", "risk_settings", "risk", map[string]any{
			"before": map[string]int{"hold_score": before.HoldScore, "reject_score": before.RejectScore},
			"after":  map[string]int{"hold_score": out.HoldScore, "reject_score": out.RejectScore}})
	})
	return out, err
}
