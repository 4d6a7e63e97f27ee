package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/db"
)

// TestMain runs the tests and removes the waybill binary they shared.
func TestMain(m *testing.M) {
	code := m.Run()
	if err := stopSharedDemo(); err != nil {
		fmt.Fprintln(os.Stderr, "the demo the -short tests shared:", err)
		code = 1
	}
	if builtDir != "" {
		os.RemoveAll(builtDir)
	}
	os.Exit(code)
}

// syncBuffer is a bytes.Buffer safe for a server goroutine and a test to share.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// running is a waybill process started by a test, with its output.
type running struct {
	base   string
	stdout *syncBuffer
	stderr *syncBuffer
	done   chan error
	stop   context.CancelFunc
	once   sync.Once
	err    error // how Run ended; set by shutdown
}

// shutdown stops the process as Ctrl-C would and returns how Run ended;
// it may be called more than once.
func (r *running) shutdown(t *testing.T) error {
	if t != nil { // nil for the shared demo's stop in TestMain
		t.Helper()
	}
	r.once.Do(func() {
		r.stop()
		select {
		case r.err = <-r.done:
		case <-time.After(30 * time.Second):
			r.err = errors.New("waybill did not stop within 30s")
		}
	})
	return r.err
}

// start runs `waybill args...` until it listens, and stops it at cleanup.
func start(t *testing.T, args ...string) *running {
	t.Helper()
	r, err := launch(args...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { require.NoError(t, r.shutdown(t), "graceful shutdown; the log:\n%s", r.stderr.String()) })
	return r
}

// launch runs `waybill args...` until it listens; unlike start it belongs
// to no test, so a process several tests share can outlive the first.
func launch(args ...string) (*running, error) {
	ctx, cancel := context.WithCancel(context.Background())
	r := &running{stdout: &syncBuffer{}, stderr: &syncBuffer{}, done: make(chan error, 1), stop: cancel}
	listening := make(chan string, 1)
	m := &Main{Stdout: r.stdout, Stderr: r.stderr, OnListen: func(addr string) { listening <- addr }}
	go func() { r.done <- m.Run(ctx, args) }()
	select {
	case addr := <-listening:
		r.base = "http://" + addr
		return r, nil
	case err := <-r.done:
		cancel()
		return nil, fmt.Errorf("waybill %v exited early: %v\n%s", args, err, r.stderr.String())
	case <-time.After(60 * time.Second):
		cancel()
		return nil, fmt.Errorf("waybill %v did not listen within 60s\n%s", args, r.stderr.String())
	}
}

// runCmd runs a short waybill command and returns its stdout.
func runCmd(t *testing.T, args ...string) (string, error) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	err := (&Main{Stdout: &stdout, Stderr: &stderr}).Run(context.Background(), args)
	if err != nil {
		t.Logf("waybill %v: %v\nstdout:\n%s\nstderr:\n%s", args, err, stdout.String(), stderr.String())
	}
	return stdout.String(), err
}

// createKey runs `waybill apikey create` and takes the key from the last line.
func createKey(t *testing.T, dbURL, role string) string {
	t.Helper()
	out, err := runCmd(t, "--db", dbURL, "apikey", "create", "--role", role, "--name", "test "+role)
	require.NoError(t, err)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	key := lines[len(lines)-1]
	require.True(t, strings.HasPrefix(key, "wb_"), "last line is the key: %q", out)
	return key
}

// client calls the API with one key.
type client struct {
	t    *testing.T
	base string
	key  string
}

// do sends body (nil, a string, or a value to marshal) and decodes the answer into a map.
func (c client) do(method, path string, body any) (int, map[string]any) {
	c.t.Helper()
	status, raw := c.raw(method, path, body, "application/json")
	var out map[string]any
	if len(raw) > 0 && (raw[0] == '{') {
		require.NoError(c.t, json.Unmarshal(raw, &out), "body: %s", raw)
	}
	return status, out
}

