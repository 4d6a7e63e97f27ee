package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/actor"
)

// The demo tests are not parallel, unlike the rest of the package: two set
// TMPDIR, and the others load the demo's data under a 60 s deadline, which
// a busy machine under the race detector misses when they share it with
// the benchmarks. Serial tests run before the parallel ones, alone.
// Under -short the three that only read a demo share one (demoToRead);
// they come next to each other, so the shared demo (and its order stream)
// has stopped before the other demos load.

// A demo whose port is taken fails at once, naming the address, before it
// loads anything or prints a key nobody could use.
func TestDemoPortInUse(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer ln.Close()
	t.Setenv("TMPDIR", t.TempDir())

	out, err := runCmd(t, "demo", "--addr", ln.Addr().String())
	require.ErrorContains(t, err, "cannot listen on "+ln.Addr().String())
	require.NotContains(t, out, "wb_", "no key is printed")
	require.NotContains(t, out, "Loaded", "nothing is loaded")
	left, _ := os.ReadDir(os.Getenv("TMPDIR"))
	require.Empty(t, left, "no demo folder is left behind")
}

// The demo's printed example places a prepaid order and pays it: run as
// printed in a shell (curl and the built binary), the order ends up paid.
func TestDemoPaymentExampleWorks(t *testing.T) {
	if _, err := exec.LookPath("curl"); err != nil {
		msg := "the printed example uses curl, which is not on PATH: install Debian's curl (.ci/run does)"
		if os.Getenv("CI") != "" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	bin := buildWaybill(t)
	demo, _ := demoToRead(t, "--log-level", "warn", "demo", "--addr", "127.0.0.1:0")
	out := demo.stdout.String()
	require.Contains(t, out, "http://"+strings.TrimPrefix(demo.base, "http://")+"/docs", "the real address is printed")

	var script []string
	inPay := false
	for _, line := range strings.Split(out, "\n") {
		switch {
		case strings.HasPrefix(line, "  export WAYBILL_KEY="):
			script = append(script, line)
		case strings.HasPrefix(line, "Pay a prepaid order"):
			inPay = true
		case inPay && strings.HasPrefix(line, "  "):
			script = append(script, strings.ReplaceAll(line, "go run ./cmd/waybill", bin))
		case inPay && strings.HasPrefix(line, "Then"):
			inPay = false
		}
	}
	require.GreaterOrEqual(t, len(script), 4, "the example is printed:\n%s", out)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	sh := exec.CommandContext(ctx, "sh", "-e", "-c", strings.Join(script, "\n"))
	sh.Env = append(os.Environ(), "WAYBILL_KEY=", "WAYBILL_GATEWAY_SECRET=")
	got, err := sh.CombinedOutput()
	require.NoError(t, err, "the example as printed:\n%s\n\nits output:\n%s", strings.Join(script, "\n"), got)
	require.Contains(t, string(got), `"applied":true`, "%s", got)

	orderID := between(string(got), `"order_id":"`, `"`)
	require.NotEmpty(t, orderID, "%s", got)
	key := strings.TrimPrefix(script[0], "  export WAYBILL_KEY=")
	o := client{t: t, base: demo.base, key: key}.expect(http.MethodGet, "/v1/orders/"+orderID, nil, http.StatusOK)
	require.Equal(t, "paid", o["payment_status"])
	require.Equal(t, "confirmed", o["status"])
}

// The first README command: the demo loads a realistic catalogue, three or
// more warehouses and stock, prints a working admin key, and its ledger
// reconciles.
func TestDemo(t *testing.T) {
	dir := t.TempDir()
	srv, shared := demoToRead(t, "demo", "--dir", dir, "--addr", "127.0.0.1:0")
	if shared != "" {
		dir = shared
	}
	out := srv.stdout.String()
	lines := strings.Split(strings.TrimSpace(out), "\n")
	admin := client{t: t, base: srv.base, key: lines[len(lines)-1]}

	status, page := admin.do("GET", "/v1/products?limit=500", nil)
	require.Equal(t, http.StatusOK, status)
	require.GreaterOrEqual(t, len(page["items"].([]any)), 200)
	status, page = admin.do("GET", "/v1/warehouses", nil)
	require.Equal(t, http.StatusOK, status)
	countries := map[string]bool{}
	for _, w := range page["items"].([]any) {
		countries[w.(map[string]any)["address"].(map[string]any)["country"].(string)] = true
	}
	require.GreaterOrEqual(t, len(countries), 3, "warehouses in different regions")
	status, page = admin.do("GET", "/v1/stock/balances?limit=10", nil)
	require.Equal(t, http.StatusOK, status)
	require.NotEmpty(t, page["items"])

	files, _ := filepath.Glob(filepath.Join(dir, "*.db"))
	require.Len(t, files, 1)
	rec, err := runCmd(t, "--db", "sqlite:"+files[0], "reconcile")
	require.NoError(t, err)
	require.Contains(t, rec, "reconcile OK")
}

// The demo prints the console's address and a sign-in for every role that
// works.
func TestDemoPrintsConsoleSignIns(t *testing.T) {
	demo, _ := demoToRead(t, "--log-level", "warn", "demo", "--addr", "127.0.0.1:0")
	out := demo.stdout.String()
	require.Contains(t, out, "The console (for people) is at "+demo.base+"/")
	m := regexp.MustCompile(`(?m)^  warehouse\s+(\S+)\s+password (\S+)$`).FindStringSubmatch(out)
	require.NotNil(t, m, out)
	for _, role := range []string{"admin", "integration", "customer_service", "finance"} {
		require.Regexp(t, `(?m)^  `+role+`\s+\S+@demo\.example\.com\s+password \S+$`, out)
	}
	jar, err := cookiejar.New(nil)
	require.NoError(t, err)
	res, err := (&http.Client{Jar: jar}).PostForm(demo.base+"/signin", url.Values{"email": {m[1]}, "password": {m[2]}})
	require.NoError(t, err)
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	require.Equal(t, http.StatusOK, res.StatusCode)
	require.Contains(t, string(b), "Signed in as warehouse (warehouse)")
}

// between returns the text of s after the first before and up to after.
func between(s, before, after string) string {
	_, rest, ok := strings.Cut(s, before)
	if !ok {
		return ""
	}
	v, _, _ := strings.Cut(rest, after)
	return v
}

// --dir names a folder that does not exist yet: the demo creates it and
// keeps it; a file given as --dir is refused by name.
func TestDemoDir(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "new", "demo")
	demo := start(t, "--log-level", "warn", "demo", "--addr", "127.0.0.1:0", "--dir", dir)
	require.NoError(t, demo.shutdown(t))
	files, err := filepath.Glob(filepath.Join(dir, "waybill-demo-*.db"))
	require.NoError(t, err)
	require.Len(t, files, 1, "the database stays in --dir")

	file := filepath.Join(t.TempDir(), "plain-file")
	require.NoError(t, os.WriteFile(file, nil, 0o600))
	_, err = runCmd(t, "demo", "--addr", "127.0.0.1:0", "--dir", file)
	require.ErrorContains(t, err, "--dir "+file+" is a file, not a folder")
}

