package notify

import (
	"bytes"
	"context"
	"crypto/sha256"
	"crypto/tls"
	"encoding/hex"
	"fmt"
	"net"
	"strings"

	"github.com/wneessen/go-mail"

	"github.com/waybill/waybill/internal/errs"
)

// MessageID is the Message-ID (without angle brackets) every attempt for one
// idempotency key carries. Deriving it from the key, not at random, lets the
// job record it before sending and lets a person or a mail server recognise a
// retry that arrived twice as one message.
func (s *SMTPSender) MessageID(idempotencyKey string) string {
	sum := sha256.Sum256([]byte("waybill-notify\x00" + idempotencyKey))
	return "wb." + hex.EncodeToString(sum[:16]) + "@" + s.domain
}

// Send delivers msg to one address as multipart/alternative (text and HTML),
// dated by the clock and tagged with X-Waybill-Order. Errors are
// errs.Unavailable when a later attempt may succeed (no connection, a
// timeout, any 4xx, a relay that refuses our session or TLS settings, which an
// operator fixes without losing queued mail) and errs.Invalid when the relay
// refused this message or recipient for good (a 5xx to RCPT TO or to the
// message content), so the job stops retrying. Cancelling ctx aborts the
// conversation. Relays quote the recipient in their replies ("550 5.1.1
// <bob@example.com>: Recipient address rejected"), so the text of every error
// has contact data masked (errs.Redacted) before it leaves for logs and jobs.
func (s *SMTPSender) Send(ctx context.Context, to string, msg Rendered, idempotencyKey string) error {
	return errs.Redacted(s.send(ctx, to, msg, idempotencyKey))
}

func (s *SMTPSender) send(ctx context.Context, to string, msg Rendered, idempotencyKey string) error {
	m, err := s.message(to, msg, idempotencyKey)
	if err != nil {
		return err
	}
	var stop func() bool
	dial := func(dctx context.Context, network, addr string) (net.Conn, error) {
		conn, err := s.dial(dctx, network, addr)
		if err == nil {
			stop = context.AfterFunc(ctx, func() { _ = conn.Close() })
		}
		return conn, err
	}
	c, err := mail.NewClient(s.cfg.Host, s.options(dial)...)
	if err != nil {
		return fmt.Errorf("configure smtp client: %w", err)
	}
	err = c.DialAndSendWithContext(ctx, m)
	if stop != nil {
		stop()
	}
	if m.IsDelivered() {
		return nil // a failed RSET or QUIT after the relay took the message is no failure
	}
	if ctx.Err() != nil {
		return unavailable(err, "sending was interrupted: %v", context.Cause(ctx))
	}
	return classify(err)
}

// message builds the MIME message, rejecting for good what can never be sent.
func (s *SMTPSender) message(to string, r Rendered, key string) (*mail.Msg, error) {
	var f errs.Fields
	if key == "" {
		f.Add("idempotency_key", errs.CodeRequired, "an idempotency key is required so retries are recognisable")
	}
	if r.Subject == "" || r.Text == "" || r.HTML == "" {
		f.Add("message", errs.CodeRequired, "subject, text and HTML are all required; use Renderer.Render")
	}
	if strings.ContainsAny(r.OrderNumber, "\r\n") {
		f.Add("message.order_number", errs.CodeFormat, "must be a single line")
	}
	m := mail.NewMsg(mail.WithNoDefaultUserAgent())
	if err := m.To(to); err != nil {
		f.Add("to", errs.CodeFormat, "not an e-mail address") // not quoted: it is the customer's
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	m.FromMailAddress(s.from)
	m.Subject(r.Subject)
	m.SetMessageIDWithValue(s.MessageID(key))
	m.SetDateWithValue(s.clock.Now())
	m.SetGenHeader("X-Waybill-Order", r.OrderNumber)
	m.SetGenHeader("Auto-Submitted", "auto-generated") // RFC 3834: no vacation replies
	if r.Locale == "zh" {
		m.SetGenHeader(mail.HeaderContentLang, "zh-Hans")
	} else {
		m.SetGenHeader(mail.HeaderContentLang, "en")
	}
	m.SetBodyString(mail.TypeTextPlain, r.Text)
	m.AddAlternativeString(mail.TypeTextHTML, r.HTML)
	for _, a := range r.Attachments {
		if err := m.AttachReader(a.Name, bytes.NewReader(a.Data), mail.WithFileContentType(mail.ContentType(a.ContentType))); err != nil {
			return nil, errs.Wrap(errs.Invalid, err, "attach "+a.Name)
		}
	}
	return m, nil
}

// options configures go-mail for one message. The dialer is ours so that the
// connection can be tied to the caller's context.
func (s *SMTPSender) options(dial mail.DialContextFunc) []mail.Option {
	opts := []mail.Option{
		mail.WithPort(s.cfg.Port),
		mail.WithTimeout(s.cfg.Timeout),
		mail.WithTLSConfig(s.cfg.tlsConfig()),
		mail.WithDialContextFunc(dial),
	}
	switch s.cfg.TLS {
	case TLSNone:
		opts = append(opts, mail.WithTLSPolicy(mail.NoTLS))
	case TLSStartTLS:
		opts = append(opts, mail.WithTLSPolicy(mail.TLSMandatory))
	case TLSImplicit:
		// The dialer already speaks TLS; go-mail sees a *tls.Conn and treats
		// the session as encrypted (it only upgrades if STARTTLS is offered).
		opts = append(opts, mail.WithTLSPolicy(mail.TLSOpportunistic))
	}
	if s.cfg.Username != "" {
		opts = append(opts, mail.WithSMTPAuth(mail.SMTPAuthAutoDiscover),
			mail.WithUsername(s.cfg.Username), mail.WithPassword(s.cfg.Password))
	}
	return opts
}

// dial connects to the relay, speaking TLS from the first byte in tls mode.
func (s *SMTPSender) dial(ctx context.Context, network, addr string) (net.Conn, error) {
	d := &net.Dialer{Timeout: s.cfg.Timeout}
	if s.cfg.TLS == TLSImplicit {
		return (&tls.Dialer{NetDialer: d, Config: s.cfg.tlsConfig()}).DialContext(ctx, network, addr)
	}
	return d.DialContext(ctx, network, addr)
}