// expect sends like do and requires the answer's status to be want.
func (c client) expect(method, path string, body any, want int) map[string]any {
	c.t.Helper()
	status, out := c.do(method, path, body)
	require.Equal(c.t, want, status, "%s %s: %v", method, path, out)
	return out
}

// stockMug sets up the smallest shop that takes orders: a USD mug, the
// warehouse US-1 in Newark serving region, one bin and qty mugs in it.
func stockMug(admin client, region map[string]any, qty int) {
	admin.t.Helper()
	admin.expect("POST", "/v1/products", map[string]any{"sku": "MUG", "name": "Ceramic mug", "weight_g": 340, "length_mm": 120,
		"width_mm": 90, "height_mm": 95, "price_minor": 1499, "currency": "USD"}, http.StatusCreated)
	admin.expect("POST", "/v1/warehouses", map[string]any{"code": "US-1", "name": "Newark", "latitude": 40.7, "longitude": -74.1,
		"address":        map[string]any{"line1": "1 Dock St", "city": "Newark", "region": "NJ", "postal_code": "07105", "country": "US"},
		"regions_served": []map[string]any{region}, "cutoff_time": "16:00", "timezone": "America/New_York"}, http.StatusCreated)
	admin.expect("POST", "/v1/warehouses/US-1/bins", map[string]any{"bins": []map[string]any{{"code": "A-01-01-1", "x": 1, "y": 1}}}, http.StatusCreated)
	admin.expect("POST", "/v1/stock/receipts", map[string]any{"warehouse": "US-1", "bin": "A-01-01-1", "sku": "MUG", "quantity": qty, "reference": "PO"}, http.StatusCreated)
}

func (c client) raw(method, path string, body any, contentType string) (int, []byte) {
	c.t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	default:
		buf, err := json.Marshal(b)
		require.NoError(c.t, err)
		rd = bytes.NewReader(buf)
	}
	req, err := http.NewRequest(method, c.base+path, rd)
	require.NoError(c.t, err)
	if rd != nil {
		req.Header.Set("Content-Type", contentType)
	}
	if c.key != "" {
		req.Header.Set("Authorization", "Bearer "+c.key)
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(c.t, err)
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	require.NoError(c.t, err)
	return resp.StatusCode, raw
}

// migrated readies dbURL, a new database's, for a test whose subject is
// not the migrations. Under -short (the race leg) a SQLite file starts as
// a copy of one migrated once for the test binary, as dbtest.SQLite's
// do: a migration from nothing costs ~2.5 s of CPU under the race
// detector, and a dozen tests each paid it in their first command. The
// full leg, PostgreSQL and TestServeEndToEnd (the migrate command) still
// migrate from nothing.
func migrated(t *testing.T, dbURL string) string {
	t.Helper()
	file, ok := strings.CutPrefix(dbURL, "sqlite:")
	if !testing.Short() || !ok {
		return dbURL
	}
	b, err := migratedSQLite()
	require.NoError(t, err, "the migrated SQLite database the tests copy")
	require.NoError(t, os.WriteFile(file, b, 0o600))
	return dbURL
}

// migratedSQLite returns the bytes of a migrated, empty SQLite database,
// made once per test binary: migrated in a scratch folder, then written
// out whole by VACUUM INTO (one file, no WAL beside it).
var migratedSQLite = sync.OnceValues(func() ([]byte, error) {
	dir, err := os.MkdirTemp("", "waybill-test-migrated-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	ctx := context.Background()
	built := filepath.Join(dir, "built.db")
	d, err := db.Open(ctx, "sqlite:"+built, db.Options{})
	if err != nil {
		return nil, err
	}
	_, err = d.Migrate(ctx)
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return nil, err
	}
	raw, err := sql.Open("sqlite", "file:"+built)
	if err != nil {
		return nil, err
	}
	defer raw.Close()
	whole := filepath.Join(dir, "whole.db")
	if _, err := raw.ExecContext(ctx, "VACUUM INTO ?", whole); err != nil {
		return nil, err
	}
	return os.ReadFile(whole)
})
