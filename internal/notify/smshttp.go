package notify

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/waybill/waybill/internal/clock"
	"github.com/waybill/waybill/internal/errs"
)

// HTTPSMSConfig points the generic HTTP SMS provider at a gateway that takes
// POST {"to","text","reference"} with a bearer token and answers {"id"}; most
// SMS vendors, or a small adapter in front of one, can speak this.
type HTTPSMSConfig struct {
	URL     string        // absolute http(s) URL of the send endpoint
	Token   string        // sent as "Authorization: Bearer <Token>"
	Timeout time.Duration // per request; default 10s
}

// HTTPSMSProvider sends SMS through the gateway named by an HTTPSMSConfig.
type HTTPSMSProvider struct {
	cfg    HTTPSMSConfig
	client *http.Client
	clock  clock.Clock
}

// NewHTTPSMSProvider checks cfg once, at start, so a typo in the URL stops
// the binary rather than every SMS. The clock measures Retry-After dates.
func NewHTTPSMSProvider(cfg HTTPSMSConfig, clk clock.Clock) (*HTTPSMSProvider, error) {
	var f errs.Fields
	if u, err := url.Parse(cfg.URL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		f.Add("url", errs.CodeFormat, "must be an absolute http or https URL")
	}
	if cfg.Token == "" {
		f.Add("token", errs.CodeRequired, "a bearer token is required")
	}
	if cfg.Timeout < 0 {
		f.Add("timeout", errs.CodeOutOfRange, "must not be negative")
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	cfg.Timeout = cmp.Or(cfg.Timeout, 10*time.Second)
	return &HTTPSMSProvider{cfg: cfg, client: &http.Client{}, clock: clk}, nil
}

type smsRequest struct {
	To        string `json:"to"`
	Text      string `json:"text"`
	Reference string `json:"reference"`
}

// SendSMS posts one message and returns the gateway's id for it. The
// idempotency key is the reference (and the Idempotency-Key header), so the
// gateway can drop a retry of a message it already accepted. 429, 408 and 5xx
// are errs.Unavailable with any Retry-After attached; 401 and 403 are too,
// since a revoked token is ours to fix and must not discard queued messages;
// every other 4xx is errs.Invalid. Gateways echo the number in their error
// bodies, so the text of every error has contact data masked (errs.Redacted)
// before it leaves for logs and jobs.
func (p *HTTPSMSProvider) SendSMS(ctx context.Context, to, text, idempotencyKey string) (string, error) {
	id, err := p.send(ctx, to, text, idempotencyKey)
	return id, errs.Redacted(err)
}

func (p *HTTPSMSProvider) send(ctx context.Context, to, text, idempotencyKey string) (string, error) {
	if err := checkSMS(to, text, idempotencyKey); err != nil {
		return "", err
	}
	body, err := json.Marshal(smsRequest{To: to, Text: text, Reference: idempotencyKey})
	if err != nil {
		return "", fmt.Errorf("encode sms request: %w", err)
	}
	rctx, cancel := context.WithTimeout(ctx, p.cfg.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(rctx, http.MethodPost, p.cfg.URL, bytes.NewReader(body))
	if err != nil {
		return "", fmt.Errorf("build sms request: %w", err)
	}
	req.Header.Set("Authorization", "Bearer "+p.cfg.Token)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	req.Header.Set("Idempotency-Key", idempotencyKey)

	resp, err := p.client.Do(req)
	if err != nil {
		if ctx.Err() == nil && errors.Is(err, context.DeadlineExceeded) {
			return "", unavailable(err, "the SMS gateway did not answer within %s", p.cfg.Timeout)
		}
		return "", unavailable(err, "cannot reach the SMS gateway")
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	if err != nil {
		return "", unavailable(err, "reading the SMS gateway's answer")
	}
	return p.interpret(resp, raw)
}

// interpret maps the gateway's answer to an id or to a kind of error.
func (p *HTTPSMSProvider) interpret(resp *http.Response, raw []byte) (string, error) {
	code := resp.StatusCode
	detail := errors.New(snippet(raw))
	switch {
	case code >= 200 && code < 300:
		var out struct {
			ID string `json:"id"`
		}
		if err := json.Unmarshal(raw, &out); err != nil || out.ID == "" {
			// Accepted but unreadable: retrying is safe, the reference dedups.
			return "", unavailable(detail, "the SMS gateway answered %d without a message id", code)
		}
		return out.ID, nil
	case code == http.StatusTooManyRequests || code == http.StatusRequestTimeout || code >= 500:
		return "", withRetryAfter(unavailable(detail, "the SMS gateway answered %d", code), resp.Header, p.clock.Now())
	case code == http.StatusUnauthorized || code == http.StatusForbidden:
		return "", unavailable(detail, "the SMS gateway refused our credentials (%d)", code)
	case code >= 400:
		return "", permanent(detail, "the SMS gateway rejected the message (%d)", code)
	}
	return "", unavailable(detail, "the SMS gateway answered an unexpected %d", code)
}

// snippet keeps a gateway's error body short enough for one log line.
func snippet(raw []byte) string {
	s := strings.Join(strings.Fields(string(raw)), " ")
	if r := []rune(s); len(r) > 200 {
		s = string(r[:200]) + "…"
	}
	if s == "" {
		return "empty body"
	}
	return s
}
