package notify

import (
	"cmp"
	"crypto/tls"
	"crypto/x509"
	"strings"
	"time"

	netmail "net/mail"

	"github.com/waybill/waybill/internal/clock"
	"github.com/waybill/waybill/internal/errs"
)

// TLSMode says how the SMTP connection is protected. It is configuration
// because relays differ: port 587 speaks STARTTLS, port 465 TLS from the
// first byte, and a relay on localhost often neither.
type TLSMode string

// The TLS modes an SMTPConfig accepts.
const (
	TLSNone     TLSMode = "none"     // plain text; only for a relay on a trusted network
	TLSStartTLS TLSMode = "starttls" // plain connect, then STARTTLS, which is required
	TLSImplicit TLSMode = "tls"      // TLS from the first byte (SMTPS)
)

// SMTPConfig names the one relay every confirmation email goes through;
// NewSMTPSender checks it once so that mistakes surface at start.
type SMTPConfig struct {
	Host     string
	Port     int    // default 587 for starttls, 465 for tls, 25 for none
	Username string // with Password, authenticates with the strongest mechanism offered
	Password string
	From     string         // "Shop <orders@shop.example>"; its domain ends every Message-ID
	TLS      TLSMode        // default starttls
	Timeout  time.Duration  // for connecting and for each step of the conversation; default 30s
	RootCAs  *x509.CertPool // CAs to trust for a private relay; nil means the system's
}

// withDefaults fills the blanks and checks the rest, reporting every problem
// at once so an operator fixes the configuration in one go.
func (c SMTPConfig) withDefaults() (SMTPConfig, *netmail.Address, error) {
	var f errs.Fields
	if c.Port < 0 || c.Port > 65535 {
		f.Add("port", errs.CodeOutOfRange, "must be between 1 and 65535, or 0 for the mode's default")
	}
	c.TLS = cmp.Or(c.TLS, TLSStartTLS)
	switch c.TLS {
	case TLSNone:
		c.Port = cmp.Or(c.Port, 25)
		if c.Username != "" || c.Password != "" {
			f.Add("tls", errs.CodeOutOfRange, "refusing to send SMTP credentials without TLS; use starttls or tls")
		}
	case TLSStartTLS:
		c.Port = cmp.Or(c.Port, 587)
	case TLSImplicit:
		c.Port = cmp.Or(c.Port, 465)
	default:
		f.Add("tls", errs.CodeUnknown, "must be none, starttls or tls")
	}
	if c.Host == "" {
		f.Add("host", errs.CodeRequired, "an SMTP host is required")
	}
	if (c.Username == "") != (c.Password == "") {
		f.Add("username", errs.CodeRequired, "username and password go together")
	}
	if c.Timeout < 0 {
		f.Add("timeout", errs.CodeOutOfRange, "must not be negative")
	}
	c.Timeout = cmp.Or(c.Timeout, 30*time.Second)
	from, err := netmail.ParseAddress(c.From)
	if err != nil || domainOf(from.Address) == "" {
		f.Add("from", errs.CodeFormat, "must be an address such as \"Shop <orders@shop.example>\"")
	}
	return c, from, f.Err()
}

// tlsConfig is shared by STARTTLS and implicit TLS: it verifies the relay's
// certificate against Host, as a browser would.
func (c SMTPConfig) tlsConfig() *tls.Config {
	return &tls.Config{ServerName: c.Host, MinVersion: tls.VersionTLS12, RootCAs: c.RootCAs}
}

func domainOf(addr string) string {
	i := strings.LastIndexByte(addr, '@')
	if i < 0 {
		return ""
	}
	return addr[i+1:]
}

// SMTPSender sends rendered confirmations through one relay. It holds no
// connection between messages, so it is safe for concurrent use and a relay
// restart costs nothing but the attempt in flight.
type SMTPSender struct {
	cfg    SMTPConfig
	from   *netmail.Address
	domain string
	clock  clock.Clock
}

// NewSMTPSender checks cfg once, at start, so a bad configuration stops the
// binary rather than every message. The clock dates every message.
func NewSMTPSender(cfg SMTPConfig, clk clock.Clock) (*SMTPSender, error) {
	cfg, from, err := cfg.withDefaults()
	if err != nil {
		return nil, err
	}
	return &SMTPSender{cfg: cfg, from: from, domain: domainOf(from.Address), clock: clk}, nil
}
