package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"time"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/auth"
	"github.com/waybill/waybill/internal/db"
	"github.com/waybill/waybill/internal/httpapi"
	"github.com/waybill/waybill/internal/order"
)

// runHTTP serves the order API on loopback from this process and drives it
// with keep-alive clients: the whole path an integration's order takes,
// JSON decoding, validation, authentication and problem answers included.
func runHTTP(ctx context.Context, d *db.DB, engine order.Submitter, o Options) (Result, error) {
	keys := auth.NewKeys(d)
	_, key, err := keys.Create(actor.With(ctx, actor.CLI("bench")), "bench", actor.Integration)
	if err != nil {
		return Result{}, err
	}
	srv := httpapi.New(httpapi.Options{Auth: keys, Logger: o.Log})
	order.Register(srv.API(), engine, order.NewStore(d))
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return Result{}, err
	}
	serveCtx, stop := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- srv.Serve(serveCtx, ln, 5*time.Second) }()
	defer func() {
		stop()
		<-done
	}()
	return Drive(ctx, "http://"+ln.Addr().String(), key, o.Workers, o.Rate, o.Duration, o.Workload)
}

// answerAtOnce is the engine replaced by a no-op for the HTTP ceiling:
// every order is accepted at once with a stored answer of a real order, so
// the run measures the HTTP edge alone (connections, authentication,
// decoding, validation, the answer written) on the same machine and load.
type answerAtOnce struct{ body []byte }

func (a answerAtOnce) Submit(context.Context, order.PlaceRequest, *order.Idempotency) order.Reply {
	return order.Reply{Status: http.StatusCreated, Body: a.body}
}

// runHTTPCeiling is runHTTP with the engine replaced by answerAtOnce, its
// answer one order engine places first.
func runHTTPCeiling(ctx context.Context, d *db.DB, engine *order.Engine, o Options) (Result, error) {
	r := engine.Place(actor.With(ctx, actor.CLI("bench")), generators(o.Workload, 1, 3)[0].next("ceiling"), nil)
	if r.Err != nil || r.Status != http.StatusCreated {
		return Result{}, fmt.Errorf("the HTTP ceiling's sample order: %d %v", r.Status, r.Err)
	}
	return runHTTP(ctx, d, answerAtOnce{body: r.Body}, o)
}

// Drive places orders on the API at base with key from workers concurrent
// keep-alive clients for d, as fast as they are answered or, with rate > 0,
// rate orders per second (see drive). The server's catalogue must hold the workload's
// SKUs (BENCH-000000…), as a database seeded by Seed does.
func Drive(ctx context.Context, base, key string, workers int, rate float64, d time.Duration, w Workload) (Result, error) {
	client := &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{
		MaxIdleConns: workers, MaxIdleConnsPerHost: workers, IdleConnTimeout: time.Minute}}
	gens := generators(w, workers, uint64(time.Now().UnixNano()))
	res := drive(workers, rate, d, func(i int) (bool, error) {
		body, err := json.Marshal(gens[i].next(fmt.Sprintf("http%d", time.Now().UnixNano())))
		if err != nil {
			return false, err
		}
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, base+"/v1/orders", bytes.NewReader(body))
		if err != nil {
			return false, err
		}
		req.Header.Set("Authorization", "Bearer "+key)
		req.Header.Set("Content-Type", "application/json")
		resp, err := client.Do(req)
		if err != nil {
			return false, err
		}
		raw, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusCreated {
			return false, fmt.Errorf("HTTP %d: %.200s", resp.StatusCode, raw)
		}
		return true, nil
	})
	return res, nil
}
