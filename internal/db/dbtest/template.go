package dbtest

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"sync"

	"github.com/waybill/waybill/internal/db"
)

// A SQLite test database starts as a copy of a template migrated once,
// rather than running every migration again: with some thirty of them that
// was most of a short test's time, and several times more under the race
// detector. Templates are keyed by the migrations' content, so a changed or
// added migration makes a new template and a stale one is never used; each
// copy is still migrated (a no-op when the template is current), so a
// database handed to a test is always at the newest version.

// migrationsKey hashes each dialect's migration files as they are in the
// source tree, found beside this file. It fails when they cannot be read (a
// binary built with -trimpath, or run away from its source), and callers
// then migrate every database from empty as before.
var migrationsKey = sync.OnceValues(func() (map[db.Dialect]string, error) {
	_, self, _, ok := runtime.Caller(0)
	if !ok {
		return nil, os.ErrNotExist
	}
	keys := map[db.Dialect]string{}
	for _, dialect := range []db.Dialect{db.SQLite, db.Postgres} {
		dir := filepath.Join(filepath.Dir(self), "..", "migrations", string(dialect))
		names, err := filepath.Glob(filepath.Join(dir, "*.sql"))
		if err != nil || len(names) == 0 {
			return nil, os.ErrNotExist
		}
		sort.Strings(names)
		h := sha256.New()
		for _, name := range names {
			b, err := os.ReadFile(name)
			if err != nil {
				return nil, err
			}
			h.Write([]byte(filepath.Base(name) + "\x00"))
			h.Write(b)
			h.Write([]byte{0})
		}
		keys[dialect] = hex.EncodeToString(h.Sum(nil))[:16]
	}
	return keys, nil
})

// templateKey is migrationsKey for one dialect, "" when there is none.
func templateKey(dialect db.Dialect) string {
	keys, err := migrationsKey()
	if err != nil {
		return ""
	}
	return keys[dialect]
}
