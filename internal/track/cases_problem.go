package track

import (
	"context"
	"strings"

	"github.com/waybill/waybill/internal/audit"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/order"
)

// ProblemIn is a problem the customer raised with a delivered order.
type ProblemIn struct {
	Detail string `json:"detail" minLength:"1" maxLength:"2000" doc:"What the customer says is wrong"`
}

// RaiseProblem opens a problem case on a delivered order (by id or
// number) for customer service: while it is open the order does not
// complete. An order has one open problem at a time; raising another adds
// the customer's words to its history instead. An order not delivered
// (still on its way, or completed) is refused: its parcels' cases, or a
// return, are the way then.
func (s *Store) RaiseProblem(ctx context.Context, ref string, in ProblemIn) (CaseView, error) {
	who, err := caller(ctx)
	if err != nil {
		return CaseView{}, err
	}
	in.Detail = strings.TrimSpace(in.Detail)
	var f errs.Fields
	if in.Detail == "" {
		f.Add("detail", errs.CodeRequired, "detail is required: what the customer says is wrong")
	}
	checkNote(&f, "detail", in.Detail)
	if err := f.Err(); err != nil {
		return CaseView{}, err
	}
	var caseID string
	err = s.db.Write(ctx, func(tx *db.Tx) error {
		o, err := order.Lock(ctx, tx, ref)
		if err != nil {
			return err
		}
		if o.Status != order.Delivered {
			return errs.E(errs.Conflict, "order %s is %s; a problem is raised on a delivered order", o.Number, o.Status)
		}
		r, err := rulesTx(ctx, tx)
		if err != nil {
			return err
		}
		opened, err := openCase(ctx, tx, who, CaseProblem, "", o.ID, in.Detail, r.CaseSLA)
		if err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, `SELECT id FROM tracking_cases WHERE order_id = $1 AND kind = $2 AND status = 'open'
			AND parcel_id IS NULL`, o.ID, CaseProblem).Scan(&caseID); err != nil {
			return err
		}
		if !opened {
			if err := addStep(ctx, tx, caseID, ActContact, who, in.Detail, nil, "", map[string]any{"raised_again": true}); err != nil {
				return err
			}
		}
		if err := order.AddEvent(ctx, tx, &o, "order.problem_raised", who, map[string]any{"case_id": caseID, "detail": in.Detail}); err != nil {
			return err
		}
		return audit.Record(ctx, tx, "tracking_case.problem", "tracking_case", caseID, map[string]any{"order_id": o.ID, "opened": opened})
	})
	if err != nil {
		return CaseView{}, err
	}
	return s.GetCase(ctx, caseID)
}