// A demo in a temporary folder removes it when it stops, unless --keep.
func TestDemoRemovesTemporaryFolder(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	demo := start(t, "--log-level", "warn", "demo", "--addr", "127.0.0.1:0")
	left, _ := os.ReadDir(tmp)
	require.Len(t, left, 1, "the demo works in a temporary folder")
	require.NoError(t, demo.shutdown(t))
	left, _ = os.ReadDir(tmp)
	require.Empty(t, left, "the temporary folder is removed on exit")

	demo = start(t, "--log-level", "warn", "demo", "--addr", "127.0.0.1:0", "--keep")
	require.NoError(t, demo.shutdown(t))
	left, _ = os.ReadDir(tmp)
	require.Len(t, left, 1, "--keep keeps it")
}

// `apikey create --help` lists every role, from actor.Roles.
func TestApikeyHelpListsRoles(t *testing.T) {
	var stdout, stderr strings.Builder
	err := (&Main{Stdout: &stdout, Stderr: &stderr}).Run(context.Background(), []string{"apikey", "create", "--help"})
	require.NoError(t, err)
	for _, role := range actor.Roles {
		require.Contains(t, stdout.String(), string(role), "the help lists role %s:\n%s", role, stdout.String())
	}
}

// The demo's stream places orders by itself through the public API: a burst
// at start, then more at its pace, with the promised mix in every block of
// 20 (seed 1): 8 of the first 40 cash on delivery, 28 prepaid and paid
// through the gateway, 4 prepaid left unpaid, an order held for review by
// the risk rules with its task, an order with a line of a scarce product
// under its shortage policy; and the supplier restocks what sold.
func TestDemoStreamsOrders(t *testing.T) {
	demo := start(t, "--log-level", "warn", "demo", "--addr", "127.0.0.1:0", "--order-every", "150ms",
		"--baskets", filepath.Join(t.TempDir(), "absent"))
	out := demo.stdout.String()
	require.Contains(t, out, "Orders arrive by themselves")
	require.Contains(t, out, "--quiet turns the stream off")
	require.Contains(t, out, "built-in basket shapes")
	admin := client{t: t, base: demo.base, key: between(out, "Admin API key (shown once):\n", "\n")}

	first := map[string]map[string]any{} // the first 40 orders, by external reference
	require.Eventually(t, func() bool {
		for _, o := range listOrders(admin) {
			ref, _ := o["external_ref"].(string)
			var n int
			if _, err := fmt.Sscanf(ref, "WEB-1-%06d", &n); err == nil && n <= 40 {
				first[ref] = o
			}
		}
		paid := 0
		for _, o := range first {
			if o["payment_status"] == "paid" {
				paid++
			}
		}
		return len(first) == 40 && paid == 28
	}, 60*time.Second, 500*time.Millisecond, "40 orders arrive and 28 of them are paid: %d arrived", len(first))

	count := map[string]int{}
	var held, short []map[string]any
	for _, o := range first {
		require.Equal(t, "web", o["channel"])
		count[o["payment_method"].(string)+"/"+o["payment_status"].(string)]++
		if o["status"] == "on_hold" && strings.Contains(fmt.Sprint(o["hold_reason"]), "risk score") {
			held = append(held, o)
		}
		for _, l := range admin.expect("GET", "/v1/orders/"+o["id"].(string), nil, http.StatusOK)["lines"].([]any) {
			if l.(map[string]any)["short_policy"] != nil {
				short = append(short, o)
			}
		}
	}
	require.Equal(t, 8, count["cod/cod_pending"], "%v", count)
	require.Equal(t, 4, count["prepaid/awaiting_payment"], "%v", count)
	require.Equal(t, 28, count["prepaid/paid"], "%v", count)
	require.NotEmpty(t, held, "an order is held by the risk rules")
	tasks := admin.expect("GET", "/v1/review-tasks?order_id="+held[0]["id"].(string), nil, http.StatusOK)["items"].([]any)
	require.NotEmpty(t, tasks, "the held order has a review task")
	require.NotEmpty(t, short, "an order has a line of a scarce product under its shortage policy")

	require.Eventually(t, func() bool {
		for _, e := range listAll(admin, "/v1/stock/entries?warehouse=US-EWR1&limit=100") {
			if strings.HasPrefix(fmt.Sprint(e["reference"]), "DEMO-PO-") {
				return true
			}
		}
		return false
	}, 30*time.Second, 500*time.Millisecond, "the supplier restocks what sold")
}

