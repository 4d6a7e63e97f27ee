package people

import (
	"context"
	"slices"
	"strings"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/audit"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/errs"
)

// Patch changes some of a person's account; nil fields keep their values.
type Patch struct {
	Name   *string     `json:"name,omitempty" maxLength:"100" doc:"Their name as the console shows it, 1 to 100 characters"`
	Role   *actor.Role `json:"role,omitempty" enum:"admin,integration,customer_service,warehouse,finance"`
	Locale *string     `json:"locale,omitempty" enum:"en,zh" doc:"The console's language for them"`
	Active *bool       `json:"active,omitempty" doc:"false stops them signing in and ends their sessions at once"`
}

// Validate reports every problem of the patch at once, by field.
func (pt Patch) Validate() error {
	var f errs.Fields
	if pt.Name != nil {
		checkName(&f, *pt.Name)
	}
	if pt.Role != nil && !pt.Role.Valid() {
		f.Add("role", errs.CodeUnknown, "role must be one of admin, integration, customer_service, warehouse, finance")
	}
	if pt.Locale != nil && !slices.Contains(Locales, *pt.Locale) {
		f.Add("locale", errs.CodeUnknown, "locale must be en or zh")
	}
	return f.Err()
}

// Get returns the person with id personID.
func (s *Store) Get(ctx context.Context, personID string) (Person, error) {
	var p Person
	err := s.db.Read(ctx, func(tx *db.Tx) (err error) {
		p, err = scanPerson(tx.QueryRowContext(ctx, `SELECT `+personColumns+` FROM people WHERE id = $1`, personID))
		return db.NotFound(err, "no person with id %s", errs.Clip(personID))
	})
	return p, err
}

// Update applies pt to the person with id personID. Deactivating ends
// their sessions at once, as SetActive does; the change is audited. A
// person may not deactivate themselves or change their own role (the
// last administrator would lock everyone out): that is a Conflict.
func (s *Store) Update(ctx context.Context, personID string, pt Patch) (Person, error) {
	if err := pt.Validate(); err != nil {
		return Person{}, err
	}
	var p Person
	err := s.db.Write(ctx, func(tx *db.Tx) error {
		var err error
		p, err = scanPerson(tx.QueryRowContext(ctx, `SELECT `+personColumns+` FROM people WHERE id = $1`, personID))
		if err != nil {
			return db.NotFound(err, "no person with id %s", errs.Clip(personID))
		}
		if pt.Name != nil {
			p.Name = strings.TrimSpace(*pt.Name)
		}
		if me, ok := actor.From(ctx); ok && me.ID == p.ID && ((pt.Active != nil && !*pt.Active) || (pt.Role != nil && *pt.Role != p.Role)) {
			// Nobody locks themselves out: another administrator must.
			return errs.E(errs.Conflict, "you cannot deactivate yourself or change your own role; ask another administrator")
		}
		set(&p.Role, pt.Role)
		set(&p.Locale, pt.Locale)
		set(&p.Active, pt.Active)
		if _, err := tx.ExecContext(ctx, `UPDATE people SET name = $1, role = $2, locale = $3, active = $4, updated_at = $5 WHERE id = $6`,
			p.Name, string(p.Role), p.Locale, p.Active, tx.Now, p.ID); err != nil {
			return err
		}
		if !p.Active {
			if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE person_id = $1`, p.ID); err != nil {
				return err
			}
		}
		return audit.Record(ctx, tx, "person.update", "person", p.ID, pt)
	})
	return p, err
}

func set[T any](dst *T, v *T) {
	if v != nil {
		*dst = *v
	}
}
