package review

import (
	"context"
	"fmt"

	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/risk"
)

// RiskRule returns one rule, or NotFound.
func (s *Store) RiskRule(ctx context.Context, ruleID string) (RiskRule, error) {
	var r RiskRule
	err := s.db.Read(ctx, func(tx *db.Tx) (err error) {
		r, err = ruleTx(ctx, tx, ruleID, false)
		return err
	})
	return r, err
}

func ruleTx(ctx context.Context, tx *db.Tx, ruleID string, lock bool) (RiskRule, error) {
	q := `SELECT ` + ruleColumns + ` FROM risk_rules WHERE id = $1`
	if lock && tx.Dialect == db.Postgres {
		q += ` FOR UPDATE`
	}
	r, err := scanRule(tx.QueryRowContext(ctx, q, ruleID))
	return r, db.NotFound(err, "no risk rule %q", errs.Clip(ruleID))
}

// RuleFilter selects rules for RiskRules; zero fields match everything.
type RuleFilter struct {
	Active *bool
	After  string // cursor: the last id of the previous page
	Limit  int
}

// RiskRules lists rules in id order (creation order, to the millisecond),
// up to Limit+1 so the caller can tell whether another page exists.
func (s *Store) RiskRules(ctx context.Context, f RuleFilter) ([]RiskRule, error) {
	q := `SELECT ` + ruleColumns + ` FROM risk_rules WHERE id > $1`
	args := []any{f.After}
	if f.Active != nil {
		args = append(args, *f.Active)
		q += ` AND active = $2`
	}
	args = append(args, f.Limit+1)
	q += fmt.Sprintf(` ORDER BY id LIMIT $%d`, len(args))
	var out []RiskRule
	err := s.db.Read(ctx, func(tx *db.Tx) error {
		var err error
		out, err = queryRules(ctx, tx, q, args...)
		return err
	})
	return out, err
}

func queryRules(ctx context.Context, tx *db.Tx, q string, args ...any) ([]RiskRule, error) {
	rows, err := tx.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("list risk rules: %w", err)
	}
	defer rows.Close()
	var out []RiskRule
	for rows.Next() {
		r, err := scanRule(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// LoadPolicy reads the active rules and the thresholds in tx, for one
// order's review: a rule changed through the API applies to the next
// review. On PostgreSQL it holds the one settings row until tx ends: a
// review counts earlier orders' keys and then records its own, so two at
// once could each miss the other (SQLite's one writer already serialises
// them).
func LoadPolicy(ctx context.Context, tx *db.Tx) (risk.Policy, error) {
	rules, err := queryRules(ctx, tx, `SELECT `+ruleColumns+` FROM risk_rules WHERE active = $1 ORDER BY id`, true)
	if err != nil {
		return risk.Policy{}, err
	}
	set, err := settingsTx(ctx, tx, true)
	if err != nil {
		return risk.Policy{}, err
	}
	p := risk.Policy{Rules: make([]risk.Rule, len(rules)), HoldScore: set.HoldScore, RejectScore: set.RejectScore}
	for i, r := range rules {
		p.Rules[i] = r.Rule()
	}
	return p, nil
}
