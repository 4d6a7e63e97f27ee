package people

import (
	"context"
	"time"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/audit"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/errs"
)

// Session is a signed-in person's server-side session. The cookie holds a
// 256-bit secret; the database keeps only its SHA-256.
type Session struct {
	Person    Person
	CreatedAt time.Time
	LastSeen  time.Time
	ExpiresAt time.Time
}

// Client is where a request came from, for the rate limit and the audit log.
type Client struct {
	RemoteAddr string
	RequestID  string
}

// SignIn checks an e-mail and password and opens a new session, returning
// its secret for the cookie. The session the browser held before (previous,
// possibly "") is deleted, so a sign-in always rotates the id: a session
// id planted in the browser before sign-in is worthless after it. Failed
// attempts count against the account and the client address (limit.go).
// Every failure is one message that does not say which part was wrong.
func (s *Store) SignIn(ctx context.Context, email, password, previous string, c Client) (Session, string, error) {
	wrong := func() error {
		var f errs.Fields
		f.Add("password", "wrong_credentials", "the e-mail address or the password is wrong")
		return f.Err()
	}
	folded, err := normalEmail("email", email)
	if err != nil {
		return Session{}, "", err
	}
	if err := s.checkLimit(ctx, folded, c.RemoteAddr); err != nil {
		return Session{}, "", err
	}
	var p Person
	var hash string
	err = s.db.Read(ctx, func(tx *db.Tx) error {
		return tx.QueryRowContext(ctx, `SELECT id, email, name, role, locale, active, password_hash <> '', created_at, password_hash
			FROM people WHERE lower(email) = $1`, folded).
			Scan(&p.ID, &p.Email, &p.Name, &p.Role, &p.Locale, &p.Active, &p.HasPass, &p.CreatedAt, &hash)
	})
	if err = db.NotFound(err, "no person"); err != nil && !errs.Is(err, errs.NotFound) {
		return Session{}, "", err
	}
	if err != nil || hash == "" {
		// As slow as a real check, so timing tells neither which e-mails
		// exist nor which accounts still await their set-up link.
		hash = dummyHash()
	}
	if !VerifyPassword(hash, password) || err != nil || !p.HasPass || !p.Active {
		if ferr := s.recordFailure(ctx, folded, c.RemoteAddr); ferr != nil {
			return Session{}, "", ferr
		}
		return Session{}, "", wrong()
	}
	plain, idHash := newSecret()
	var sess Session
	err = s.db.Write(ctx, func(tx *db.Tx) error {
		sess = Session{Person: p, CreatedAt: tx.Now, LastSeen: tx.Now, ExpiresAt: tx.Now.Add(s.cfg.SessionTTL)}
		if previous != "" {
			if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE id_hash = $1`, hashSecret(previous)); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO sessions (id_hash, person_id, created_at, last_seen_at, expires_at)
			VALUES ($1, $2, $3, $3, $4)`, idHash, p.ID, tx.Now, sess.ExpiresAt); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM sign_in_failures WHERE email = $1`, folded); err != nil {
			return err
		}
		return audit.Record(actor.With(ctx, p.Actor(c.RemoteAddr, c.RequestID)), tx, "person.sign_in", "person", p.ID, nil)
	})
	if err != nil {
		return Session{}, "", err
	}
	return sess, plain, nil
}

// touchEvery is how stale last_seen_at may get before a request rewrites
// it: the idle timeout is kept to within a minute without a write per page.
const touchEvery = time.Minute

// Authenticate returns the session a cookie's secret stands for, or
// Unauthorized when it is unknown, expired, idle too long, or its person
// was deactivated. A live session's last-seen time moves forward.
func (s *Store) Authenticate(ctx context.Context, secret string) (Session, error) {
	denied := errs.E(errs.Unauthorized, "please sign in")
	if secret == "" || len(secret) > 100 {
		return Session{}, denied
	}
	idHash := hashSecret(secret)
	var sess Session
	err := s.db.Read(ctx, func(tx *db.Tx) error {
		return tx.QueryRowContext(ctx, `SELECT p.id, p.email, p.name, p.role, p.locale, p.active, p.password_hash <> '', p.created_at,
				s.created_at, s.last_seen_at, s.expires_at
			FROM sessions s JOIN people p ON p.id = s.person_id WHERE s.id_hash = $1`, idHash).
			Scan(&sess.Person.ID, &sess.Person.Email, &sess.Person.Name, &sess.Person.Role, &sess.Person.Locale,
				&sess.Person.Active, &sess.Person.HasPass, &sess.Person.CreatedAt, &sess.CreatedAt, &sess.LastSeen, &sess.ExpiresAt)
	})
	if err = db.NotFound(err, "no session"); errs.Is(err, errs.NotFound) {
		return Session{}, denied
	} else if err != nil {
		return Session{}, err
	}
	now := s.db.Clock().Now()
	if !sess.Person.Active || !now.Before(sess.ExpiresAt) || !now.Before(sess.LastSeen.Add(s.cfg.IdleTimeout)) {
		return Session{}, denied
	}
	if now.Sub(sess.LastSeen) >= touchEvery {
		err := s.db.Write(ctx, func(tx *db.Tx) error {
			_, err := tx.ExecContext(ctx, `UPDATE sessions SET last_seen_at = $1 WHERE id_hash = $2`, tx.Now, idHash)
			return err
		})
		if err != nil {
			return Session{}, err
		}
		sess.LastSeen = now
	}
	return sess, nil
}

// SignOut ends the session of secret. Signing out of a session that has
// already ended is not an error.
func (s *Store) SignOut(ctx context.Context, secret string, c Client) error {
	sess, err := s.Authenticate(ctx, secret)
	if errs.Is(err, errs.Unauthorized) {
		return nil
	}
	if err != nil {
		return err
	}
	return s.db.Write(ctx, func(tx *db.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE id_hash = $1`, hashSecret(secret)); err != nil {
			return err
		}
		return audit.Record(actor.With(ctx, sess.Person.Actor(c.RemoteAddr, c.RequestID)), tx, "person.sign_out", "person", sess.Person.ID, nil)
	})
}

// SignOutEverywhere ends every session of the person signed in with
// secret, on every device, this one included.
func (s *Store) SignOutEverywhere(ctx context.Context, secret string, c Client) error {
	sess, err := s.Authenticate(ctx, secret)
	if err != nil {
		return err
	}
	return s.db.Write(ctx, func(tx *db.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE person_id = $1`, sess.Person.ID)
		if err != nil {
			return err
		}
		n, _ := res.RowsAffected()
		return audit.Record(actor.With(ctx, sess.Person.Actor(c.RemoteAddr, c.RequestID)), tx, "person.sign_out_everywhere",
			"person", sess.Person.ID, map[string]any{"sessions": n})
	})
}
