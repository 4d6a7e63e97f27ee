package track

import (
	"context"
	"database/sql"
	"encoding/json"
	"time"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/id"
	"github.com/waybill/waybill/internal/order"
)

// The kinds of exception case customer service works on.
const (
	CaseNoScan    = "no_scan"   // no carrier event for longer than the rules allow
	CaseAttempted = "attempted" // a delivery attempt failed
	CaseAddress   = "address"   // the carrier reports an address problem
	CaseDamaged   = "damaged"   // the carrier reports the parcel damaged
	CaseLost      = "lost"      // the carrier declared the parcel lost
	CaseLate      = "late"      // not delivered by the promised date
	CaseRefused   = "refused"   // the customer refused the parcel (a COD refusal counts against them)
	CaseException = "exception" // any other carrier exception
	CaseProblem   = "problem"   // the customer raised a problem with a delivered order
)

// CaseKinds lists the kinds of case.
var CaseKinds = []string{CaseNoScan, CaseAttempted, CaseAddress, CaseDamaged, CaseLost, CaseLate, CaseRefused, CaseException, CaseProblem}

// The states of a case.
const (
	CaseOpen   = "open"
	CaseClosed = "closed"
)

// Case is one exception for customer service to work: what happened to
// which parcel of which order, by when someone must act (the SLA), who
// holds it and how it ended.
type Case struct {
	ID             string     `json:"id" doc:"cas_…"`
	Kind           string     `json:"kind" enum:"no_scan,attempted,address,damaged,lost,late,refused,exception,problem"`
	Status         string     `json:"status" enum:"open,closed"`
	ParcelID       string     `json:"parcel_id,omitempty" doc:"Empty for a problem the customer raised about the whole order"`
	TrackingNumber string     `json:"tracking_number,omitempty"`
	Carrier        string     `json:"carrier,omitempty"`
	OrderID        string     `json:"order_id"`
	OrderNumber    string     `json:"order_number"`
	Detail         string     `json:"detail,omitempty" doc:"What the carrier or the customer said"`
	OpenedAt       time.Time  `json:"opened_at"`
	DueAt          time.Time  `json:"due_at" doc:"The SLA: someone must act by then"`
	Overdue        bool       `json:"overdue" doc:"Open and past its due time"`
	ClaimedBy      string     `json:"claimed_by,omitempty" doc:"The actor id of who holds it"`
	ClaimedName    string     `json:"claimed_name,omitempty"`
	ClaimedAt      *time.Time `json:"claimed_at,omitempty"`
	Outcome        string     `json:"outcome,omitempty"`
	OutcomeNote    string     `json:"outcome_note,omitempty"`
	ClosedBy       string     `json:"closed_by,omitempty"`
	ClosedAt       *time.Time `json:"closed_at,omitempty"`
	UpdatedAt      time.Time  `json:"updated_at"`
}

const caseColumns = `c.id, c.kind, c.status, COALESCE(c.parcel_id, ''), COALESCE(t.tracking_number, ''), COALESCE(t.carrier, ''),
	c.order_id, c.detail, c.opened_at, c.due_at, COALESCE(c.claimed_by, ''), c.claimed_name, c.claimed_at, c.outcome,
	c.outcome_note, COALESCE(c.closed_by, ''), c.closed_at, c.updated_at`

const caseFrom = ` FROM tracking_cases c LEFT JOIN parcel_tracking t ON t.parcel_id = c.parcel_id`

// scanCase reads one row of caseColumns; now decides Overdue. The order's
// number is numbered's to add.
func scanCase(sc interface{ Scan(...any) error }, now time.Time) (Case, error) {
	var c Case
	var claimed, closed sql.NullTime
	if err := sc.Scan(&c.ID, &c.Kind, &c.Status, &c.ParcelID, &c.TrackingNumber, &c.Carrier, &c.OrderID, &c.Detail,
		&c.OpenedAt, &c.DueAt, &c.ClaimedBy, &c.ClaimedName, &claimed, &c.Outcome, &c.OutcomeNote, &c.ClosedBy, &closed,
		&c.UpdatedAt); err != nil {
		return Case{}, err
	}
	c.OpenedAt, c.DueAt, c.UpdatedAt = c.OpenedAt.UTC(), c.DueAt.UTC(), c.UpdatedAt.UTC()
	if claimed.Valid {
		at := claimed.Time.UTC()
		c.ClaimedAt = &at
	}
	if closed.Valid {
		at := closed.Time.UTC()
		c.ClosedAt = &at
	}
	c.Overdue = c.Status == CaseOpen && c.DueAt.Before(now)
	return c, nil
}

