package dbtest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"sync"

	"github.com/waybill/waybill/internal/db"
)

// sqliteTemplate returns the bytes of a migrated, empty SQLite database,
// built once per migration set and kept in the system's temporary folder so
// that later test binaries (every package's, every run's) copy it too. It
// returns nil when there is no template to be had; the caller migrates.
var sqliteTemplate = sync.OnceValue(func() []byte {
	key := templateKey(db.SQLite)
	if key == "" {
		return nil
	}
	dir := filepath.Join(os.TempDir(), "waybill-dbtest")
	path := filepath.Join(dir, "sqlite-"+key+".db")
	if b, err := os.ReadFile(path); err == nil && len(b) > 0 {
		return b
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil
	}
	if err := buildSQLiteTemplate(dir, path); err != nil {
		return nil
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil
	}
	return b
})

// buildSQLiteTemplate migrates a database in a scratch folder and writes a
// compact copy of it (VACUUM INTO: one file, no WAL beside it) to path by
// a rename, so a binary building the same template at the same time never
// reads half a file.
func buildSQLiteTemplate(dir, path string) error {
	scratch, err := os.MkdirTemp(dir, "build-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(scratch)
	built := filepath.Join(scratch, "waybill.db")
	ctx := context.Background()
	d, err := db.Open(ctx, "sqlite:"+built, db.Options{})
	if err != nil {
		return err
	}
	_, err = d.Migrate(ctx)
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	raw, err := sql.Open("sqlite", "file:"+built)
	if err != nil {
		return err
	}
	defer raw.Close()
	var b [6]byte
	_, _ = rand.Read(b[:])
	part := path + "." + hex.EncodeToString(b[:])
	if _, err := raw.ExecContext(ctx, "VACUUM INTO ?", part); err != nil {
		return fmt.Errorf("copy the template: %w", err)
	}
	return os.Rename(part, path)
}

// sqliteCopy writes a copy of the template as file, reporting false when
// there is no template.
func sqliteCopy(file string) (bool, error) {
	b := sqliteTemplate()
	if b == nil {
		return false, nil
	}
	return true, os.WriteFile(file, b, 0o644)
}
