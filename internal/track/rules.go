package track

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/waybill/waybill/internal/audit"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/setting"
)

// Rules are the operator's tracking rules.
type Rules struct {
	// CompleteAfter is how long a delivered order waits for the customer
	// to raise a problem before it is completed.
	CompleteAfter time.Duration
	// NoScanAfter is how long a parcel on its way may go without any
	// carrier event before a no-scan case is opened.
	NoScanAfter time.Duration
	// PollEvery is how often a carrier without webhooks is asked; a parcel
	// with no news waits longer each time, up to eight times as long.
	PollEvery time.Duration
	// PollSilence is how long polling goes on without any news before it
	// gives the parcel up (its no-scan case is open by then).
	PollSilence time.Duration
	// CaseSLA is how long customer service has to act on a new case.
	CaseSLA   time.Duration
	UpdatedAt time.Time
}

// DefaultRules are the rules of a new database.
func DefaultRules() Rules {
	return Rules{CompleteAfter: 7 * 24 * time.Hour, NoScanAfter: 48 * time.Hour, PollEvery: time.Hour,
		PollSilence: 14 * 24 * time.Hour, CaseSLA: 24 * time.Hour}
}

// The bounds of each rule, as the table's CHECKs hold them.
var ruleBounds = []struct {
	name   string
	lo, hi time.Duration
	get    func(*Rules) *time.Duration
}{
	{"complete_after", 0, 90 * 24 * time.Hour, func(r *Rules) *time.Duration { return &r.CompleteAfter }},
	{"no_scan_after", time.Hour, 30 * 24 * time.Hour, func(r *Rules) *time.Duration { return &r.NoScanAfter }},
	{"poll_every", time.Minute, 24 * time.Hour, func(r *Rules) *time.Duration { return &r.PollEvery }},
	{"poll_silence", time.Hour, 90 * 24 * time.Hour, func(r *Rules) *time.Duration { return &r.PollSilence }},
	{"case_sla", 10 * time.Minute, 30 * 24 * time.Hour, func(r *Rules) *time.Duration { return &r.CaseSLA }},
}

// RulesIn is a change to the rules, as Go durations ("168h", "30m"); a
// field left out keeps its value.
type RulesIn struct {
	CompleteAfter *string `json:"complete_after,omitempty" maxLength:"32" doc:"How long a delivered order waits for a problem before it completes, 0s to 2160h (default 168h)"`
	NoScanAfter   *string `json:"no_scan_after,omitempty" maxLength:"32" doc:"How long a parcel may go without a carrier scan before a case opens, 1h to 720h (default 48h)"`
	PollEvery     *string `json:"poll_every,omitempty" maxLength:"32" doc:"How often carriers without webhooks are asked, 1m to 24h (default 1h)"`
	PollSilence   *string `json:"poll_silence,omitempty" maxLength:"32" doc:"Polling stops after this long without news, 1h to 2160h (default 336h)"`
	CaseSLA       *string `json:"case_sla,omitempty" maxLength:"32" doc:"How long customer service has for a new case, 10m to 720h (default 24h)"`
}

// RulesOut is the rules as the API shows them.
type RulesOut struct {
	CompleteAfter string    `json:"complete_after"`
	NoScanAfter   string    `json:"no_scan_after"`
	PollEvery     string    `json:"poll_every"`
	PollSilence   string    `json:"poll_silence"`
	CaseSLA       string    `json:"case_sla"`
	UpdatedAt     time.Time `json:"updated_at,omitzero"`
}

// Out is r as the API shows it.
func (r Rules) Out() RulesOut {
	return RulesOut{CompleteAfter: r.CompleteAfter.String(), NoScanAfter: r.NoScanAfter.String(), PollEvery: r.PollEvery.String(),
		PollSilence: r.PollSilence.String(), CaseSLA: r.CaseSLA.String(), UpdatedAt: r.UpdatedAt}
}

// apply changes r by in, naming every bad field.
func (in RulesIn) apply(r Rules) (Rules, error) {
	given := []*string{in.CompleteAfter, in.NoScanAfter, in.PollEvery, in.PollSilence, in.CaseSLA}
	var f errs.Fields
	for i, b := range ruleBounds {
		if d, ok := setting.CheckDuration(&f, b.name, given[i], b.lo, b.hi); ok {
			*b.get(&r) = d
		}
	}
	return r, f.Err()
}

// Rules reads the rules in force.
func (s *Store) Rules(ctx context.Context) (Rules, error) {
	var r Rules
	err := s.db.Read(ctx, func(tx *db.Tx) error {
		var err error
		r, err = rulesTx(ctx, tx)
		return err
	})
	return r, err
}

// SetRules changes the rules (admins; audited).
func (s *Store) SetRules(ctx context.Context, in RulesIn) (Rules, error) {
	var out Rules
	err := s.db.Write(ctx, func(tx *db.Tx) error {
		r, err := rulesTx(ctx, tx)
		if err != nil {
			return err
		}
		if out, err = in.apply(r); err != nil {
			return err
		}
		out.UpdatedAt = tx.Now
		if _, err := tx.ExecContext(ctx, `INSERT INTO tracking_rules (id, complete_after, no_scan_after, poll_every, poll_silence,
			case_sla, updated_at) VALUES (1, $1, $2, $3, $4, $5, $6) ON CONFLICT (id) DO UPDATE SET complete_after = excluded.complete_after,
			no_scan_after = excluded.no_scan_after, poll_every = excluded.poll_every, poll_silence = excluded.poll_silence,
			case_sla = excluded.case_sla, updated_at = excluded.updated_at`, secs(out.CompleteAfter), secs(out.NoScanAfter),
			secs(out.PollEvery), secs(out.PollSilence), secs(out.CaseSLA), tx.Now); err != nil {
			return err
		}
		return audit.Record(ctx, tx, "track.rules", "tracking_rules", "1", out.Out())
	})
	return out, err
}

func secs(d time.Duration) int64 { return int64(d / time.Second) }

// rulesTx reads the rules in tx (the defaults when none were set).
func rulesTx(ctx context.Context, tx *db.Tx) (Rules, error) {
	var c, n, p, ps, sla int64
	var at time.Time
	err := tx.QueryRowContext(ctx, `SELECT complete_after, no_scan_after, poll_every, poll_silence, case_sla, updated_at
		FROM tracking_rules WHERE id = 1`).Scan(&c, &n, &p, &ps, &sla, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return DefaultRules(), nil
	}
	if err != nil {
		return Rules{}, err
	}
	return Rules{CompleteAfter: time.Duration(c) * time.Second, NoScanAfter: time.Duration(n) * time.Second,
		PollEvery: time.Duration(p) * time.Second, PollSilence: time.Duration(ps) * time.Second,
		CaseSLA: time.Duration(sla) * time.Second, UpdatedAt: at}, nil
}
