package catalog

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/db/dbtest"
	"github.com/waybill/waybill/internal/errs"
)

// fuzzing reports whether this is the coverage-guided fuzzer rather than go
// test replaying the corpus. While fuzzing, the targets leave the database
// out: SQLite's and database/sql's coverage differs from run to run, so the
// engine would take every input for new and spend its time minimising. The
// replay sends every corpus entry through the database as well.
func fuzzing() bool {
	f := flag.Lookup("test.fuzz")
	return f != nil && f.Value.String() != ""
}

// replayDBs opens the databases the corpus replay runs on: SQLite, and
// PostgreSQL when the test suite has one; none while fuzzing.
func replayDBs(f *testing.F) []*db.DB {
	if fuzzing() {
		return nil
	}
	dbs := []*db.DB{dbtest.SQLite(f, dbtest.Options{})}
	if os.Getenv(dbtest.PostgresEnv) != "" {
		dbs = append(dbs, dbtest.Postgres(f, dbtest.Options{}))
	}
	return dbs
}

// FuzzImportCSV feeds arbitrary files to the importer under every mode. It
// must not panic, must refuse a file only as Invalid, and every row it
// passes must be a product Create would accept. In replay, the whole Import
// runs on SQLite and PostgreSQL too: it must fail only as Invalid (never a 500, e.g. from a
// CHECK that validation missed), account for every row, and store only
// valid products.
func FuzzImportCSV(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "import", "*.csv"))
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b, byte(0))
		f.Add(b, byte(7))
	}
	var stores []*Store
	for _, d := range replayDBs(f) {
		stores = append(stores, NewStore(d))
	}
	ctx := actor.With(context.Background(), actor.CLI("fuzz"))
	f.Fuzz(func(t *testing.T, file []byte, mode byte) {
		opts := ImportOptions{Mode: GoodRows, MaxRows: 500, MaxBytes: 1 << 20, MaxCellBytes: 4 << 10}
		if mode&1 != 0 {
			opts.Mapping = OlistMapping()
		}
		if mode&2 != 0 {
			opts.Mode = AllOrNothing
		}
		if mode&4 != 0 {
			opts.OnExisting = ExistingUpdate
		}
		opts, err := opts.resolve()
		if err != nil {
			t.Fatal(err)
		}
		rows, _, err := readRows(bytes.NewReader(file), opts)
		if err != nil && (!errs.Is(err, errs.Invalid) || len(errs.FieldsOf(err)) == 0) {
			t.Fatalf("refused a file without naming a field: %v", err)
		}
		for i, r := range rows {
			if r.row != i+1 || i > 0 && r.line <= rows[i-1].line {
				t.Fatalf("row %d numbered %d at line %d", i+1, r.row, r.line)
			}
			for _, e := range r.bad {
				if e.Code == "" || e.Message == "" {
					t.Fatalf("row %d: a problem without code or message: %+v", r.row, e)
				}
			}
			if len(r.bad) == 0 {
				if err := newProduct(r.in, time.Unix(0, 0)).input().Validate(); err != nil {
					t.Fatalf("row %d passed but is invalid: %v", r.row, err)
				}
			}
		}
		for _, s := range stores {
			importIntoDB(t, ctx, s, file, opts)
		}
	})
}

func importIntoDB(t *testing.T, ctx context.Context, s *Store, file []byte, opts ImportOptions) {
	emptyCatalogue(t, ctx, s.db)
	rep, err := s.Import(ctx, bytes.NewReader(file), opts)
	stored := storedAreValid(t, ctx, s)
	switch {
	case err != nil && !errs.Is(err, errs.Invalid):
		t.Fatalf("import failed with %v, not as invalid input: %v", errs.KindOf(err), err)
	case err != nil && stored != 0:
		t.Fatalf("a refused import stored %d products", stored)
	case err == nil && rep.Created+rep.Updated+rep.Rejected != rep.Rows:
		t.Fatalf("rows unaccounted for: %+v", rep)
	case err == nil && rep.Created != stored:
		t.Fatalf("report says %d created, %d stored", rep.Created, stored)
	}
}

// emptyCatalogue removes every product so each input starts from the same state.
func emptyCatalogue(t *testing.T, ctx context.Context, d *db.DB) {
	err := d.Write(ctx, func(tx *db.Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM products`)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

// storedAreValid fails t if any stored product is one Create would refuse,
// and returns how many there are.
func storedAreValid(t *testing.T, ctx context.Context, s *Store) int {
	ps, _, err := s.List(ctx, Filter{Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range ps {
		if err := p.input().Validate(); err != nil {
			t.Fatalf("stored an invalid product %+v: %v", p, err)
		}
	}
	return len(ps)
}
