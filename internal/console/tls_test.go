package console_test

import (
	"crypto/tls"
	"testing"

	"github.com/waybill/waybill/internal/clock"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/db/dbtest"
)

// tlsTrustAll trusts httptest's self-signed certificate.
func tlsTrustAll() *tls.Config { return &tls.Config{InsecureSkipVerify: true} } //nolint:gosec // test server

// dbOnce is a SQLite database on a fixed clock, for tests of the HTTP edge
// that do not depend on the dialect.
func dbOnce(t *testing.T) (*db.DB, *clock.Fixed) {
	clk := clock.NewFixed(start)
	return dbtest.SQLite(t, dbtest.Options{Clock: clk}), clk
}
