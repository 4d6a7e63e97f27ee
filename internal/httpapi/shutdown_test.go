package httpapi_test

import (
	"bytes"
	"context"
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
