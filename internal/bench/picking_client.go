package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"time"
)

// floorClient is one handheld (or the supervisor's screen) on the floor's
// HTTP API: a keep-alive client and an API key.
type floorClient struct {
	base, key string
	http      *http.Client
}

func newFloorClient(base, key string) *floorClient {
	return &floorClient{base: base, key: key, http: &http.Client{Timeout: 60 * time.Second,
		Transport: &http.Transport{MaxIdleConnsPerHost: 2, IdleConnTimeout: time.Minute}}}
}

// post sends body as JSON and decodes a 2xx answer into out; it returns
// the status and, for any other, the body.
func (c *floorClient) post(ctx context.Context, path string, body, out any) (int, []byte, error) {
	raw, err := json.Marshal(body)
	if err != nil {
		return 0, nil, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.base+path, bytes.NewReader(raw))
	if err != nil {
		return 0, nil, err
	}
	req.Header.Set("Authorization", "Bearer "+c.key)
	req.Header.Set("Content-Type", "application/json")
	res, err := c.http.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer res.Body.Close()
	answer, err := io.ReadAll(res.Body)
	if err != nil {
		return res.StatusCode, nil, err
	}
	if res.StatusCode/100 == 2 && out != nil {
		if err := json.Unmarshal(answer, out); err != nil {
			return res.StatusCode, answer, fmt.Errorf("POST %s: decode: %w", path, err)
		}
	}
	return res.StatusCode, answer, nil
}

// unexpected is an answer the shift did not expect.
func unexpected(what string, status int, body []byte) error {
	return fmt.Errorf("%s: HTTP %d: %.300s", what, status, body)
}
