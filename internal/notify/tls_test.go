package notify

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/waybill/waybill/internal/errs"
)

// TestSMTPTLS runs each TLS mode against mailpit configured to match it and
// not to: a mismatch is Unavailable (the operator fixes the setting and the
// queued mail goes), never Invalid, even when the relay answers 5xx.
func TestSMTPTLS(t *testing.T) {
	t.Parallel()
	cert, key, pool := selfSignedCert(t)
	out, err := newTestRenderer(t).Render(sample("zh"))
	require.NoError(t, err)
	withCA := func(c *SMTPConfig) { c.RootCAs = pool }

	t.Run("plain relay", func(t *testing.T) {
		t.Parallel()
		mp := startMailpit(t)
		for mode, want := range map[TLSMode]string{
			TLSImplicit: "TLS with the mail server failed",
			TLSStartTLS: "TLS with the mail server failed", // STARTTLS required but not offered
		} {
			err := newSender(t, mp, mode, withCA).Send(t.Context(), "li.wei@example.com", out, "k-"+string(mode))
			require.True(t, errs.Is(err, errs.Unavailable), "%s: got %v", mode, err)
			require.Contains(t, err.Error(), want, mode)
		}
		require.Equal(t, 0, mp.Count(t))
	})

	t.Run("starttls relay", func(t *testing.T) {
		t.Parallel()
		mp := startMailpit(t, "--smtp-tls-cert", cert, "--smtp-tls-key", key, "--smtp-require-starttls")

		err := newSender(t, mp, TLSNone).Send(t.Context(), "li.wei@example.com", out, "plain")
		require.True(t, errs.Is(err, errs.Unavailable), "530 must issue STARTTLS is ours to fix: got %v", err)
		require.Contains(t, err.Error(), "530")

		err = newSender(t, mp, TLSStartTLS).Send(t.Context(), "li.wei@example.com", out, "untrusted")
		require.True(t, errs.Is(err, errs.Unavailable), "got %v", err)
		require.Contains(t, err.Error(), "TLS with the mail server failed")

		s := newSender(t, mp, TLSStartTLS, withCA)
		require.NoError(t, s.Send(t.Context(), "li.wei@example.com", out, "trusted"))
		m := mp.WaitFor(t, s.MessageID("trusted"), 1)[0]
		require.Contains(t, m.Text, "您的订单已确认")
		require.Equal(t, 1, mp.Count(t))
	})

	t.Run("implicit tls relay", func(t *testing.T) {
		t.Parallel()
		mp := startMailpit(t, "--smtp-tls-cert", cert, "--smtp-tls-key", key, "--smtp-require-tls")
		s := newSender(t, mp, TLSImplicit, withCA)
		require.NoError(t, s.Send(t.Context(), "li.wei@example.com", out, "smtps"))
		m := mp.WaitFor(t, s.MessageID("smtps"), 1)[0]
		require.Equal(t, "您的订单 WB-260302-0042 已确认", m.Subject)

		err := newSender(t, mp, TLSStartTLS, withCA, func(c *SMTPConfig) { c.Timeout = time.Second }).
			Send(t.Context(), "li.wei@example.com", out, "wrong-mode")
		require.True(t, errs.Is(err, errs.Unavailable), "got %v", err)
	})
}

// selfSignedCert writes a certificate for 127.0.0.1 and its key as PEM files
// for mailpit, and returns a pool that trusts it for the client.
func selfSignedCert(t *testing.T) (certFile, keyFile string, pool *x509.CertPool) {
	t.Helper()
	priv, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1),
		Subject:      pkix.Name{CommonName: "waybill test relay"},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(24 * time.Hour),
		IPAddresses:  []net.IP{net.ParseIP("127.0.0.1")},
		DNSNames:     []string{"localhost"},
		KeyUsage:     x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		IsCA:         true, BasicConstraintsValid: true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &priv.PublicKey, priv)
	require.NoError(t, err)
	keyDER, err := x509.MarshalPKCS8PrivateKey(priv)
	require.NoError(t, err)
	dir := t.TempDir()
	certFile, keyFile = filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	require.NoError(t, os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600))
	require.NoError(t, os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: keyDER}), 0o600))
	c, err := x509.ParseCertificate(der)
	require.NoError(t, err)
	pool = x509.NewCertPool()
	pool.AddCert(c)
	return certFile, keyFile, pool
}

// silentServer accepts SMTP connections and never says a word, like a relay
// behind a black-holing firewall.
func silentServer(t *testing.T) *mailpit {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	var (
		mu    sync.Mutex
		conns []net.Conn
	)
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
		}
	}()
	t.Cleanup(func() {
		l.Close()
		mu.Lock()
		defer mu.Unlock()
		for _, c := range conns {
			c.Close()
		}
	})
	return &mailpit{Host: "127.0.0.1", SMTPPort: l.Addr().(*net.TCPAddr).Port}
}
