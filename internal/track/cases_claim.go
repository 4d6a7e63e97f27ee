package track

import (
	"context"
	"errors"
	"fmt"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/audit"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/errs"
)

// ClaimCase gives an open case to the caller, who alone (with
// administrators) may then act on it or close it. The claim is one
// conditional UPDATE, so of two people claiming a case at once exactly one
// wins and the other gets a Conflict naming who holds it. Claiming a case
// one already holds returns it unchanged, so a retried claim is harmless.
func (s *Store) ClaimCase(ctx context.Context, caseID string) (Case, error) {
	who, err := caller(ctx)
	if err != nil {
		return Case{}, err
	}
	var c Case
	err = s.db.Write(ctx, func(tx *db.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE tracking_cases SET claimed_by = $1, claimed_name = $2, claimed_at = $3, updated_at = $3
			WHERE id = $4 AND status = 'open' AND claimed_by IS NULL`, who.ID, who.Name, tx.Now, caseID)
		if err != nil {
			return fmt.Errorf("claim case: %w", err)
		}
		won, err := res.RowsAffected()
		if err != nil {
			return fmt.Errorf("claim case: %w", err)
		}
		if c, err = caseTx(ctx, tx, caseID, false); err != nil {
			return err
		}
		switch {
		case c.Status == CaseClosed:
			return closedErr(c)
		case won == 1:
			if err := addStep(ctx, tx, c.ID, StepClaimed, who, "", nil, "", nil); err != nil {
				return err
			}
			return audit.Record(ctx, tx, "tracking_case.claim", "tracking_case", c.ID, map[string]any{"order_id": c.OrderID, "kind": c.Kind})
		case c.ClaimedBy == who.ID:
			return nil
		}
		return errs.E(errs.Conflict, "case %s is already claimed by %s", c.ID, holder(c))
	})
	return c, err
}

// ReleaseCase gives a claimed case back to the queue. Only its holder or
// an administrator (covering for someone who left) may release it.
func (s *Store) ReleaseCase(ctx context.Context, caseID string) (Case, error) {
	var c Case
	err := s.changeCase(ctx, caseID, "release", func(tx *db.Tx, cur Case, who actor.Actor) error {
		if _, err := tx.ExecContext(ctx, `UPDATE tracking_cases SET claimed_by = NULL, claimed_name = '', claimed_at = NULL,
			updated_at = $1 WHERE id = $2`, tx.Now, cur.ID); err != nil {
			return err
		}
		if err := addStep(ctx, tx, cur.ID, StepReleased, who, "", nil, "", nil); err != nil {
			return err
		}
		return audit.Record(ctx, tx, "tracking_case.release", "tracking_case", cur.ID,
			map[string]any{"order_id": cur.OrderID, "kind": cur.Kind, "held_by": cur.ClaimedBy})
	}, &c)
	return c, err
}

// changeCase runs change on a case the caller may act on (claimed by them,
// or they are an administrator and it is claimed), in one transaction
// holding the case's lock, and reads the case again into out.
func (s *Store) changeCase(ctx context.Context, caseID, verb string, change func(tx *db.Tx, cur Case, who actor.Actor) error, out *Case) error {
	who, err := caller(ctx)
	if err != nil {
		return err
	}
	return s.db.Write(ctx, func(tx *db.Tx) error {
		cur, err := caseTx(ctx, tx, caseID, true)
		if err != nil {
			return err
		}
		if err := mayAct(cur, who, verb); err != nil {
			return err
		}
		if err := change(tx, cur, who); err != nil {
			return err
		}
		*out, err = caseTx(ctx, tx, caseID, false)
		return err
	})
}

// mayAct checks that who may act on c: it must be open and claimed, by who
// or with who an administrator.
func mayAct(c Case, who actor.Actor, verb string) error {
	switch {
	case c.Status == CaseClosed:
		return closedErr(c)
	case c.ClaimedBy == "":
		return errs.E(errs.Conflict, "case %s is not claimed; claim it before you %s it", c.ID, verb)
	case c.ClaimedBy != who.ID && who.Role != actor.Admin:
		return errs.E(errs.Forbidden, "case %s is claimed by %s; only they or an administrator may %s it", c.ID, holder(c), verb)
	}
	return nil
}

func closedErr(c Case) error {
	return errs.E(errs.Conflict, "case %s is closed (%s)", c.ID, c.Outcome)
}

// holder names a case's holder for people: "Ana (key_…)".
func holder(c Case) string {
	if c.ClaimedName != "" {
		return c.ClaimedName + " (" + c.ClaimedBy + ")"
	}
	return c.ClaimedBy
}

// caller is the actor of ctx, which every change of a case is attributed to.
func caller(ctx context.Context) (actor.Actor, error) {
	who, ok := actor.From(ctx)
	if !ok {
		return actor.Actor{}, errors.New("track: no actor in context")
	}
	return who, nil
}
