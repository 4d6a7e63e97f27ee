package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/db"
)

// buildWaybill compiles this command once per test binary, into a folder
// TestMain removes. The crash test must SIGKILL a real process: the
// in-process Main would die with the test.
func buildWaybill(t *testing.T) string {
	t.Helper()
	bin, err := builtWaybill()
	require.NoError(t, err, "go build")
	return bin
}

// builtDir holds the binary builtWaybill compiled, if any.
var builtDir string

// builtWaybill runs go build the first time it is called and hands the
// same binary (or the same failure) to every later caller: the tests that
// need one share it rather than each linking its own.
var builtWaybill = sync.OnceValues(func() (string, error) {
	dir, err := os.MkdirTemp("", "waybill-test-bin-")
	if err != nil {
		return "", err
	}
	builtDir = dir
	bin := filepath.Join(dir, "waybill")
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	out, err := exec.CommandContext(ctx, "go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("%w:\n%s", err, out)
	}
	return bin, nil
})

// server is `waybill serve` running as a child process.
type serverProcess struct {
	cmd    *exec.Cmd
	base   string
	output *syncBuffer
	exited chan struct{}
	err    error // how the process ended; set before exited is closed
}

// startServer runs `waybill serve` on dbURL (with the global flags given)
// and returns once /readyz
// answers. It fails the test at once if the process exits first, and after
// 30 s if it never gets ready.
func startServer(t *testing.T, bin, dbURL string, flags ...string) *serverProcess {
	t.Helper()
	addr := freeAddr(t)
	s := &serverProcess{base: "http://" + addr, output: &syncBuffer{}, exited: make(chan struct{})}
	args := append([]string{"--db", dbURL, "--log-level", "warn"}, flags...)
	s.cmd = exec.Command(bin, append(args, "serve", "--addr", addr)...)
	s.cmd.Stdout, s.cmd.Stderr = s.output, s.output
	s.cmd.WaitDelay = 5 * time.Second
	require.NoError(t, s.cmd.Start())
	go func() { s.err = s.cmd.Wait(); close(s.exited) }()
	t.Cleanup(s.kill) // no server outlives its test, however the test ends

	probe := &http.Client{Timeout: time.Second}
	deadline := time.Now().Add(30 * time.Second)
	for {
		if resp, err := probe.Get(s.base + "/readyz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return s
			}
		}
		select {
		case <-s.exited:
			t.Fatalf("waybill serve exited before it was ready: %v\n%s", s.err, s.output)
		case <-time.After(20 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("waybill serve not ready at %s within 30s\n%s", s.base, s.output)
		}
	}
}

// kill sends SIGKILL and waits until the process is gone: no shutdown hook
// runs, no queue drains, nothing is flushed.
func (s *serverProcess) kill() {
	_ = s.cmd.Process.Signal(syscall.SIGKILL)
	<-s.exited
}

// stop shuts the server down gracefully, which must succeed.
func (s *serverProcess) stop(t *testing.T) {
	t.Helper()
	require.NoError(t, s.cmd.Process.Signal(syscall.SIGTERM))
	select {
	case <-s.exited:
		require.NoError(t, s.err, "graceful shutdown\n%s", s.output)
	case <-time.After(30 * time.Second):
		t.Fatalf("waybill serve did not stop within 30s of SIGTERM\n%s", s.output)
	}
}

// freeAddr finds a loopback port nobody listens on.
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer ln.Close()
	return ln.Addr().String()
}

// answer is what one request got back, or err when the connection broke
// before a whole response arrived.
type answer struct {
	status   int
	replayed bool
	body     []byte
	err      error
}

// shop calls the API with one key over its own connection pool; the timeout
// makes a hung server fail the test instead of hanging it.
type shopClient struct {
	base, key string
	hc        *http.Client
}

func newShop(base, key string) shopClient {
	return shopClient{base: base, key: key, hc: &http.Client{Timeout: 20 * time.Second,
		Transport: &http.Transport{MaxIdleConnsPerHost: crashWorkers}}}
}

// call sends body (nil for none) with an Idempotency-Key when idemKey is set.
func (s shopClient) call(method, path, idemKey string, body []byte) answer {
	req, err := http.NewRequest(method, s.base+path, bytes.NewReader(body))
	if err != nil {
		return answer{err: err}
	}
	req.Header.Set("Authorization", "Bearer "+s.key)
	req.Header.Set("Content-Type", "application/json")
	if idemKey != "" {
		req.Header.Set("Idempotency-Key", idemKey)
	}
	resp, err := s.hc.Do(req)
	if err != nil {
		return answer{err: err}
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		return answer{err: err}
	}
	return answer{status: resp.StatusCode, replayed: resp.Header.Get("Idempotent-Replayed") == "true", body: raw}
}

