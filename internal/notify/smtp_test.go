package notify

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/notify/mailpittest"

	"github.com/waybill/waybill/internal/clock"
	"github.com/waybill/waybill/internal/errs"
)

var sentAt = time.Date(2026, 2, 27, 9, 30, 0, 0, time.UTC)

func newSender(t *testing.T, mp *mailpit, mode TLSMode, edit ...func(*SMTPConfig)) *SMTPSender {
	t.Helper()
	cfg := SMTPConfig{
		Host: mp.Host, Port: mp.SMTPPort, TLS: mode, Timeout: 5 * time.Second,
		From: "Waybill Shop <orders@shop.example>",
	}
	for _, e := range edit {
		e(&cfg)
	}
	s, err := NewSMTPSender(cfg, clock.NewFixed(sentAt))
	require.NoError(t, err)
	return s
}

// TestSMTPDelivers sends real confirmations to mailpit and reads them back:
// headers, both parts, the Chinese text and the escaping of a hostile name.
func TestSMTPDelivers(t *testing.T) {
	t.Parallel()
	mp := startMailpit(t)
	s := newSender(t, mp, TLSNone)
	r := newTestRenderer(t)

	for _, tc := range []struct {
		locale, subject, textWant string
	}{
		{"en-GB", "Your order WB-260302-0042 is confirmed", "Estimated ship date: Monday, 2 March 2026"},
		{"zh-CN", "您的订单 WB-260302-0042 已确认", "预计发货日期：2026年3月2日（星期一）"},
	} {
		t.Run(tc.locale, func(t *testing.T) {
			c := sample(tc.locale)
			c.CustomerName = `<script>alert("x")</script> 李伟`
			out, err := r.Render(c)
			require.NoError(t, err)
			key := "order-confirmation:" + tc.locale
			require.NoError(t, s.Send(t.Context(), c.Email, out, key))

			m := mp.WaitFor(t, s.MessageID(key), 1)[0]
			require.Equal(t, tc.subject, m.Subject)
			require.Equal(t, []mailpittest.Address{{Address: c.Email}}, m.To)
			require.Equal(t, mailpittest.Address{Name: "Waybill Shop", Address: "orders@shop.example"}, m.From)
			require.True(t, m.Date.Equal(sentAt), "Date comes from the clock, got %s", m.Date)
			require.Contains(t, m.Text, tc.textWant)
			require.Contains(t, m.Text, "WB-260302-0042")
			require.Equal(t, strings.TrimSpace(out.Text), strings.TrimSpace(strings.ReplaceAll(m.Text, "\r\n", "\n")))
			require.Contains(t, m.HTML, "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; 李伟")
			require.NotContains(t, m.HTML, "<script>")
			require.Contains(t, m.HTML, "WB-260302-0042")

			h := mp.Headers(t, m.ID)
			require.Equal(t, []string{"WB-260302-0042"}, h["X-Waybill-Order"])
			require.Equal(t, []string{"<" + s.MessageID(key) + ">"}, h["Message-Id"])
			require.Equal(t, []string{"auto-generated"}, h["Auto-Submitted"])
			require.Len(t, h["Content-Type"], 1)
			require.True(t, strings.HasPrefix(h["Content-Type"][0], "multipart/alternative"), h["Content-Type"][0])
		})
	}

	t.Run("a retry carries the same Message-ID", func(t *testing.T) {
		out, err := r.Render(sample("en"))
		require.NoError(t, err)
		for range 2 {
			require.NoError(t, s.Send(t.Context(), "retry@example.com", out, "job-77"))
		}
		got := mp.WaitFor(t, s.MessageID("job-77"), 2)
		require.Equal(t, got[0].MessageID, got[1].MessageID)
		require.NotEqual(t, s.MessageID("job-77"), s.MessageID("job-78"))
		require.True(t, strings.HasSuffix(s.MessageID("job-77"), "@shop.example"))
	})
}

