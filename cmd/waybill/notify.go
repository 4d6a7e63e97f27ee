package main

import (
	"fmt"
	"net/url"
	"strconv"

	"github.com/waybill/waybill/internal/clock"
	"github.com/waybill/waybill/internal/notify"
	"github.com/waybill/waybill/internal/order"
)

// notifier builds the sender of customer messages from --smtp and --sms-url,
// nil when neither is set (messages are then logged, not sent); a channel
// left unset has its jobs logged and finished.
func (cfg *Config) notifier() (order.Notifier, error) {
	if cfg.SMTP == "" && cfg.SMSURL == "" {
		return nil, nil
	}
	renderer, err := notify.NewRenderer()
	if err != nil {
		return nil, err
	}
	m := notify.Messenger{Renderer: renderer}
	if cfg.SMTP != "" {
		smtp, err := parseSMTP(cfg.SMTP)
		if err != nil {
			return nil, fmt.Errorf("--smtp: %w", err)
		}
		if m.Email, err = notify.NewSMTPSender(smtp, clock.Real{}); err != nil {
			return nil, fmt.Errorf("--smtp: %w", err)
		}
	}
	if cfg.SMSURL != "" {
		if m.SMS, err = notify.NewHTTPSMSProvider(notify.HTTPSMSConfig{URL: cfg.SMSURL, Token: cfg.SMSToken}, clock.Real{}); err != nil {
			return nil, fmt.Errorf("--sms-url: %w", err)
		}
	}
	return m, nil
}

// parseSMTP reads smtp://user:password@host:port?from=…&tls=….
func parseSMTP(raw string) (notify.SMTPConfig, error) {
	u, err := url.Parse(raw)
	if err != nil || u.Scheme != "smtp" || u.Hostname() == "" {
		return notify.SMTPConfig{}, fmt.Errorf("want smtp://[user:password@]host[:port]?from=address[&tls=none|starttls|tls]")
	}
	c := notify.SMTPConfig{Host: u.Hostname(), From: u.Query().Get("from"), TLS: notify.TLSMode(u.Query().Get("tls"))}
	if p := u.Port(); p != "" {
		if c.Port, err = strconv.Atoi(p); err != nil {
			return c, fmt.Errorf("port %q is not a number", p)
		}
	}
	if u.User != nil {
		c.Username = u.User.Username()
		c.Password, _ = u.User.Password()
	}
	return c, nil
}
