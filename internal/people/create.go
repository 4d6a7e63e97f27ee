package people

import (
	"context"
	"slices"
	"strings"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/audit"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/id"
)

// NewPerson is what an administrator gives to create an account.
type NewPerson struct {
	Email  string
	Name   string // defaults to the e-mail's local part
	Role   actor.Role
	Locale string // en (default) or zh
}

// Create adds an active person without a password and returns them with
// a one-time set-up token (shown once; only its hash is stored) that lets
// them choose a password within Config.SetupTTL.
func (s *Store) Create(ctx context.Context, in NewPerson) (Person, string, error) {
	var f errs.Fields
	email, err := normalEmail("email", in.Email)
	if err != nil {
		f = append(f, errs.FieldsOf(err)...)
	}
	if in.Name == "" && email != "" {
		in.Name = email[:strings.LastIndexByte(email, '@')]
	}
	var name string
	if in.Name != "" || email != "" { // no second complaint about a name taken from a bad e-mail
		name = checkName(&f, in.Name)
	}
	if !in.Role.Valid() {
		f.Add("role", errs.CodeUnknown, "role must be one of admin, integration, customer_service, warehouse, finance")
	}
	if in.Locale == "" {
		in.Locale = "en"
	}
	if !slices.Contains(Locales, in.Locale) {
		f.Add("locale", errs.CodeUnknown, "locale must be en or zh")
	}
	if err := f.Err(); err != nil {
		return Person{}, "", err
	}
	var p Person
	var token string
	err = s.db.Write(ctx, func(tx *db.Tx) error {
		p = Person{ID: id.New("usr", tx.Now), Email: email, Name: name, Role: in.Role, Locale: in.Locale, Active: true, CreatedAt: tx.Now}
		_, err := tx.ExecContext(ctx, `INSERT INTO people (id, email, name, role, locale, active, password_hash, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, '', $7, $7)`, p.ID, p.Email, p.Name, string(p.Role), p.Locale, true, tx.Now)
		if db.ViolationOf(err) == db.UniqueViolation {
			var f errs.Fields
			f.Add("email", errs.CodeDuplicate, "a person with e-mail %s exists already", email)
			return f.Err()
		}
		if err != nil {
			return err
		}
		if token, err = s.newSetupToken(ctx, tx, p.ID); err != nil {
			return err
		}
		return audit.Record(ctx, tx, "person.create", "person", p.ID, map[string]any{"email": p.Email, "name": p.Name,
			"role": p.Role, "locale": p.Locale})
	})
	if err != nil {
		return Person{}, "", err
	}
	return p, token, nil
}

// newSetupToken stores the hash of a fresh set-up token for person.
func (s *Store) newSetupToken(ctx context.Context, tx *db.Tx, personID string) (string, error) {
	plain, hash := newSecret()
	_, err := tx.ExecContext(ctx, `INSERT INTO person_setup_tokens (token_hash, person_id, created_at, expires_at)
		VALUES ($1, $2, $3, $4)`, hash, personID, tx.Now, tx.Now.Add(s.cfg.SetupTTL))
	return plain, err
}

// List returns every person, newest first.
func (s *Store) List(ctx context.Context) ([]Person, error) {
	var out []Person
	err := s.db.Read(ctx, func(tx *db.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT `+personColumns+` FROM people ORDER BY id DESC`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			p, err := scanPerson(rows)
			if err != nil {
				return err
			}
			out = append(out, p)
		}
		return rows.Err()
	})
	return out, err
}

const personColumns = `id, email, name, role, locale, active, password_hash <> '', created_at`

func scanPerson(row interface{ Scan(...any) error }) (Person, error) {
	var p Person
	err := row.Scan(&p.ID, &p.Email, &p.Name, &p.Role, &p.Locale, &p.Active, &p.HasPass, &p.CreatedAt)
	return p, err
}
