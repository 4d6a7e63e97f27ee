package dbtest

import (
	"context"
	"database/sql"
	"os"
	"testing"
)

// pgState sums up what a test could see of a schema's data: every table's
// rows (as JSON, in a fixed order) and every sequence's position.
func pgState(t *testing.T, dbURL string) string {
	t.Helper()
	conn, err := sql.Open("pgx", dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	ctx := context.Background()
	var state string
	err = conn.QueryRowContext(ctx, `SELECT string_agg(quote_ident(tablename), ',' ORDER BY tablename) FROM pg_tables WHERE schemaname = current_schema()`).Scan(&state)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := conn.QueryContext(ctx, `SELECT quote_ident(tablename) FROM pg_tables WHERE schemaname = current_schema() ORDER BY 1`)
	if err != nil {
		t.Fatal(err)
	}
	var tables []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			t.Fatal(err)
		}
		tables = append(tables, name)
	}
	rows.Close()
	for _, table := range tables {
		var rowsJSON sql.NullString
		q := "SELECT string_agg(j::text, E'\\n' ORDER BY j::text) FROM (SELECT to_jsonb(x) AS j FROM " + table + " x) r"
		if err := conn.QueryRowContext(ctx, q).Scan(&rowsJSON); err != nil {
			t.Fatal(err)
		}
		state += "\n" + table + ": " + rowsJSON.String
	}
	seqs, err := conn.QueryContext(ctx, `SELECT sequencename || ':' || coalesce(last_value::text, 'unused') FROM pg_sequences WHERE schemaname = current_schema() ORDER BY 1`)
	if err != nil {
		t.Fatal(err)
	}
	defer seqs.Close()
	for seqs.Next() {
		var s string
		if err := seqs.Scan(&s); err != nil {
			t.Fatal(err)
		}
		state += "\n" + s
	}
	return state
}

// A schema handed to a second test is the first one emptied back to the
// state its migration left, data and sequences alike; one whose objects a
// test changed is dropped, not handed on.
func TestPostgresSchemaReusedAsMigrated(t *testing.T) {
	if os.Getenv(PostgresEnv) == "" {
		t.Skipf("%s is unset", PostgresEnv)
	}
	var name, migrated string
	t.Run("dirty", func(t *testing.T) {
		_, dbURL, s := pooledPostgres(t, Options{})
		name, migrated = s.name, pgState(t, dbURL)
		conn, err := sql.Open("pgx", dbURL)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		for _, stmt := range []string{
			`INSERT INTO api_keys (id, name, role, secret_hash, created_at) VALUES ('k1', 'n', 'admin', 'h', now())`,
			`INSERT INTO audit_log (id, at, actor, actor_name, role, remote_addr, request_id, action, entity, entity_id, detail)
			 VALUES ('a1', now(), 'x', 'x', 'admin', '', '', 'x', 'x', 'x', '{}')`,
			`UPDATE settings SET payment_window_seconds = payment_window_seconds + 1`,
			`DELETE FROM risk_settings`,
			`INSERT INTO goose_db_version (version_id, is_applied) VALUES (9999, true)`,
			`SELECT nextval('order_number_blocks'), nextval('order_event_batches_seq')`,
		} {
			if _, err := conn.Exec(stmt); err != nil {
				t.Fatalf("%s: %v", stmt, err)
			}
		}
		if pgState(t, dbURL) == migrated {
			t.Fatal("the writes changed nothing")
		}
	})
	t.Run("reused", func(t *testing.T) {
		_, dbURL, s := pooledPostgres(t, Options{})
		if s.name != name {
			t.Fatalf("got schema %s, want %s back from the pool", s.name, name)
		}
		if got := pgState(t, dbURL); got != migrated {
			t.Fatalf("reused schema is not as migrated:\n got %s\nwant %s", got, migrated)
		}
		conn, err := sql.Open("pgx", dbURL)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		if _, err := conn.Exec(`CREATE TABLE extra (id int)`); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("changed schema not reused", func(t *testing.T) {
		if _, _, s := pooledPostgres(t, Options{}); s.name == name {
			t.Fatalf("schema %s, changed by the last test, was handed out again", name)
		}
	})
}
