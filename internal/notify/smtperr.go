package notify

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"net"
	"net/textproto"
	"strings"
	"syscall"

	"github.com/wneessen/go-mail"
)

// classify turns what go-mail reports into the two outcomes a job acts on.
//
// Only a permanent refusal of this message is errs.Invalid: a 5xx to RCPT TO
// (no such mailbox, bad address) or to the finished content (too big,
// rejected content). A 5xx anywhere else (greeting, MAIL FROM, AUTH, "530
// must issue STARTTLS") and any x.7.x security or policy code say that our
// side is misconfigured: every message would fail the same way, so dropping
// them would lose every confirmation until someone noticed. Those, like 4xx
// replies, network failures and TLS errors, are errs.Unavailable; the job's
// own retry limit still ends a hopeless message.
func classify(err error) error {
	if err == nil {
		return nil
	}
	var se *mail.SendError
	if errors.As(err, &se) {
		code := se.ErrorCode()
		switch {
		case se.IsTemp() || (code >= 400 && code < 500):
			return unavailable(err, "the mail server deferred the message (%d); retry later", code)
		case code >= 500 && refusesMessage(se.Reason, code, enhancedCode(se)):
			return permanent(err, "the mail server refused the message for good (%d)", code)
		case code >= 500:
			return unavailable(err, "the mail server refused our session (%d); check the SMTP settings", code)
		}
		return unavailable(err, "sending the message to the mail server failed")
	}
	switch code := replyCode(err); {
	case code >= 400 && code < 500:
		return unavailable(err, "the mail server is not accepting mail now (%d)", code)
	case code >= 500:
		return unavailable(err, "the mail server refused our session (%d); check the SMTP settings", code)
	}
	var ne net.Error
	switch {
	case errors.Is(err, syscall.ECONNREFUSED):
		return unavailable(err, "the mail server refused the connection")
	case tlsProblem(err):
		return unavailable(err, "TLS with the mail server failed; check the tls mode, port and certificates")
	case errors.As(err, &ne) && ne.Timeout():
		return unavailable(err, "the mail server did not answer in time")
	}
	return unavailable(err, "cannot talk to the mail server")
}

// refusesMessage is true for the permanent replies that concern this message
// or recipient rather than our session.
func refusesMessage(reason mail.SendErrReason, code int, enhanced string) bool {
	switch {
	case code == 530 || code == 535 || code == 538 || code == 521:
		return false // authentication or TLS required, service gone
	case strings.HasPrefix(enhanced, "5.7."):
		return false // security or policy: relaying denied, sender not authorised
	}
	return reason == mail.ErrSMTPRcptTo || reason == mail.ErrSMTPDataClose
}

// enhancedCode finds the RFC 3463 status ("5.1.1"), from go-mail when the
// server announced ENHANCEDSTATUSCODES, else from the reply text.
func enhancedCode(se *mail.SendError) string {
	if c := se.EnhancedStatusCode(); c != "" {
		return c
	}
	for _, w := range strings.Fields(se.Error()) {
		w = strings.TrimRight(w, ",;:")
		class, rest, ok := strings.Cut(w, ".")
		subject, detail, ok2 := strings.Cut(rest, ".")
		if ok && ok2 && (class == "2" || class == "4" || class == "5") && digits(subject) && digits(detail) {
			return w
		}
	}
	return ""
}

func digits(s string) bool {
	return s != "" && len(s) <= 3 && strings.Trim(s, "0123456789") == ""
}

// replyCode is the SMTP reply code of an error that is not a SendError (a
// refused greeting, EHLO, STARTTLS or AUTH), or 0.
func replyCode(err error) int {
	var te *textproto.Error
	if errors.As(err, &te) {
		return te.Code
	}
	return 0
}

// tlsProblem recognises a failed handshake or certificate check, and
// go-mail's refusal to go on when STARTTLS is required but not offered.
func tlsProblem(err error) bool {
	var (
		rh   tls.RecordHeaderError
		ua   x509.UnknownAuthorityError
		he   x509.HostnameError
		ci   x509.CertificateInvalidError
		cv   *tls.CertificateVerificationError
		alrt tls.AlertError
	)
	return errors.As(err, &rh) || errors.As(err, &ua) || errors.As(err, &he) ||
		errors.As(err, &ci) || errors.As(err, &cv) || errors.As(err, &alrt) ||
		strings.Contains(err.Error(), "STARTTLS") || strings.Contains(err.Error(), "tls: ")
}