// With --quiet no order arrives by itself, and the demo says so.
func TestDemoQuiet(t *testing.T) {
	demo := start(t, "--log-level", "warn", "demo", "--addr", "127.0.0.1:0", "--quiet", "--order-every", "50ms", "--auto-waves")
	out := demo.stdout.String()
	require.Contains(t, out, "No orders arrive by themselves (--quiet)")
	require.NotContains(t, out, "Orders arrive by themselves")
	admin := client{t: t, base: demo.base, key: between(out, "Admin API key (shown once):\n", "\n")}
	time.Sleep(2 * time.Second)
	require.Empty(t, listOrders(admin), "no order arrives")
	// --auto-waves: every warehouse releases waves by itself.
	rules := admin.expect("GET", "/v1/warehouses/US-EWR1/wave-rules", nil, 200)
	require.Equal(t, true, rules["auto"])
	require.EqualValues(t, 1, rules["every_minutes"])
}

// listOrders reads every order through the API.
func listOrders(c client) []map[string]any { return listAll(c, "/v1/orders?limit=100") }

// listAll reads every page of a list operation.
func listAll(c client, path string) []map[string]any {
	var all []map[string]any
	cursor := ""
	for {
		page := c.expect("GET", path+"&cursor="+cursor, nil, http.StatusOK)
		for _, o := range page["items"].([]any) {
			all = append(all, o.(map[string]any))
		}
		next, _ := page["next_cursor"].(string)
		if next == "" {
			return all
		}
		cursor = next
	}
}

