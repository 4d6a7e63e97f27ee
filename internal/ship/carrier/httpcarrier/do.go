package httpcarrier

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"strconv"
	"time"

	"github.com/waybill/waybill/internal/errs"
)

// call is one API call: the request to send and what to do with a 2xx body.
type call struct {
	method, path   string
	idempotencyKey string
	body           any
	decode         func([]byte) error // a failure means a broken answer, retried
}

// attemptError is why one attempt failed, and whether another may succeed.
type attemptError struct {
	err        error
	retry      bool
	retryAfter time.Duration
}

// do runs a call with retries: a timeout, a network error, a 5xx, a 408, a 429 or
// a broken 2xx answer is retried after a back-off (or the carrier's
// Retry-After), with the same idempotency key; any other answer is final.
// After the last attempt the carrier is errs.Unavailable.
func (c *Client) do(ctx context.Context, cl call) error {
	payload, err := json.Marshal(cl.body)
	if err != nil {
		return fmt.Errorf("encoding %s %s: %w", cl.method, cl.path, err)
	}
	var last *attemptError
	for attempt := 1; ; attempt++ {
		last = c.attempt(ctx, cl, payload)
		if last == nil {
			return nil
		}
		if !last.retry {
			return last.err
		}
		if attempt >= c.cfg.MaxAttempts || ctx.Err() != nil {
			break
		}
		wait := c.backoff(attempt)
		if last.retryAfter > 0 {
			if last.retryAfter > c.cfg.MaxRetryAfter {
				break
			}
			wait = max(wait, min(last.retryAfter, c.cfg.MaxBackoff))
		}
		c.cfg.Logger.WarnContext(ctx, "carrier call failed, retrying", "carrier", c.cfg.Code, "call", cl.method+" "+cl.path,
			"attempt", attempt, "wait", wait, "err", last.err)
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return errs.Wrap(errs.Unavailable, ctx.Err(), "carrier "+c.cfg.Code+" did not answer in time")
		case <-t.C:
		}
	}
	return errs.Wrap(errs.Unavailable, last.err, fmt.Sprintf("carrier %s is unavailable: %s %s failed", c.cfg.Code, cl.method, cl.path))
}

// backoff is the wait before retry n: Backoff doubled n-1 times, capped,
// with up to half of it taken off at random so clients do not retry in step.
func (c *Client) backoff(n int) time.Duration {
	d := c.cfg.Backoff << min(n-1, 20)
	d = min(d, c.cfg.MaxBackoff)
	return d - time.Duration(rand.Int64N(int64(d)/2+1))
}

func (c *Client) attempt(ctx context.Context, cl call, payload []byte) *attemptError {
	actx, cancel := context.WithTimeout(ctx, c.cfg.Timeout)
	defer cancel()
	u := c.base.JoinPath(cl.path)
	var body io.Reader
	if cl.method != http.MethodGet {
		body = bytes.NewReader(payload)
	}
	req, err := http.NewRequestWithContext(actx, cl.method, u.String(), body)
	if err != nil {
		return &attemptError{err: err}
	}
	req.Header.Set("X-Api-Key", string(c.cfg.APIKey))
	req.Header.Set("Accept", "application/json")
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if cl.idempotencyKey != "" {
		req.Header.Set("Idempotency-Key", cl.idempotencyKey)
	}
	resp, err := c.cfg.HTTPClient.Do(req)
	if err != nil {
		// The URL in a transport error carries no key: it is in a header.
		return &attemptError{err: fmt.Errorf("no answer: %w", err), retry: true}
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, MaxResponse+1))
	switch {
	case err != nil:
		return &attemptError{err: fmt.Errorf("answer cut off: %w", err), retry: true}
	case len(data) > MaxResponse:
		return &attemptError{err: fmt.Errorf("answer over %d bytes", MaxResponse), retry: true}
	}
	if resp.StatusCode >= 200 && resp.StatusCode < 300 {
		if err := cl.decode(data); err != nil {
			return &attemptError{err: fmt.Errorf("broken answer (%d): %w", resp.StatusCode, err), retry: true}
		}
		return nil
	}
	return c.failure(resp, data)
}

// failure classifies a non-2xx answer.
func (c *Client) failure(resp *http.Response, data []byte) *attemptError {
	status := resp.StatusCode
	switch {
	case status == http.StatusTooManyRequests || status == http.StatusRequestTimeout || status >= 500:
		return &attemptError{err: fmt.Errorf("status %d", status), retry: true, retryAfter: retryAfter(resp.Header.Get("Retry-After"))}
	case status == http.StatusUnauthorized || status == http.StatusForbidden:
		return &attemptError{err: errs.E(errs.Unavailable, "carrier %s refused Waybill's API key (status %d): check the carrier account settings", c.cfg.Code, status)}
	}
	fields, message := decodeErrors(data)
	kind := errs.Invalid
	switch status {
	case http.StatusNotFound:
		kind = errs.NotFound
	case http.StatusConflict:
		kind = errs.Conflict
	}
	if message == "" {
		message = fmt.Sprintf("carrier %s refused the request (status %d)", c.cfg.Code, status)
	} else {
		message = fmt.Sprintf("carrier %s: %s", c.cfg.Code, message)
	}
	return &attemptError{err: &errs.Error{Kind: kind, Message: message, Fields: fields}}
}

// retryAfter reads a Retry-After of whole seconds; dates and junk are 0.
func retryAfter(v string) time.Duration {
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 || n > 86400 {
		return 0
	}
	return time.Duration(n) * time.Second
}

// errUnexpected marks a 2xx body that parsed but made no sense.
var errUnexpected = errors.New("unexpected answer")
