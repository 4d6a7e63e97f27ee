package httpapi_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/httpapi"
)

// A shutdown whose grace ends before a handler returns names that request
// in the log, so an operator (or a test) sees what held it up.
func TestShutdownNamesTheRequestsStillRunning(t *testing.T) {
	var logs syncBuffer
	called, release := make(chan struct{}), make(chan struct{})
	srv := httpapi.New(httpapi.Options{Auth: keys{}, Logger: slog.New(slog.NewTextHandler(&logs, nil)),
		Ready: func(context.Context) error { close(called); <-release; return nil }})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ctx, ln, 100*time.Millisecond) }()
	answered := make(chan struct{})
	go func() {
		defer close(answered)
		if resp, err := http.Get("http://" + ln.Addr().String() + "/readyz"); err == nil {
			resp.Body.Close()
		}
	}()
	<-called
	cancel()
	require.ErrorIs(t, <-served, context.DeadlineExceeded)
	require.Contains(t, logs.String(), `msg="still running when the shutdown grace ended" method=GET path=/readyz`)
	close(release)
	<-answered
}

// A connection that was opened and never carried a request (a browser's
// preconnect, a client transport's spare dial) does not hold up a graceful
// shutdown: net/http would wait up to 5 s for its first request, past a
// shorter grace (the demo's 5 s ended that way in its tests). Closing it
// loses nothing: nothing was sent on it.
func TestShutdownClosesConnectionsThatNeverSentARequest(t *testing.T) {
	srv := httpapi.New(httpapi.Options{Auth: keys{}, Logger: slog.New(slog.DiscardHandler)})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ctx, ln, 3*time.Second) }()
	before, err := net.Dial("tcp", ln.Addr().String()) // opened before the shutdown, silent
	require.NoError(t, err)
	defer before.Close()
	resp, err := http.Get("http://" + ln.Addr().String() + "/healthz") // a kept-alive one goes idle
	require.NoError(t, err)
	resp.Body.Close()
	time.Sleep(50 * time.Millisecond) // the server has accepted the silent one
	began := time.Now()
	cancel()
	select {
	case err := <-served:
		require.NoError(t, err)
	case <-time.After(2 * time.Second):
		t.Fatal("the shutdown waited for a connection that never sent a request")
	}
	require.Less(t, time.Since(began), time.Second)
	require.NoError(t, before.SetReadDeadline(time.Now().Add(time.Second)))
	_, err = before.Read(make([]byte, 1))
	require.ErrorIs(t, err, io.EOF, "the silent connection was closed")
}

// syncBuffer is a bytes.Buffer safe for a logger and a reader at once.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
