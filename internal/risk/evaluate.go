package risk

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/waybill/waybill/internal/errs"
)

// Policy is the whole risk configuration the engine loads: the rules and
// the score thresholds. A threshold acts on the sum of the weights of the
// rules that tripped, so several weak signals together (a new customer, a
// mismatched country, a flagged word) can hold an order that none of them
// would hold alone. A threshold of 0 is off.
type Policy struct {
	Rules       []Rule `json:"rules"`
	HoldScore   int    `json:"hold_score" doc:"Hold an order whose score reaches this; 0 is off"`
	RejectScore int    `json:"reject_score" doc:"Reject an order whose score reaches this; 0 is off"`
}

// MaxScore bounds the thresholds: a thousand rules of the highest weight.
const MaxScore = 1000 * MaxWeight

// Validate checks and normalises every rule (problems under "rules[i].")
// and the thresholds, and refuses two rules with one ID, which would make
// reasons ambiguous.
func (p *Policy) Validate() error {
	var f errs.Fields
	ids := map[string]int{}
	for i := range p.Rules {
		var rf errs.Fields
		p.Rules[i].check(&rf)
		f.Merge(fmt.Sprintf("rules[%d]", i), rf)
		if id := p.Rules[i].ID; id != "" {
			if j, dup := ids[id]; dup {
				f.Add(fmt.Sprintf("rules[%d].id", i), errs.CodeDuplicate, "id %q is already rules[%d]", id, j)
			}
			ids[id] = i
		}
	}
	for _, t := range []struct {
		path  string
		score int
	}{{"hold_score", p.HoldScore}, {"reject_score", p.RejectScore}} {
		if t.score < 0 || t.score > MaxScore {
			f.Add(t.path, errs.CodeOutOfRange, "%s must be 0 (off) to %d, got %d", t.path, MaxScore, t.score)
		}
	}
	if p.HoldScore > 0 && p.RejectScore > 0 && p.RejectScore <= p.HoldScore {
		f.Add("reject_score", errs.CodeOutOfRange, "reject_score must be above hold_score (%d), or the hold threshold never acts", p.HoldScore)
	}
	return f.Err()
}

// Verdict is the outcome of reviewing one order, recorded with it.
type Verdict struct {
	Score int `json:"score" doc:"The sum of the weights of the rules that tripped"`
	// Action is the strongest action of the rules that tripped (reject over
	// hold over pass), raised by a threshold the score reached; pass when
	// nothing tripped.
	Action Action `json:"action"`
	// Threshold is the score threshold that raised Action above every
	// tripped rule's own action, 0 when none did.
	Threshold int      `json:"threshold,omitempty"`
	Reasons   []Reason `json:"reasons" nullable:"false"`
}

// Reason is one rule that tripped, in words a reviewer reads.
type Reason struct {
	RuleID string `json:"rule_id"`
	Name   string `json:"name"`
	Kind   Kind   `json:"kind"`
	Weight int    `json:"weight"`
	Action Action `json:"action"`
	Text   string `json:"text" doc:"What tripped, e.g. \"5 orders to this address in the last 24 hours (limit 3)\""`
}

// Evaluate runs the active rules against the order described by f and
// returns the verdict. Every rule runs even after one rejects, so the
// record says everything that was wrong. Reasons come strongest action
// first, then heaviest weight, then by rule ID, whatever order the rules
// were loaded in. Rules must be as Validate leaves them. An error from h
// fails the whole evaluation: a rule that cannot ask its question must not
// quietly pass the order.
func (p Policy) Evaluate(ctx context.Context, f Facts, h History, now time.Time) (Verdict, error) {
	e := &env{ctx: ctx, facts: f, history: h, now: now, keys: Keys(f), customer: CustomerKey(f)}
	v := Verdict{Action: Pass, Reasons: []Reason{}}
	for _, r := range p.Rules {
		if !r.Active {
			continue
		}
		if r.Params == nil || r.Params.Kind() != r.Kind {
			return Verdict{}, fmt.Errorf("risk rule %q: params do not configure a %s rule", r.ID, r.Kind)
		}
		found, err := r.Params.test(e)
		if err != nil {
			return Verdict{}, fmt.Errorf("risk rule %q (%s): %w", r.ID, r.Kind, err)
		}
		if len(found) == 0 {
			continue
		}
		v.Reasons = append(v.Reasons, Reason{RuleID: r.ID, Name: r.Name, Kind: r.Kind, Weight: r.Weight,
			Action: r.Action, Text: strings.Join(found, "; ")})
		v.Score += r.Weight
		if r.Action.strength() > v.Action.strength() {
			v.Action = r.Action
		}
	}
	for _, t := range []struct {
		action Action
		score  int
	}{{Reject, p.RejectScore}, {Hold, p.HoldScore}} {
		if t.score > 0 && v.Score >= t.score && t.action.strength() > v.Action.strength() {
			v.Action, v.Threshold = t.action, t.score
		}
	}
	slices.SortStableFunc(v.Reasons, func(a, b Reason) int {
		return cmp.Or(b.Action.strength()-a.Action.strength(), b.Weight-a.Weight,
			strings.Compare(a.RuleID, b.RuleID), strings.Compare(a.Name, b.Name))
	})
	return v, nil
}

// Summary is the verdict in one line for the order's hold reason and
// timeline: the threshold if one decided, then each reason's text.
func (v Verdict) Summary() string {
	texts := make([]string, 0, len(v.Reasons)+1)
	if v.Threshold > 0 {
		texts = append(texts, fmt.Sprintf("score %d reached the %s threshold of %d", v.Score, v.Action, v.Threshold))
	}
	for _, r := range v.Reasons {
		texts = append(texts, r.Text)
	}
	return strings.Join(texts, "; ")
}
