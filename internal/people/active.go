package people

import (
	"context"

	"github.com/waybill/waybill/internal/audit"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/errs"
)

// SetActive lets a person sign in again, or stops them: a deactivated
// person's sessions end at once and their password and set-up links stop
// working, while their account stays for the audit log that names them.
func (s *Store) SetActive(ctx context.Context, email string, active bool) (Person, error) {
	folded, err := normalEmail("email", email)
	if err != nil {
		return Person{}, err
	}
	var p Person
	err = s.db.Write(ctx, func(tx *db.Tx) error {
		var err error
		p, err = scanPerson(tx.QueryRowContext(ctx, `SELECT `+personColumns+` FROM people WHERE lower(email) = $1`, folded))
		if err != nil {
			return db.NotFound(err, "no person with e-mail %s", folded)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE people SET active = $1, updated_at = $2 WHERE id = $3`, active, tx.Now, p.ID); err != nil {
			return err
		}
		if !active {
			if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE person_id = $1`, p.ID); err != nil {
				return err
			}
		}
		p.Active = active
		action := "person.deactivate"
		if active {
			action = "person.activate"
		}
		return audit.Record(ctx, tx, action, "person", p.ID, nil)
	})
	if errs.Is(err, errs.NotFound) {
		return Person{}, err
	}
	return p, err
}
