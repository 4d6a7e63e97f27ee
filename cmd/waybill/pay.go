package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/waybill/waybill/internal/payment/gateway"
)

// PayCmd posts a payment event signed the way a Standard Webhooks gateway
// signs it, so a newcomer can pay a prepaid order in the demo and an
// integrator can check a gateway's set-up without the gateway.
type PayCmd struct {
	URL      string `name:"url" default:"http://127.0.0.1:8080" help:"The Waybill server."`
	Gateway  string `name:"gateway" default:"demo" help:"The gateway's configured name (--gateways)."`
	Secret   string `name:"secret" env:"WAYBILL_GATEWAY_SECRET" required:"" help:"The gateway's Standard Webhooks secret (whsec_...)."`
	Order    string `name:"order" default:"-" help:"The order id (ord_...) or number to pay; - reads the order from standard input as POST /v1/orders answered it."`
	Amount   int64  `name:"amount" default:"-1" help:"Minor units paid (default: the order's total)."`
	Currency string `name:"currency" help:"ISO 4217 code (default: the order's currency)."`
	Key      string `name:"key" env:"WAYBILL_KEY" help:"An API key, to read the order's total when --order names it and --amount or --currency is left out."`
	Type     string `name:"type" default:"payment.succeeded" enum:"payment.authorized,payment.succeeded,payment.failed,payment.canceled,payment.refunded" help:"The event type: ${enum}."`
}

// payOrder is what pay needs of an order: its id and what it costs.
type payOrder struct {
	ID         string `json:"id"`
	TotalMinor int64  `json:"total_minor"`
	Currency   string `json:"currency"`
}

// Run finds the order's total, signs the event and posts it.
func (c *PayCmd) Run(ctx context.Context, m *Main) error {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	o, err := c.order(ctx, m.Stdin)
	if err != nil {
		return err
	}
	if c.Amount >= 0 {
		o.TotalMinor = c.Amount
	}
	if c.Currency != "" {
		o.Currency = c.Currency
	}
	body, h, err := gateway.SignedEvent(c.Secret, gateway.Payment{Type: c.Type, OrderID: o.ID, AmountMinor: o.TotalMinor,
		Currency: o.Currency}, time.Now())
	if err != nil {
		return err
	}
	id := gateway.EventID(h)
	status, answer, err := c.call(ctx, http.MethodPost, "/v1/payment-events/"+url.PathEscape(c.Gateway), h, body)
	if err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "%s %d %s %s for %s: HTTP %d\n%s\n", c.Type, o.TotalMinor, o.Currency, id, o.ID, status, bytes.TrimSpace(answer))
	if status/100 != 2 {
		return fmt.Errorf("the server refused the payment event (HTTP %d)", status)
	}
	return nil
}

// order reads the order from stdin (--order -) or asks the server for it
// when the amount or currency is not given.
func (c *PayCmd) order(ctx context.Context, stdin io.Reader) (payOrder, error) {
	var o payOrder
	if c.Order != "-" {
		o.ID = c.Order
		if c.Amount >= 0 && c.Currency != "" {
			return o, nil
		}
		if c.Key == "" {
			return o, fmt.Errorf("give --amount and --currency, or an API key (--key or WAYBILL_KEY) to read order %s's total", c.Order)
		}
		h := http.Header{"Authorization": {"Bearer " + c.Key}}
		status, raw, err := c.call(ctx, http.MethodGet, "/v1/orders/"+url.PathEscape(c.Order), h, nil)
		if err != nil {
			return o, err
		}
		if status != http.StatusOK {
			return o, fmt.Errorf("reading order %s: HTTP %d %s", c.Order, status, bytes.TrimSpace(raw))
		}
		return o, json.Unmarshal(raw, &o)
	}
	if stdin == nil {
		return o, fmt.Errorf("--order - reads the order from standard input, which is not available")
	}
	raw, err := io.ReadAll(io.LimitReader(stdin, 4<<20))
	if err != nil {
		return o, err
	}
	if err := json.Unmarshal(raw, &o); err != nil || o.ID == "" || o.Currency == "" {
		return o, fmt.Errorf("standard input holds no order (pipe in the answer of POST /v1/orders, or give --order ID): %.300s", bytes.TrimSpace(raw))
	}
	return o, nil
}

// call sends one request to the server and returns its answer.
func (c *PayCmd) call(ctx context.Context, method, path string, h http.Header, body []byte) (int, []byte, error) {
	req, err := http.NewRequestWithContext(ctx, method, strings.TrimRight(c.URL, "/")+path, bytes.NewReader(body))
	if err != nil {
		return 0, nil, err
	}
	req.Header = h
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	return resp.StatusCode, raw, err
}