// sharedDemoTests are the tests that only read a demo with the default
// flags: its printed text, its data, a sign-in, an order of their own
// that nothing else counts. Under -short (the race leg) they share one.
var sharedDemoTests = []string{"TestDemo", "TestDemoPaymentExampleWorks", "TestDemoPrintsConsoleSignIns"}

// sharedDemoArgs start the shared demo: the default flags, a --dir for
// TestDemo's reconcile, warnings only.
var sharedDemoArgs = []string{"--log-level", "warn", "demo", "--addr", "127.0.0.1:0", "--dir"}

var sharedDemo struct {
	mu       sync.Mutex
	demo     *running
	dir      string
	finished map[string]bool // sharedDemoTests that are done with it
}

// demoToRead returns a demo for one of sharedDemoTests and the folder of
// its database when it is shared. In the full leg it is the test's own,
// start(t, args...), and dir is "". Under -short (the race leg) the tests
// share one demo, started by the first with sharedDemoArgs and stopped by
// the last, whose cleanup requires the graceful shutdown start's cleanup
// requires (or TestMain, when -run leaves some of them out): each start
// loads the whole demo data, ~15 s under the race detector, and what
// each checks holds for any fresh demo with the default flags.
func demoToRead(t *testing.T, args ...string) (demo *running, dir string) {
	t.Helper()
	require.Contains(t, sharedDemoTests, t.Name(), "a test that shares the demo is listed in sharedDemoTests")
	if !testing.Short() {
		return start(t, args...), ""
	}
	sharedDemo.mu.Lock()
	defer sharedDemo.mu.Unlock()
	if sharedDemo.demo == nil {
		dir, err := os.MkdirTemp("", "waybill-shared-demo-")
		require.NoError(t, err)
		sharedDemo.demo, err = launch(append(slices.Clone(sharedDemoArgs), dir)...)
		if err != nil {
			os.RemoveAll(dir)
			t.Fatal(err)
		}
		sharedDemo.dir, sharedDemo.finished = dir, map[string]bool{}
	}
	t.Cleanup(func() {
		sharedDemo.mu.Lock()
		sharedDemo.finished[t.Name()] = true
		last := len(sharedDemo.finished) == len(sharedDemoTests)
		sharedDemo.mu.Unlock()
		if last {
			require.NoError(t, stopSharedDemo(), "graceful shutdown")
		}
	})
	return sharedDemo.demo, sharedDemo.dir
}

// stopSharedDemo stops the shared demo, if one runs, removes its folder
// and returns how it ended.
func stopSharedDemo() error {
	sharedDemo.mu.Lock()
	defer sharedDemo.mu.Unlock()
	if sharedDemo.demo == nil {
		return nil
	}
	err := sharedDemo.demo.shutdown(nil)
	if err != nil {
		err = fmt.Errorf("%w; the log:\n%s", err, sharedDemo.demo.stderr.String())
	}
	os.RemoveAll(sharedDemo.dir)
	sharedDemo.demo, sharedDemo.dir, sharedDemo.finished = nil, "", nil
	return err
}