// TestSMTPRefusals: what the relay answers decides whether the job retries.
func TestSMTPRefusals(t *testing.T) {
	t.Parallel()
	out, err := newTestRenderer(t).Render(sample("en"))
	require.NoError(t, err)

	t.Run("unknown recipient 550 is permanent", func(t *testing.T) {
		t.Parallel()
		mp := startMailpit(t, "--smtp-allowed-recipients", `@example\.com$`)
		err := newSender(t, mp, TLSNone).Send(t.Context(), "nobody@elsewhere.test", out, "k1")
		require.True(t, errs.Is(err, errs.Invalid), "got %v", err)
		require.Contains(t, err.Error(), "550")
		require.Equal(t, 0, mp.Count(t))
	})
	t.Run("greylisting 451 is retried", func(t *testing.T) {
		t.Parallel()
		mp := startMailpit(t, "--chaos-triggers", "recipient:451:100")
		err := newSender(t, mp, TLSNone).Send(t.Context(), "li.wei@example.com", out, "k2")
		require.True(t, errs.Is(err, errs.Unavailable), "got %v", err)
		require.Contains(t, err.Error(), "451")
		_, hinted := RetryAfter(err)
		require.False(t, hinted)
	})
	t.Run("connection refused is retried", func(t *testing.T) {
		t.Parallel()
		dead := &mailpit{Host: "127.0.0.1", SMTPPort: mailpittest.FreePort(t)} // nothing listens there now
		err := newSender(t, dead, TLSNone).Send(t.Context(), "li.wei@example.com", out, "k3")
		require.True(t, errs.Is(err, errs.Unavailable), "got %v", err)
		require.Contains(t, err.Error(), "refused the connection")
	})
	t.Run("bad input is permanent and sends nothing", func(t *testing.T) {
		t.Parallel()
		dead := &mailpit{Host: "127.0.0.1", SMTPPort: mailpittest.FreePort(t)}
		s := newSender(t, dead, TLSNone)
		for name, send := range map[string]func() error{
			"address":  func() error { return s.Send(t.Context(), "not an address", out, "k") },
			"list":     func() error { return s.Send(t.Context(), "a@example.com, b@example.com", out, "k") },
			"no key":   func() error { return s.Send(t.Context(), "a@example.com", out, "") },
			"no parts": func() error { return s.Send(t.Context(), "a@example.com", Rendered{Subject: "x"}, "k") },
		} {
			require.True(t, errs.Is(send(), errs.Invalid), name)
		}
	})
}

// TestSMTPTimeouts: a relay that never greets, and a caller that gives up.
func TestSMTPTimeouts(t *testing.T) {
	t.Parallel()
	silent := silentServer(t)
	out, err := newTestRenderer(t).Render(sample("en"))
	require.NoError(t, err)

	t.Run("timeout", func(t *testing.T) {
		t.Parallel()
		s := newSender(t, silent, TLSNone, func(c *SMTPConfig) { c.Timeout = 200 * time.Millisecond })
		start := time.Now()
		err := s.Send(t.Context(), "li.wei@example.com", out, "k")
		require.True(t, errs.Is(err, errs.Unavailable), "got %v", err)
		require.Contains(t, err.Error(), "in time")
		require.Less(t, time.Since(start), 3*time.Second)
	})
	t.Run("cancelled context", func(t *testing.T) {
		t.Parallel()
		s := newSender(t, silent, TLSNone, func(c *SMTPConfig) { c.Timeout = time.Minute })
		ctx, cancel := context.WithTimeout(t.Context(), 200*time.Millisecond)
		defer cancel()
		start := time.Now()
		err := s.Send(ctx, "li.wei@example.com", out, "k")
		require.True(t, errs.Is(err, errs.Unavailable), "got %v", err)
		require.Less(t, time.Since(start), 5*time.Second, "ctx must abort the conversation")
	})
}

// TestSMTPConfig: a bad configuration is refused at start, every field at once.
func TestSMTPConfig(t *testing.T) {
	t.Parallel()
	for name, tc := range map[string]struct {
		cfg    SMTPConfig
		fields []string
	}{
		"empty":             {SMTPConfig{}, []string{"host", "from"}},
		"unknown tls":       {SMTPConfig{Host: "h", From: "a@b.example", TLS: "ssl"}, []string{"tls"}},
		"clear credentials": {SMTPConfig{Host: "h", From: "a@b.example", TLS: TLSNone, Username: "u", Password: "p"}, []string{"tls"}},
		"half credentials":  {SMTPConfig{Host: "h", From: "a@b.example", Username: "u"}, []string{"username"}},
		"bad port":          {SMTPConfig{Host: "h", From: "a@b.example", Port: 70000}, []string{"port"}},
		"negative timeout":  {SMTPConfig{Host: "h", From: "a@b.example", Timeout: -1}, []string{"timeout"}},
		"from without @":    {SMTPConfig{Host: "h", From: "orders"}, []string{"from"}},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := NewSMTPSender(tc.cfg, clock.Real{})
			require.True(t, errs.Is(err, errs.Invalid), "got %v", err)
			var got []string
			for _, f := range errs.FieldsOf(err) {
				got = append(got, f.Path)
			}
			require.ElementsMatch(t, tc.fields, got)
		})
	}
	s, err := NewSMTPSender(SMTPConfig{Host: "smtp.example", From: "orders@shop.example"}, clock.Real{})
	require.NoError(t, err)
	require.Equal(t, TLSStartTLS, s.cfg.TLS)
	require.Equal(t, 587, s.cfg.Port)
	require.Equal(t, 30*time.Second, s.cfg.Timeout)
}