// caseTx reads one case in tx; lock takes PostgreSQL's row lock for a
// change (SQLite's one writer needs none).
func caseTx(ctx context.Context, tx *db.Tx, caseID string, lock bool) (Case, error) {
	q := `SELECT ` + caseColumns + caseFrom + ` WHERE c.id = $1`
	if lock && tx.Dialect == db.Postgres {
		q += ` FOR UPDATE OF c`
	}
	c, err := scanCase(tx.QueryRowContext(ctx, q, caseID), tx.Now)
	if err != nil {
		return Case{}, db.NotFound(err, "no case %q", errs.Clip(caseID))
	}
	cs := []Case{c}
	err = numbered(ctx, tx, cs)
	return cs[0], err
}

// numbered adds their orders' numbers to cases.
func numbered(ctx context.Context, tx *db.Tx, cs []Case) error {
	ids := make([]string, len(cs))
	for i, c := range cs {
		ids[i] = c.OrderID
	}
	orders, err := order.ReadBriefs(ctx, tx, ids)
	if err != nil {
		return err
	}
	for i := range cs {
		cs[i].OrderNumber = orders[cs[i].OrderID].Number
	}
	return nil
}

// openCase opens a case of kind for a parcel of an order in tx, due
// within sla; a parcel has one open case of a kind at a time, so a second
// cause of the same kind adds nothing. It reports whether a case opened.
func openCase(ctx context.Context, tx *db.Tx, who actor.Actor, kind, parcelID, orderID, text string, sla time.Duration) (bool, error) {
	var parcel any
	if parcelID != "" {
		parcel = parcelID
	}
	caseID := id.New("cas", tx.Now)
	res, err := tx.ExecContext(ctx, `INSERT INTO tracking_cases (id, kind, parcel_id, order_id, status, detail, opened_at, due_at, updated_at)
		VALUES ($1, $2, $3, $4, 'open', $5, $6, $7, $6) ON CONFLICT DO NOTHING`,
		caseID, kind, parcel, orderID, trim(text, 500), tx.Now, tx.Now.Add(sla))
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	if err != nil || n != 1 {
		return false, err
	}
	return true, addStep(ctx, tx, caseID, StepOpened, who, trim(text, 500), nil, "", nil)
}

// The steps of a case's history besides the playbook's actions.
const (
	StepOpened   = "opened"
	StepClaimed  = "claimed"
	StepReleased = "released"
	StepClosed   = "closed"
	// StepTellCarrier records what the carrier heard of a corrected
	// address: sent through its adapter (tell_carrier.go), failed after
	// the job's attempts, or nothing, for a carrier without the call.
	StepTellCarrier = "tell_carrier"
)

// CaseStep is one entry of a case's history.
type CaseStep struct {
	ID          string         `json:"id"`
	Action      string         `json:"action" enum:"opened,claimed,released,contact_customer,correct_address,tell_carrier,reship,carrier_claim,refund,closed"`
	ActorID     string         `json:"actor_id"`
	ActorName   string         `json:"actor_name,omitempty"`
	Note        string         `json:"note,omitempty"`
	AmountMinor *int64         `json:"amount_minor,omitempty"`
	Currency    string         `json:"currency,omitempty"`
	Detail      map[string]any `json:"detail,omitempty"`
	At          time.Time      `json:"at"`
}

// addStep writes one entry of a case's history in tx.
func addStep(ctx context.Context, tx *db.Tx, caseID, action string, who actor.Actor, note string, amount *int64, currency string,
	detail map[string]any) error {
	d := "{}"
	if len(detail) > 0 {
		b, err := json.Marshal(detail)
		if err != nil {
			return err
		}
		d = string(b)
	}
	var amt any
	if amount != nil {
		amt = *amount
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO tracking_case_actions (id, case_id, action, actor_id, actor_name, note, amount_minor,
		currency, detail, at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
		id.New("cst", tx.Now), caseID, action, who.ID, who.Name, note, amt, currency, d, tx.Now)
	return err
}

// stepsOf is a case's history, oldest first.
func stepsOf(ctx context.Context, tx *db.Tx, caseID string) ([]CaseStep, error) {
	rows, err := tx.QueryContext(ctx, `SELECT id, action, actor_id, actor_name, note, amount_minor, currency, detail, at
		FROM tracking_case_actions WHERE case_id = $1 ORDER BY at, id`, caseID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []CaseStep{}
	for rows.Next() {
		var s CaseStep
		var amount sql.NullInt64
		var detail string
		if err := rows.Scan(&s.ID, &s.Action, &s.ActorID, &s.ActorName, &s.Note, &amount, &s.Currency, &detail, &s.At); err != nil {
			return nil, err
		}
		if amount.Valid {
			s.AmountMinor = &amount.Int64
		}
		if detail != "{}" && detail != "" {
			if err := json.Unmarshal([]byte(detail), &s.Detail); err != nil {
				return nil, err
			}
		}
		s.At = s.At.UTC()
		out = append(out, s)
	}
	return out, rows.Err()
}
