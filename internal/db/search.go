package db

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"

	"modernc.org/sqlite"
)

// The search file. Indexes that only lookups need, never intake (orders by
// e-mail, phone, reference and SKU), are derived data that a follower
// writes after intake has committed (internal/order/searchindex.go). On
// SQLite they live in a second file beside the database, PATH-search, with
// its own write lock and WAL: its writer works on the other core while the
// main writer goes on, where in the same file it would only take turns with
// it. Every reader connection has the file attached as schema "search", so
// a query names its tables unqualified and joins them with the main ones.
// The main writer does not attach it: BEGIN IMMEDIATE takes the write lock
// of every attached file. On PostgreSQL the tables sit in the database's own
// schema and WriteSearch is Write. The file can be deleted at any time: the
// follower builds it again from the orders.

// SearchPath is where the search file of the SQLite database at path is.
func SearchPath(path string) string { return path + "-search" }

// openSearch opens the writer of the search file at path and a connector for
// readers of dsn that attach it. The writer connects first, so the file is
// in WAL mode before any reader attaches it.
func openSearch(ctx context.Context, path, pragmas, readerDSN string) (*sql.DB, driver.Connector, error) {
	write, err := sql.Open("sqlite", "file:"+path+"?"+pragmas+"&_txlock=immediate")
	if err != nil {
		return nil, nil, fmt.Errorf("open the sqlite search file: %w", err)
	}
	write.SetMaxOpenConns(1)
	write.SetMaxIdleConns(1)
	write.SetConnMaxLifetime(0)
	if err := write.PingContext(ctx); err != nil {
		write.Close()
		return nil, nil, fmt.Errorf("open the sqlite search file %s: %w", path, err)
	}
	base, err := sqlite.NewConnector(readerDSN)
	if err != nil {
		write.Close()
		return nil, nil, fmt.Errorf("open sqlite readers: %w", err)
	}
	return write, attaching{Connector: base, file: path}, nil
}

// attaching opens reader connections with the search file attached.
type attaching struct {
	driver.Connector
	file string
}

func (a attaching) Connect(ctx context.Context) (driver.Conn, error) {
	c, err := a.Connector.Connect(ctx)
	if err != nil {
		return nil, err
	}
	_, err = c.(driver.ExecerContext).ExecContext(ctx, "ATTACH DATABASE ? AS search", []driver.NamedValue{{Ordinal: 1, Value: a.file}})
	if err != nil {
		c.Close()
		return nil, fmt.Errorf("attach the search file %s: %w", a.file, err)
	}
	return c, nil
}

// WriteSearch runs fn in a write transaction on the search tables: on
// SQLite the search file's own writer (fn sees only that file), on
// PostgreSQL a transaction like Write's.
func (d *DB) WriteSearch(ctx context.Context, fn func(tx *Tx) error) error {
	if d.searchWrite == nil {
		return d.Write(ctx, fn)
	}
	return d.run(ctx, d.searchWrite, nil, nil, fn)
}
