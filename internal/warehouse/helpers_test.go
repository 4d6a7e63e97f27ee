package warehouse

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/db"
)

func testCtx() context.Context { return actor.With(context.Background(), actor.CLI("test")) }

// berlin is a valid input that tests vary one field at a time.
func berlin() Input {
	return Input{
		Code: "BER-1", Name: "Berlin Nord",
		Address:  Address{Line1: "Industriestraße 5", City: "Berlin", PostalCode: "13355", Country: "DE"},
		Latitude: 52.54, Longitude: 13.39,
		RegionsServed: []Region{{Country: "DE", PostalPrefixes: []string{"10", "12", "13"}}, {Country: "PL"}},
		CutoffTime:    "15:00", Timezone: "Europe/Berlin",
	}
}

// withBerlin is a store on d already holding berlin(), where the bin tests
// and the refusal tests start.
func withBerlin(t *testing.T, d *db.DB) (context.Context, *Store, Warehouse) {
	t.Helper()
	ctx, s := testCtx(), NewStore(d)
	w, err := s.Create(ctx, berlin())
	require.NoError(t, err)
	return ctx, s, w
}

// rowCount counts rows in table, so refusal tests can prove nothing was written.
func rowCount(t *testing.T, d *db.DB, table string) int {
	t.Helper()
	var n int
	require.NoError(t, d.Read(context.Background(), func(tx *db.Tx) error {
		return tx.QueryRowContext(context.Background(), `SELECT count(*) FROM `+table).Scan(&n)
	}))
	return n
}

// counts snapshots every table this package writes, plus the audit log.
func counts(t *testing.T, d *db.DB) map[string]int {
	t.Helper()
	out := map[string]int{}
	for _, table := range []string{"warehouses", "warehouse_regions", "bins", "audit_log"} {
		out[table] = rowCount(t, d, table)
	}
	return out
}
