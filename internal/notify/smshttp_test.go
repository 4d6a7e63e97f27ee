package notify

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/clock"
	"github.com/waybill/waybill/internal/errs"
)

// gateway is an httptest server speaking exactly the generic provider's wire
// format; the SMS vendor is a third party we cannot run here. answer writes
// the response after the request has been checked.
func gateway(t *testing.T, answer func(w http.ResponseWriter, r *http.Request)) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		if r.Method != http.MethodPost || r.URL.Path != "/v1/sms" ||
			r.Header.Get("Authorization") != "Bearer s3cret" ||
			r.Header.Get("Content-Type") != "application/json" {
			http.Error(w, `{"error":"bad request shape"}`, http.StatusTeapot)
			return
		}
		var body map[string]string
		if err := json.NewDecoder(r.Body).Decode(&body); err != nil || len(body) != 3 ||
			body["to"] == "" || body["text"] == "" || body["reference"] == "" ||
			r.Header.Get("Idempotency-Key") != body["reference"] {
			http.Error(w, `{"error":"bad body"}`, http.StatusTeapot)
			return
		}
		answer(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv, &calls
}

func newProvider(t *testing.T, url string, clk clock.Clock) *HTTPSMSProvider {
	t.Helper()
	p, err := NewHTTPSMSProvider(HTTPSMSConfig{URL: url + "/v1/sms", Token: "s3cret", Timeout: 300 * time.Millisecond}, clk)
	require.NoError(t, err)
	return p
}

func TestHTTPSMS(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name       string
		answer     func(w http.ResponseWriter, r *http.Request)
		kind       errs.Kind // "" for success
		retryAfter time.Duration
		hinted     bool
	}{
		{name: "accepted", answer: func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(http.StatusAccepted)
			_, _ = w.Write([]byte(`{"id":"sms_123","status":"queued"}`))
		}},
		{name: "429 with Retry-After seconds", kind: errs.Unavailable, retryAfter: 7 * time.Second, hinted: true,
			answer: func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Retry-After", "7")
				http.Error(w, `{"error":"slow down"}`, http.StatusTooManyRequests)
			}},
		{name: "503 with Retry-After date", kind: errs.Unavailable, retryAfter: 90 * time.Second, hinted: true,
			answer: func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Retry-After", now.Add(90*time.Second).Format(http.TimeFormat))
				w.WriteHeader(http.StatusServiceUnavailable)
			}},
		{name: "500", kind: errs.Unavailable, answer: func(w http.ResponseWriter, r *http.Request) {
			http.Error(w, "boom", http.StatusInternalServerError)
		}},
		{name: "400 is permanent", kind: errs.Invalid, answer: func(w http.ResponseWriter, r *http.Request) {
			http.Error(w, `{"error":"number is a landline"}`, http.StatusBadRequest)
		}},
		{name: "401 is ours to fix, retried", kind: errs.Unavailable, answer: func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(http.StatusUnauthorized)
		}},
		{name: "2xx without an id", kind: errs.Unavailable, answer: func(w http.ResponseWriter, r *http.Request) {
			_, _ = w.Write([]byte(`{}`))
		}},
		{name: "timeout", kind: errs.Unavailable, answer: func(w http.ResponseWriter, r *http.Request) {
			select {
			case <-r.Context().Done():
			case <-time.After(5 * time.Second):
			}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv, calls := gateway(t, tc.answer)
			id, err := newProvider(t, srv.URL, clock.NewFixed(now)).
				SendSMS(t.Context(), "+8613812345678", "您的订单WB-1已确认", "job-1")
			require.EqualValues(t, 1, calls.Load())
			if tc.kind == "" {
				require.NoError(t, err)
				require.Equal(t, "sms_123", id)
				return
			}
			require.Empty(t, id)
			require.True(t, errs.Is(err, tc.kind), "want %s, got %v", tc.kind, err)
			after, hinted := RetryAfter(err)
			require.Equal(t, tc.hinted, hinted)
			require.Equal(t, tc.retryAfter, after)
		})
	}
}

func TestHTTPSMSRefusesBadInput(t *testing.T) {
	t.Parallel()
	srv, calls := gateway(t, func(w http.ResponseWriter, r *http.Request) { _, _ = w.Write([]byte(`{"id":"x"}`)) })
	p := newProvider(t, srv.URL, clock.Real{})
	for _, tc := range []struct{ to, text, key, field string }{
		{"13812345678", "hi", "k", "to"},
		{"+0123456789", "hi", "k", "to"},
		{"+86 138 1234 5678", "hi", "k", "to"},
		{"+8613812345678", " ", "k", "text"},
		{"+8613812345678", "hi", "", "idempotency_key"},
	} {
		_, err := p.SendSMS(t.Context(), tc.to, tc.text, tc.key)
		require.True(t, errs.Is(err, errs.Invalid), "%+v: %v", tc, err)
		require.Equal(t, tc.field, errs.FieldsOf(err)[0].Path)
	}
	require.Zero(t, calls.Load(), "nothing is sent for input no gateway would take")

	for _, cfg := range []HTTPSMSConfig{
		{URL: "", Token: "t"}, {URL: "ftp://x/y", Token: "t"}, {URL: "/v1/sms", Token: "t"},
		{URL: "https://sms.example/v1", Token: ""}, {URL: "https://sms.example/v1", Token: "t", Timeout: -1},
	} {
		_, err := NewHTTPSMSProvider(cfg, clock.Real{})
		require.True(t, errs.Is(err, errs.Invalid), "%+v", cfg)
	}
}

func TestRetryAfterParsing(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	base := unavailable(nil, "x")
	for v, want := range map[string]time.Duration{
		"0":          0,
		"120":        2 * time.Minute,
		"9999999999": 24 * time.Hour, // capped
		now.Add(-time.Minute).Format(http.TimeFormat): 0,
		now.Add(time.Hour).Format(http.TimeFormat):    time.Hour,
	} {
		err := withRetryAfter(base, http.Header{"Retry-After": {v}}, now)
		got, ok := RetryAfter(err)
		require.True(t, ok, v)
		require.Equal(t, want, got, v)
		require.True(t, errs.Is(err, errs.Unavailable))
	}
	for _, v := range []string{"", "soon", "-5"} {
		_, ok := RetryAfter(withRetryAfter(base, http.Header{"Retry-After": {v}}, now))
		require.False(t, ok, v)
	}
}
