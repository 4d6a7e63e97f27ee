// Package people keeps the accounts of the people who sign in to the
// console (separate from API keys, which machines hold): who they are,
// their role among actor.Roles, their password (argon2id), one-time
// set-up links, server-side sessions and the sign-in rate limit. The
// console package is its HTTP face; the CLI creates people.
package people

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/address"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/errs"
)

// Locales are the languages the console speaks.
var Locales = []string{"en", "zh"}

// Person is one account, without its password.
type Person struct {
	ID        string     `json:"id"`
	Email     string     `json:"email"`
	Name      string     `json:"name"`
	Role      actor.Role `json:"role"`
	Locale    string     `json:"locale"`
	Active    bool       `json:"active"`
	HasPass   bool       `json:"has_password"`
	CreatedAt time.Time  `json:"created_at"`
}

// Actor is the person as the audit log names them.
func (p Person) Actor(remoteAddr, requestID string) actor.Actor {
	return actor.Actor{ID: p.ID, Name: p.Name + " <" + p.Email + ">", Role: p.Role, RemoteAddr: remoteAddr, RequestID: requestID}
}

// Config tunes sessions, set-up links and the sign-in rate limit; zero
// fields take the defaults in NewStore.
type Config struct {
	SessionTTL  time.Duration // a session ends this long after sign-in (12 h)
	IdleTimeout time.Duration // ... or after this long without a request (30 min)
	SetupTTL    time.Duration // a set-up link works this long (24 h)
	// The rate limit: at most AccountFailures failed sign-ins per e-mail
	// and AddressFailures per client address within FailureWindow.
	AccountFailures int           // 5
	AddressFailures int           // 20
	FailureWindow   time.Duration // 15 min
}

// Store keeps people, set-up links and sessions in the database. Its clock
// is the database's, so tests move time with clock.Fixed.
type Store struct {
	db  *db.DB
	cfg Config
}

// NewStore returns a store over d.
func NewStore(d *db.DB, cfg Config) *Store {
	def := func(v *time.Duration, d time.Duration) {
		if *v <= 0 {
			*v = d
		}
	}
	def(&cfg.SessionTTL, 12*time.Hour)
	def(&cfg.IdleTimeout, 30*time.Minute)
	def(&cfg.SetupTTL, 24*time.Hour)
	def(&cfg.FailureWindow, 15*time.Minute)
	if cfg.AccountFailures <= 0 {
		cfg.AccountFailures = 5
	}
	if cfg.AddressFailures <= 0 {
		cfg.AddressFailures = 20
	}
	return &Store{db: d, cfg: cfg}
}

// Config returns the store's settings with defaults applied.
func (s *Store) Config() Config { return s.cfg }

// normalEmail checks an e-mail as intake does and folds it to lower case:
// one account per address, whatever case it is typed in.
func normalEmail(field, raw string) (string, error) {
	email, err := address.NormalizeEmail(raw)
	if err != nil {
		var f errs.Fields
		code := errs.CodeFormat
		var in *address.InputError
		if errors.As(err, &in) {
			code = in.Code
		}
		f.Add(field, code, "%s", err.Error())
		return "", f.Err()
	}
	return strings.ToLower(email), nil
}

// newSecret returns 256 random bits, URL-safe, and the SHA-256 hex that is
// stored in its place: the secret has full entropy, so a fast hash suffices.
func newSecret() (plain, hash string) {
	var b [32]byte
	_, _ = rand.Read(b[:])
	plain = base64.RawURLEncoding.EncodeToString(b[:])
	return plain, hashSecret(plain)
}

func hashSecret(plain string) string {
	sum := sha256.Sum256([]byte(plain))
	return hex.EncodeToString(sum[:])
}

func checkName(f *errs.Fields, name string) string {
	name = strings.TrimSpace(name)
	if n := utf8.RuneCountInString(name); n == 0 || n > 100 || !utf8.ValidString(name) {
		f.Add("name", errs.CodeOutOfRange, "name must be 1 to 100 characters")
	}
	return name
}
