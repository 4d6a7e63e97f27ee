package job

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/clock"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/db/dbtest"
)

var t0 = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

// bundle is one test's database, its fixed clock and a Runner on both.
type bundle struct {
	db  *db.DB
	clk *clock.Fixed
	r   *Runner
}

// each runs fn on SQLite and, when configured, PostgreSQL, with the
// database and the Runner sharing one fixed clock.
func each(t *testing.T, cfg Config, fn func(t *testing.T, b bundle)) {
	t.Helper()
	setup := func(open func(testing.TB, dbtest.Options) *db.DB) func(t *testing.T) {
		return func(t *testing.T) {
			clk := clock.NewFixed(t0)
			d := open(t, dbtest.Options{Clock: clk})
			fn(t, bundle{db: d, clk: clk, r: New(d, clk, nil, cfg)})
		}
	}
	t.Run("sqlite", setup(dbtest.SQLite))
	if os.Getenv(dbtest.PostgresEnv) == "" {
		t.Logf("PostgreSQL leg not run: %s is unset", dbtest.PostgresEnv)
		return
	}
	t.Run("postgres", setup(dbtest.Postgres))
}

func enqueue(t *testing.T, d *db.DB, jobs ...Job) {
	t.Helper()
	require.NoError(t, d.Write(context.Background(), func(tx *db.Tx) error { return Enqueue(context.Background(), tx, jobs...) }))
}

// row is what the tests check of a stored job.
type row struct {
	State     string
	Attempts  int
	LastError string
	RunAt     time.Time
	Finished  bool
}

func load(t *testing.T, d *db.DB, kind, key string) row {
	t.Helper()
	var r row
	var finished *time.Time
	err := d.Read(context.Background(), func(tx *db.Tx) error {
		return tx.QueryRowContext(context.Background(), `SELECT state, attempts, last_error, run_at, finished_at
FROM jobs WHERE kind = $1 AND dedupe_key = $2`, kind, key).Scan(&r.State, &r.Attempts, &r.LastError, &r.RunAt, &finished)
	})
	require.NoError(t, err)
	r.RunAt, r.Finished = r.RunAt.UTC(), finished != nil
	return r
}

func pending(t *testing.T, r *Runner) int {
	t.Helper()
	n, err := r.Pending(context.Background())
	require.NoError(t, err)
	return n
}

func runDue(t *testing.T, r *Runner) int {
	t.Helper()
	n, err := r.RunDue(context.Background())
	require.NoError(t, err)
	return n
}
