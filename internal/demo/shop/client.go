package shop

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"sync"
)

// client posts to the Waybill server over HTTP, as a storefront and a
// payment gateway on other machines would.
type client struct {
	base string
	http *http.Client
	log  *slog.Logger

	mu      sync.Mutex
	failing map[string]bool // what is failing now: logged once until it works again
}

// post sends body to path with headers h and decodes a 2xx answer into out.
// what names the request in the log.
func (c *client) post(ctx context.Context, what, path string, h http.Header, body []byte, out any) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, strings.TrimRight(c.base, "/")+path, bytes.NewReader(body))
	if err != nil {
		return c.failed(ctx, what, err)
	}
	for k, v := range h {
		req.Header[k] = v
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := c.http.Do(req)
	if err != nil {
		return c.failed(ctx, what, err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err == nil && resp.StatusCode/100 != 2 {
		err = fmt.Errorf("HTTP %d: %.300s", resp.StatusCode, bytes.TrimSpace(raw))
	}
	if err == nil && out != nil {
		err = json.Unmarshal(raw, out)
	}
	if err != nil {
		return c.failed(ctx, what, err)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.failing[what] {
		delete(c.failing, what)
		c.log.Info("demo stream: "+what+" works again", "what", what)
	}
	return nil
}

// failed logs err the first time what fails, not again until what has
// worked in between, and returns it. A request cut short because the demo
// stops is not a failure.
func (c *client) failed(ctx context.Context, what string, err error) error {
	if ctx.Err() != nil {
		return ctx.Err()
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.failing[what] {
		if c.failing == nil {
			c.failing = map[string]bool{}
		}
		c.failing[what] = true
		c.log.Error("demo stream: "+what+" failed; further failures are not logged until it works again", "err", err)
	}
	return err
}
