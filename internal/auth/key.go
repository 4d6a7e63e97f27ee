package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"strings"
	"sync"
	"time"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/audit"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/errs"
	"github.com/waybill/waybill/internal/id"
)

// An API key reads "wb_" + the key's id (26 characters) + a 43-character
// secret. Only SHA-256 of the secret is stored: the secret has 256 bits of
// entropy, so a slow password hash would add latency and no safety.
const keyPrefix = "wb_"

// Key is a stored API key, without its secret.
type Key struct {
	ID   string     `json:"id"`
	Name string     `json:"name"`
	Role actor.Role `json:"role"`
	Scope
	CreatedAt time.Time  `json:"created_at"`
	RevokedAt *time.Time `json:"revoked_at,omitempty"`
}

// Keys creates and checks API keys. Checks are cached briefly so that a busy
// integration does not cost a database read per request; a revocation takes
// effect within CacheTTL.
type Keys struct {
	db       *db.DB
	CacheTTL time.Duration

	mu    sync.Mutex
	cache map[[32]byte]cachedActor
}

type cachedActor struct {
	actor   actor.Actor
	expires time.Time
}

// NewKeys returns a key service over d.
func NewKeys(d *db.DB) *Keys {
	return &Keys{db: d, CacheTTL: 10 * time.Second, cache: make(map[[32]byte]cachedActor)}
}

// Create makes an unconfined key for role and returns it with the plain
// key, which is shown once and never stored.
func (k *Keys) Create(ctx context.Context, name string, role actor.Role) (Key, string, error) {
	return k.CreateScoped(ctx, name, role, Scope{})
}

// CreateScoped is Create for a key confined to some channels or warehouses.
func (k *Keys) CreateScoped(ctx context.Context, name string, role actor.Role, scope Scope) (Key, string, error) {
	var f errs.Fields
	if name = strings.TrimSpace(name); name == "" || len(name) > 100 {
		f.Add("name", errs.CodeOutOfRange, "name must be 1 to 100 characters")
	}
	if !role.Valid() {
		f.Add("role", errs.CodeUnknown, "role must be one of admin, integration, customer_service, warehouse, finance")
	}
	scope.check(&f, role)
	if err := f.Err(); err != nil {
		return Key{}, "", err
	}
	channels, warehouses := scope.columns()
	var secret [32]byte
	_, _ = rand.Read(secret[:])
	plainSecret := base64.RawURLEncoding.EncodeToString(secret[:])
	var key Key
	err := k.db.Write(ctx, func(tx *db.Tx) error {
		key = Key{ID: id.New("key", tx.Now), Name: name, Role: role, Scope: scope.normal(), CreatedAt: tx.Now}
		if _, err := tx.ExecContext(ctx,
			`INSERT INTO api_keys (id, name, role, secret_hash, created_at, channels, warehouses) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
			key.ID, key.Name, string(key.Role), hashSecret(plainSecret), key.CreatedAt, channels, warehouses); err != nil {
			return err
		}
		return audit.Record(ctx, tx, "api_key.create", "api_key", key.ID, map[string]any{"name": name, "role": role,
			"channels": key.Channels, "warehouses": key.Warehouses})
	})
	if err != nil {
		return Key{}, "", err
	}
	return key, keyPrefix + strings.TrimPrefix(key.ID, "key_") + plainSecret, nil
}

// Authenticate returns the actor a plain key stands for, or an Unauthorized
// error that does not say which part was wrong.
func (k *Keys) Authenticate(ctx context.Context, plain string) (actor.Actor, error) {
	denied := errs.E(errs.Unauthorized, "a valid API key is required")
	rest, ok := strings.CutPrefix(plain, keyPrefix)
	if !ok || len(rest) != 26+43 {
		return actor.Actor{}, denied
	}
	cacheKey := sha256.Sum256([]byte(plain))
	now := k.db.Clock().Now()
	k.mu.Lock()
	c, hit := k.cache[cacheKey]
	k.mu.Unlock()
	if hit && now.Before(c.expires) {
		return c.actor, nil
	}
	keyID, secret := "key_"+rest[:26], rest[26:]
	var (
		name, role, hash     string
		channels, warehouses string
		revoked              *time.Time
	)
	err := k.db.Read(ctx, func(tx *db.Tx) error {
		return tx.QueryRowContext(ctx, `SELECT name, role, secret_hash, revoked_at, channels, warehouses FROM api_keys WHERE id = $1`, keyID).
			Scan(&name, &role, &hash, &revoked, &channels, &warehouses)
	})
	if errs.Is(db.NotFound(err, "no key"), errs.NotFound) {
		return actor.Actor{}, denied
	}
	if err != nil {
		return actor.Actor{}, err
	}
	if revoked != nil || subtle.ConstantTimeCompare([]byte(hash), []byte(hashSecret(secret))) != 1 {
		return actor.Actor{}, denied
	}
	scope, err := scopeOf(channels, warehouses)
	if err != nil {
		return actor.Actor{}, err
	}
	actor := actor.Actor{ID: keyID, Name: name, Role: actor.Role(role), Channels: scope.Channels, Warehouses: scope.Warehouses}
	k.mu.Lock()
	if len(k.cache) > 10000 {
		clear(k.cache)
	}
	k.cache[cacheKey] = cachedActor{actor: actor, expires: now.Add(k.CacheTTL)}
	k.mu.Unlock()
	return actor, nil
}

// List returns every key, newest first, without secrets.
func (k *Keys) List(ctx context.Context) ([]Key, error) {
	var keys []Key
	err := k.db.Read(ctx, func(tx *db.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT id, name, role, created_at, revoked_at, channels, warehouses FROM api_keys ORDER BY id DESC`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var key Key
			var channels, warehouses string
			if err := rows.Scan(&key.ID, &key.Name, &key.Role, &key.CreatedAt, &key.RevokedAt, &channels, &warehouses); err != nil {
				return err
			}
			if key.Scope, err = scopeOf(channels, warehouses); err != nil {
				return err
			}
			keys = append(keys, key)
		}
		return rows.Err()
	})
	return keys, err
}

// Revoke disables a key for good.
func (k *Keys) Revoke(ctx context.Context, keyID string) error {
	err := k.db.Write(ctx, func(tx *db.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE api_keys SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL`, tx.Now, keyID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return errs.E(errs.NotFound, "no active API key %q", keyID)
		}
		return audit.Record(ctx, tx, "api_key.revoke", "api_key", keyID, nil)
	})
	if err == nil {
		k.mu.Lock()
		clear(k.cache)
		k.mu.Unlock()
	}
	return err
}

func hashSecret(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}
