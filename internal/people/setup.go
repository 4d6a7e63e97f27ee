package people

import (
	"context"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/audit"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/errs"
)

// errBadLink is one answer for a set-up token that is unknown, used or
// expired: the holder learns nothing about which.
func errBadLink() error {
	return errs.E(errs.NotFound, "this set-up link is not valid: it was used already, has expired or was mistyped; ask an administrator for a new one")
}

// SetupPerson returns whom a set-up token is for, so the page can greet
// them, or NotFound when the link cannot be used.
func (s *Store) SetupPerson(ctx context.Context, token string) (Person, error) {
	var p Person
	err := s.db.Read(ctx, func(tx *db.Tx) error {
		var err error
		p, err = s.setupPerson(ctx, tx, token)
		return err
	})
	return p, err
}

func (s *Store) setupPerson(ctx context.Context, tx *db.Tx, token string) (Person, error) {
	if token == "" || len(token) > 100 {
		return Person{}, errBadLink()
	}
	p, err := scanPerson(tx.QueryRowContext(ctx, `SELECT p.id, p.email, p.name, p.role, p.locale, p.active,
			p.password_hash <> '', p.created_at
		FROM person_setup_tokens t JOIN people p ON p.id = t.person_id
		WHERE t.token_hash = $1 AND t.used_at IS NULL AND t.expires_at > $2 AND p.active`, hashSecret(token), tx.Now))
	if err != nil {
		return Person{}, db.NotFound(err, "no set-up link")
	}
	return p, nil
}

// SetPassword uses a set-up token once: it checks the password's rules,
// stores its hash, spends the token and ends every session the person had
// (a new password locks out whoever knew the old one). The audit entry
// names the person, who is acting with their own link.
func (s *Store) SetPassword(ctx context.Context, token, password, remoteAddr, requestID string) (Person, error) {
	if err := CheckPassword("password", password); err != nil {
		return Person{}, err
	}
	hash := HashPassword(password) // outside the transaction: it takes tens of milliseconds
	var p Person
	err := s.db.Write(ctx, func(tx *db.Tx) error {
		var err error
		if p, err = s.setupPerson(ctx, tx, token); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE people SET password_hash = $1, updated_at = $2 WHERE id = $3`,
			hash, tx.Now, p.ID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE person_setup_tokens SET used_at = $1 WHERE token_hash = $2`, tx.Now, hashSecret(token)); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE person_id = $1`, p.ID); err != nil {
			return err
		}
		p.HasPass = true
		return audit.Record(actor.With(ctx, p.Actor(remoteAddr, requestID)), tx, "person.set_password", "person", p.ID, nil)
	})
	return p, err
}
