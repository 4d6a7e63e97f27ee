package track

import (
	"context"
	"time"

	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/id"
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

// openCase opens a case of kind for a parcel of an order in tx, due
// within sla; a parcel has one open case of a kind at a time, so a second
// cause of the same kind adds nothing. It reports whether a case opened.
func openCase(ctx context.Context, tx *db.Tx, kind, parcelID, orderID, text string, sla time.Duration) (bool, error) {
	var parcel any
	if parcelID != "" {
		parcel = parcelID
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO tracking_cases (id, kind, parcel_id, order_id, status, detail, opened_at, due_at, updated_at)
		VALUES ($1, $2, $3, $4, 'open', $5, $6, $7, $6) ON CONFLICT DO NOTHING`,
		id.New("cas", tx.Now), kind, parcel, orderID, trim(text, 500), tx.Now, tx.Now.Add(sla))
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}
