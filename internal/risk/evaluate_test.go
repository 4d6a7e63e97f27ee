package risk

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/address"
	"github.com/waybill/waybill/internal/errs"
)

// riskyFacts is an order that trips every rule of policyRules.
func riskyFacts() Facts {
	f := baseFacts()
	f.TotalMinor = 250_000
	f.Billing = &address.Address{Line1: "1 Rue de Rivoli", City: "Paris", PostalCode: "75001", Country: "FR"}
	f.Shipping.Company = "Grand Hotel"
	return f
}

// policyRules are three rules riskyFacts trips, loaded in no useful order.
func policyRules() []Rule {
	return []Rule{
		{ID: "mismatch", Name: "Billing abroad", Kind: CountryMismatch, Weight: 20, Action: Pass, Active: true, Params: CountryMismatchParams{}},
		{ID: "big", Name: "Large order", Kind: HighValue, Weight: 30, Action: Hold, Active: true,
			Params: HighValueParams{Currency: "USD", MaxTotalMinor: 200_000}},
		{ID: "hotel", Name: "Hotels", Kind: FlaggedAddress, Weight: 30, Action: Pass, Active: true,
			Params: FlaggedAddressParams{Keywords: []string{"hotel"}}},
	}
}

func TestEvaluate(t *testing.T) {
	reason := func(id string) Reason {
		return map[string]Reason{
			"mismatch": {RuleID: "mismatch", Name: "Billing abroad", Kind: CountryMismatch, Weight: 20, Action: Pass,
				Text: "billing country FR differs from shipping country US"},
			"big": {RuleID: "big", Name: "Large order", Kind: HighValue, Weight: 30, Action: Hold,
				Text: "order total 2500.00 USD is above 2000.00 USD"},
			"hotel": {RuleID: "hotel", Name: "Hotels", Kind: FlaggedAddress, Weight: 30, Action: Pass,
				Text: `the address contains the flagged word "hotel"`},
			"card": {RuleID: "card", Name: "Card testing", Kind: Velocity, Weight: 0, Action: Reject,
				Text: "2 orders from this device in the last hour (limit 1)"},
		}[id]
	}
	tests := []struct {
		name    string
		policy  func(*Policy)
		want    Verdict
		summary string
	}{
		{"the strongest action wins; reasons strongest and heaviest first", func(*Policy) {},
			Verdict{Score: 80, Action: Hold, Reasons: []Reason{reason("big"), reason("hotel"), reason("mismatch")}},
			`order total 2500.00 USD is above 2000.00 USD; the address contains the flagged word "hotel"; billing country FR differs from shipping country US`},
		{"a reject outranks everything, whatever its weight", func(p *Policy) {
			p.Rules = append(p.Rules, Rule{ID: "card", Name: "Card testing", Kind: Velocity, Action: Reject, Active: true,
				Params: VelocityParams{Dimension: ByDevice, Window: Duration(time.Hour), MaxOrders: 1}})
		}, Verdict{Score: 80, Action: Reject, Reasons: []Reason{reason("card"), reason("big"), reason("hotel"), reason("mismatch")}}, ""},
		{"inactive rules do not run", func(p *Policy) { p.Rules[1].Active = false },
			Verdict{Score: 50, Action: Pass, Reasons: []Reason{reason("hotel"), reason("mismatch")}}, ""},
		{"the hold threshold holds what no rule holds alone", func(p *Policy) { p.Rules[1].Active, p.HoldScore = false, 50 },
			Verdict{Score: 50, Action: Hold, Threshold: 50, Reasons: []Reason{reason("hotel"), reason("mismatch")}},
			`score 50 reached the hold threshold of 50; the address contains the flagged word "hotel"; billing country FR differs from shipping country US`},
		{"near miss: one point under the hold threshold", func(p *Policy) { p.Rules[1].Active, p.HoldScore = false, 51 },
			Verdict{Score: 50, Action: Pass, Reasons: []Reason{reason("hotel"), reason("mismatch")}}, ""},
		{"the reject threshold", func(p *Policy) { p.HoldScore, p.RejectScore = 50, 80 },
			Verdict{Score: 80, Action: Reject, Threshold: 80, Reasons: []Reason{reason("big"), reason("hotel"), reason("mismatch")}}, ""},
		{"a threshold a rule already reached is not named", func(p *Policy) { p.HoldScore = 20 },
			Verdict{Score: 80, Action: Hold, Reasons: []Reason{reason("big"), reason("hotel"), reason("mismatch")}}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := Policy{Rules: policyRules()}
			tc.policy(&p)
			require.NoError(t, p.Validate())
			h := &memHistory{}
			h.add(time.Minute, stranger(func(f *Facts) { f.DeviceID = "dev-1" }))
			got, err := p.Evaluate(context.Background(), riskyFacts(), h, now)
			require.NoError(t, err)
			require.Equal(t, tc.want, got)
			if tc.summary != "" {
				require.Equal(t, tc.summary, got.Summary())
			}
			// The order rules are loaded in does not matter.
			p.Rules[0], p.Rules[len(p.Rules)-1] = p.Rules[len(p.Rules)-1], p.Rules[0]
			again, err := p.Evaluate(context.Background(), riskyFacts(), h, now)
			require.NoError(t, err)
			require.Equal(t, got, again)
		})
	}
}

func TestEvaluateNothingTrips(t *testing.T) {
	v, err := Policy{Rules: policyRules(), HoldScore: 1}.Evaluate(context.Background(), baseFacts(), &memHistory{}, now)
	require.NoError(t, err)
	require.Equal(t, Verdict{Action: Pass, Reasons: []Reason{}}, v)
	require.Empty(t, v.Summary())
}

func TestEvaluateFailsClosed(t *testing.T) {
	down := errors.New("database is down")
	p := Policy{Rules: []Rule{{ID: "v", Name: "Velocity", Kind: Velocity, Action: Hold, Active: true,
		Params: VelocityParams{Dimension: ByAddress, Window: Duration(time.Hour), MaxOrders: 5}}}}
	_, err := p.Evaluate(context.Background(), baseFacts(), &memHistory{err: down}, now)
	require.ErrorIs(t, err, down)

	p.Rules[0].Params = HighValueParams{Currency: "USD"}
	_, err = p.Evaluate(context.Background(), baseFacts(), &memHistory{}, now)
	require.ErrorContains(t, err, `risk rule "v": params do not configure a velocity rule`)
}

func TestPolicyValidate(t *testing.T) {
	p := Policy{Rules: policyRules(), HoldScore: 100, RejectScore: 100}
	p.Rules[2].ID = "big"
	p.Rules[0].Weight = 2000
	err := p.Validate()
	require.True(t, errs.Is(err, errs.Invalid))
	require.Equal(t, []problem{
		{"rules[0].weight", errs.CodeOutOfRange},
		{"rules[2].id", errs.CodeDuplicate},
		{"reject_score", errs.CodeOutOfRange},
	}, problemsOf(err))
}
