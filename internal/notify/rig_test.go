package notify_test

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/clock"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/flowtest"
	"github.com/waybill/waybill/internal/job"
	"github.com/waybill/waybill/internal/notify"
	"github.com/waybill/waybill/internal/notify/smtptest"
	"github.com/waybill/waybill/internal/order"
)

// The customer every order of these tests belongs to (flowtest.Request),
// with the phone number as intake stores it.
const (
	email = "ada@example.com"
	phone = "+16502530000"
)

// smsCall is one request the SMS gateway received.
type smsCall struct{ To, Text, Reference string }

// smsGateway is the generic HTTP SMS provider's wire format on httptest;
// its answer gives the status and body of the n-th call (from 1), 200 when
// none is set.
type smsGateway struct {
	mu     sync.Mutex
	calls  []smsCall
	answer func(n int) (int, string)
}

func (g *smsGateway) Answer(f func(n int) (int, string)) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.answer = f
}

func (g *smsGateway) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	var c smsCall
	if err := json.NewDecoder(r.Body).Decode(&c); err != nil || r.Header.Get("Idempotency-Key") != c.Reference {
		http.Error(w, "bad request", http.StatusTeapot)
		return
	}
	g.mu.Lock()
	g.calls = append(g.calls, c)
	n, answer := len(g.calls), g.answer
	g.mu.Unlock()
	status, body := http.StatusOK, `{"id":"sms_1"}`
	if answer != nil {
		status, body = answer(n)
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write([]byte(body))
}

func (g *smsGateway) Calls() []smsCall {
	g.mu.Lock()
	defer g.mu.Unlock()
	return append([]smsCall(nil), g.calls...)
}

// notifyRig is the order flow with its messages going out through the real
// senders: SMTP to a test server, SMS to a test gateway, each job on a runner
// whose log the test reads. Failed attempts retry a minute later.
type notifyRig struct {
	*flowtest.USShop
	clk    *clock.Fixed
	runner *job.Runner
	logs   *bytes.Buffer
	smtp   *smtptest.Server
	sms    *smsGateway
}

func newNotifyRig(t *testing.T, d *db.DB, clk *clock.Fixed) *notifyRig {
	t.Helper()
	r := &notifyRig{USShop: flowtest.NewUSShop(t, d, clk, flowtest.Options{}), clk: clk, logs: &bytes.Buffer{},
		smtp: smtptest.Start(t), sms: &smsGateway{}}
	r.Receive(t, "WEST", r.SKUs[0], 10)
	gw := httptest.NewServer(r.sms)
	t.Cleanup(gw.Close)
	renderer, err := notify.NewRenderer()
	require.NoError(t, err)
	mail, err := notify.NewSMTPSender(notify.SMTPConfig{Host: r.smtp.Host, Port: r.smtp.Port, From: "shop@example.com",
		TLS: notify.TLSNone, Timeout: 5 * time.Second}, clk)
	require.NoError(t, err)
	sms, err := notify.NewHTTPSMSProvider(notify.HTTPSMSConfig{URL: gw.URL, Token: "t", Timeout: 5 * time.Second}, clk)
	require.NoError(t, err)
	log := slog.New(slog.NewJSONHandler(r.logs, nil))
	r.runner = job.New(d, clk, log, job.Config{Backoff: func(int) time.Duration { return time.Minute }})
	order.RegisterJobs(r.runner, r.Orders, notify.Messenger{Renderer: renderer, Email: mail, SMS: sms}, log)
	return r
}

// run runs the due message jobs, a minute later each round, until none is due.
func (r *notifyRig) run(t *testing.T) {
	t.Helper()
	for range 20 {
		n, err := r.runner.RunDue(context.Background())
		require.NoError(t, err)
		if n == 0 {
			return
		}
		r.clk.Advance(time.Minute)
	}
	t.Fatal("message jobs still due after 20 rounds")
}

// jobRow is a message job as stored.
type jobRow struct{ Kind, Key, State, LastError string }

func (r *notifyRig) jobs(t *testing.T) []jobRow {
	t.Helper()
	var out []jobRow
	require.NoError(t, r.DB.Read(context.Background(), func(tx *db.Tx) error {
		rows, err := tx.QueryContext(context.Background(), `SELECT kind, dedupe_key, state, last_error FROM jobs
			WHERE kind LIKE 'notify.%' OR kind IN ('order.confirmation', 'order.cancellation') ORDER BY kind, dedupe_key`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var j jobRow
			if err := rows.Scan(&j.Kind, &j.Key, &j.State, &j.LastError); err != nil {
				return err
			}
			out = append(out, j)
		}
		return rows.Err()
	}))
	return out
}

func must(t *testing.T, a job.Args, key string) job.Job {
	t.Helper()
	j, err := job.For(a, key)
	require.NoError(t, err)
	return j
}
