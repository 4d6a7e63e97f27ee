package review

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/waybill/waybill/internal/audit"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/id"
	"github.com/waybill/waybill/internal/risk"
)

// RiskRule is a risk.Rule as stored: with its id (the rule_id of every reason
// it gives) and when it was made and last changed. A deleted rule stays,
// inactive, so the reasons recorded on old orders still name a rule.
type RiskRule struct {
	ID        string      `json:"id" doc:"rsk_…"`
	Name      string      `json:"name"`
	Kind      risk.Kind   `json:"kind" enum:"velocity,coupon_abuse,flagged_address,high_value,cod_limit,country_mismatch,new_customer_value"`
	Weight    int         `json:"weight" doc:"Added to the order's score when the rule trips"`
	Action    risk.Action `json:"action" enum:"pass,hold,reject"`
	Active    bool        `json:"active"`
	Params    risk.Params `json:"params" doc:"The kind's settings, in the form orders are matched in (see create-risk-rule)"`
	CreatedAt time.Time   `json:"created_at"`
	UpdatedAt time.Time   `json:"updated_at"`
}

// Rule is the rule as risk evaluates it.
func (r RiskRule) Rule() risk.Rule {
	return risk.Rule{ID: r.ID, Name: r.Name, Kind: r.Kind, Weight: r.Weight, Action: r.Action, Active: r.Active, Params: r.Params}
}

const ruleColumns = `id, name, kind, weight, action, active, params, created_at, updated_at`

// scanRule reads a stored rule back through risk.DecodeRule, so a rule is
// held to today's validation however long ago it was stored.
func scanRule(sc scanner) (RiskRule, error) {
	var r RiskRule
	var params string
	if err := sc.Scan(&r.ID, &r.Name, &r.Kind, &r.Weight, &r.Action, &r.Active, &params, &r.CreatedAt, &r.UpdatedAt); err != nil {
		return RiskRule{}, err
	}
	raw, err := json.Marshal(struct {
		ID     string          `json:"id"`
		Name   string          `json:"name"`
		Kind   risk.Kind       `json:"kind"`
		Weight int             `json:"weight"`
		Action risk.Action     `json:"action"`
		Active bool            `json:"active"`
		Params json.RawMessage `json:"params"`
	}{r.ID, r.Name, r.Kind, r.Weight, r.Action, r.Active, json.RawMessage(params)})
	if err != nil {
		return RiskRule{}, fmt.Errorf("risk rule %s: %w", r.ID, err)
	}
	rule, err := risk.DecodeRule(raw)
	if err != nil {
		return RiskRule{}, fmt.Errorf("stored risk rule %s no longer validates: %v", r.ID, err)
	}
	r.Params = rule.Params
	r.CreatedAt, r.UpdatedAt = r.CreatedAt.UTC(), r.UpdatedAt.UTC()
	return r, nil
}

// checkNew validates a rule arriving through the API. Its id is the
// server's to give: one in the body must be absent or, for a replacement,
// the rule's own.
func checkNew(r *risk.Rule, ownID string) error {
	if r.ID != "" && r.ID != ownID {
		var f errs.Fields
		if ownID == "" {
			f.Add("id", errs.CodeUnexpected, "id is given by the server; leave it out")
		} else {
			f.Add("id", errs.CodeFormat, "id must be left out or be this rule's id, %s", ownID)
		}
		return f.Err()
	}
	return r.Validate()
}

// CreateRule stores a new rule, active unless it says otherwise, and returns
// it as the engine will match it. New orders are evaluated with it at once.
func (s *Store) CreateRule(ctx context.Context, r risk.Rule) (RiskRule, error) {
	if err := checkNew(&r, ""); err != nil {
		return RiskRule{}, err
	}
	var out RiskRule
	err := s.db.Write(ctx, func(tx *db.Tx) error {
		out = RiskRule{ID: id.New("rsk", tx.Now), Name: r.Name, Kind: r.Kind, Weight: r.Weight, Action: r.Action,
			Active: r.Active, Params: r.Params, CreatedAt: tx.Now, UpdatedAt: tx.Now}
		params, err := json.Marshal(out.Params)
		if err != nil {
			return fmt.Errorf("encode risk rule params: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO risk_rules (`+ruleColumns+`) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)`,
			out.ID, out.Name, string(out.Kind), out.Weight, string(out.Action), out.Active, string(params), tx.Now); err != nil {
			return fmt.Errorf("insert risk rule: %w", err)
		}
		return audit.Record(ctx, tx, "risk_rule.create", "risk_rule", out.ID, out)
	})
	return out, err
}

// ReplaceRule replaces every setting of a rule but its id.
func (s *Store) ReplaceRule(ctx context.Context, ruleID string, r risk.Rule) (RiskRule, error) {
	if err := checkNew(&r, ruleID); err != nil {
		return RiskRule{}, err
	}
	var out RiskRule
	err := s.db.Write(ctx, func(tx *db.Tx) error {
		before, err := ruleTx(ctx, tx, ruleID, true)
		if err != nil {
			return err
		}
		params, err := json.Marshal(r.Params)
		if err != nil {
			return fmt.Errorf("encode risk rule params: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE risk_rules SET name = $1, kind = $2, weight = $3, action = $4, active = $5,
			params = $6, updated_at = $7 WHERE id = $8`, r.Name, string(r.Kind), r.Weight, string(r.Action), r.Active,
			string(params), tx.Now, ruleID); err != nil {
			return fmt.Errorf("update risk rule: %w", err)
		}
		if out, err = ruleTx(ctx, tx, ruleID, false); err != nil {
			return err
		}
		return audit.Record(ctx, tx, "risk_rule.replace", "risk_rule", ruleID, map[string]any{"before": before, "after": out})
	})
	return out, err
}

// DeactivateRule stops a rule from running. The row stays, so reasons
// already recorded keep naming it; replacing it with active true revives it.
func (s *Store) DeactivateRule(ctx context.Context, ruleID string) (RiskRule, error) {
	var out RiskRule
	err := s.db.Write(ctx, func(tx *db.Tx) error {
		cur, err := ruleTx(ctx, tx, ruleID, true)
		if err != nil || !cur.Active {
			out = cur
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE risk_rules SET active = $1, updated_at = $2 WHERE id = $3`,
			false, tx.Now, ruleID); err != nil {
			return fmt.Errorf("deactivate risk rule: %w", err)
		}
		if out, err = ruleTx(ctx, tx, ruleID, false); err != nil {
			return err
		}
		return audit.Record(ctx, tx, "risk_rule.deactivate", "risk_rule", ruleID, map[string]any{"name": cur.Name})
	})
	return out, err
}
