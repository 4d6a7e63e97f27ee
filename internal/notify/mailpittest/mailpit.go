// Package mailpittest runs a real SMTP sink, mailpit, for tests: the e-mail
// senders are tested against it, and so is the order confirmation end to end.
// Like net/http/httptest it is test support, imported only by tests.
package mailpittest

import (
	"bytes"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

const mailpitInstall = "go install github.com/axllent/mailpit@v1.27.11"

// mailpit is a real SMTP sink running as a subprocess of one test, with its
// HTTP API for reading back what arrived.
type Server struct {
	Host     string
	SMTPPort int
	API      string // base URL, "http://127.0.0.1:port"
}

// mailpitBinary finds mailpit on PATH, in GOBIN or in GOPATH/bin. Without it
// the test is skipped on a workstation and fails on CI, where it must run.
func mailpitBinary(t testing.TB) string {
	t.Helper()
	if p, err := exec.LookPath("mailpit"); err == nil {
		return p
	}
	var dirs []string
	if out, err := exec.Command("go", "env", "GOBIN", "GOPATH").Output(); err == nil {
		lines := strings.Split(strings.TrimSpace(string(out)), "\n")
		if len(lines) > 0 && strings.TrimSpace(lines[0]) != "" {
			dirs = append(dirs, strings.TrimSpace(lines[0]))
		}
		if len(lines) > 1 {
			for _, gp := range filepath.SplitList(strings.TrimSpace(lines[1])) {
				dirs = append(dirs, filepath.Join(gp, "bin"))
			}
		}
	}
	for _, d := range dirs {
		p := filepath.Join(d, "mailpit")
		if fi, err := os.Stat(p); err == nil && !fi.IsDir() {
			return p
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatal("mailpit not installed: " + mailpitInstall)
	}
	t.Skip("mailpit not installed: " + mailpitInstall)
	return ""
}

// startMailpit runs mailpit on free loopback ports with its database in the
// test's temporary directory, waits until both SMTP and the API answer, and
// stops it when the test ends. Extra flags configure TLS, chaos and so on.
func Start(t testing.TB, flags ...string) *Server {
	t.Helper()
	bin := mailpitBinary(t)
	var lastErr error
	for range 3 { // a free port can be taken between probe and bind; try again
		mp, err := runMailpit(t, bin, flags)
		if err == nil {
			return mp
		}
		lastErr = err
	}
	t.Fatalf("start mailpit: %v", lastErr)
	return nil
}

func runMailpit(t testing.TB, bin string, flags []string) (*Server, error) {
	smtpPort, apiPort := FreePort(t), FreePort(t)
	args := append([]string{
		"--smtp", fmt.Sprintf("127.0.0.1:%d", smtpPort),
		"--listen", fmt.Sprintf("127.0.0.1:%d", apiPort),
		"--database", filepath.Join(t.TempDir(), "mailpit.db"),
		"--disable-version-check", "--smtp-disable-rdns",
	}, flags...)
	cmd := exec.Command(bin, args...)
	var logs syncBuffer
	cmd.Stdout, cmd.Stderr = &logs, &logs
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	exited := make(chan struct{})
	go func() { _ = cmd.Wait(); close(exited) }()
	stop := func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-exited:
		case <-time.After(5 * time.Second):
			_ = cmd.Process.Kill()
			<-exited
		}
	}
	mp := &Server{Host: "127.0.0.1", SMTPPort: smtpPort, API: fmt.Sprintf("http://127.0.0.1:%d", apiPort)}
	deadline := time.Now().Add(20 * time.Second)
	for {
		select {
		case <-exited:
			return nil, fmt.Errorf("mailpit exited early:\n%s", logs.String())
		default:
		}
		if mp.ready() {
			t.Cleanup(func() {
				stop()
				if t.Failed() {
					t.Logf("mailpit log:\n%s", logs.String())
				}
			})
			return mp, nil
		}
		if time.Now().After(deadline) {
			stop()
			return nil, fmt.Errorf("mailpit not ready after 20s:\n%s", logs.String())
		}
		time.Sleep(25 * time.Millisecond)
	}
}

func (mp *Server) ready() bool {
	resp, err := http.Get(mp.API + "/readyz")
	if err != nil {
		return false
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return false
	}
	c, err := net.DialTimeout("tcp", fmt.Sprintf("%s:%d", mp.Host, mp.SMTPPort), time.Second)
	if err != nil {
		return false
	}
	return c.Close() == nil
}

// FreePort returns a loopback TCP port that was free a moment ago.
func FreePort(t testing.TB) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// syncBuffer collects the subprocess's output from two pipes at once.
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