// send posts v as JSON and requires the wanted status.
func (s shopClient) send(t *testing.T, method, path string, v any, want int) {
	t.Helper()
	body, err := json.Marshal(v)
	require.NoError(t, err)
	a := s.call(method, path, "", body)
	require.NoError(t, a.err, "%s %s", method, path)
	require.Equal(t, want, a.status, "%s %s: %s", method, path, a.body)
}

// get decodes a 200 answer into out.
func (s shopClient) get(path string, out any) error {
	a := s.call(http.MethodGet, path, "", nil)
	switch {
	case a.err != nil:
		return a.err
	case a.status != http.StatusOK:
		return fmt.Errorf("GET %s: %d %s", path, a.status, a.body)
	}
	return json.Unmarshal(a.body, out)
}

// inParallel calls fn for 0..n-1 from crashWorkers goroutines.
func inParallel(n int, fn func(i int)) {
	next := make(chan int)
	var wg sync.WaitGroup
	for range crashWorkers {
		wg.Go(func() {
			for i := range next {
				fn(i)
			}
		})
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
}

// reconcileBinary runs `waybill reconcile` as its own process and requires exit 0.
func reconcileBinary(t *testing.T, bin, dbURL string) {
	t.Helper()
	out, err := exec.Command(bin, "--db", dbURL, "reconcile").CombinedOutput()
	require.NoError(t, err, "waybill reconcile:\n%s", out)
	require.Contains(t, string(out), "reconcile OK")
}

// orderID names the order in a 201 body, or quotes the start of another body.
func orderID(body []byte) string {
	var o struct{ ID string }
	if json.Unmarshal(body, &o) == nil && o.ID != "" {
		return "order " + o.ID
	}
	return fmt.Sprintf("%.200q", body)
}

// countRows counts orders and place-order idempotency keys straight from the database.
func countRows(t *testing.T, dbURL string) (orders, keys int) {
	t.Helper()
	ctx := context.Background()
	d, err := db.Open(ctx, dbURL, db.Options{})
	require.NoError(t, err)
	defer d.Close()
	require.NoError(t, d.Read(ctx, func(tx *db.Tx) error {
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM orders`).Scan(&orders); err != nil {
			return err
		}
		return tx.QueryRowContext(ctx, `SELECT count(*) FROM idempotency_keys WHERE operation = 'place-order' AND status_code = 201`).Scan(&keys)
	}))
	return orders, keys
}

// confirmed lists the orders whose confirmation e-mail job is in the
// database, queued or run, alone or in the batch the engine wrote it in.
func confirmed(t *testing.T, dbURL string) map[string]string {
	t.Helper()
	ctx := context.Background()
	d, err := db.Open(ctx, dbURL, db.Options{})
	require.NoError(t, err)
	defer d.Close()
	out := map[string]string{}
	add := func(key string) {
		if id, ok := strings.CutSuffix(key, ":confirmation"); ok {
			out[id] = ""
		}
	}
	require.NoError(t, d.Read(ctx, func(tx *db.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT kind, dedupe_key, payload FROM jobs WHERE kind IN ('notify.email', 'notify.email[]')`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var kind, key, payload string
			if err := rows.Scan(&kind, &key, &payload); err != nil {
				return err
			}
			if kind == "notify.email" {
				add(key)
				continue
			}
			var batch struct{ Items []struct{ Key string } }
			if err := json.Unmarshal([]byte(payload), &batch); err != nil {
				return err
			}
			for _, it := range batch.Items {
				add(it.Key)
			}
		}
		return rows.Err()
	}))
	return out
}

// missing lists the ids of a that b lacks, with their external refs.
func missing(a, b map[string]string) []string {
	var out []string
	for id, ref := range a {
		if _, ok := b[id]; !ok {
			out = append(out, id+" "+ref)
		}
	}
	slices.Sort(out)
	return out
}

// countIf counts the attempts f holds true for.
func countIf(as []*attempt, f func(*attempt) bool) (n int) {
	for _, a := range as {
		if f(a) {
			n++
		}
	}
	return n
}
