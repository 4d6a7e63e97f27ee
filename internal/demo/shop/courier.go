package shop

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"strings"
	"time"

	"github.com/waybill/waybill/internal/actor"
	"github.com/waybill/waybill/internal/auth"
	"github.com/waybill/waybill/internal/db"
)

// Couriers play the demo's table carriers, which have no tracking of their
// own: every tick they read the parcels on their way (GET /v1/tracking) and
// post each one's next scan in Waybill's normalised form
// (POST /v1/tracking-events), as a carrier integration would. A parcel is
// picked up, goes through two depots, is out for delivery and delivered;
// one in ten deliveries fails first (no one home) and goes out again the
// next round.
type Couriers struct {
	About  string
	c      *client
	key    string
	every  time.Duration
	rnd    *rand.Rand
	cancel context.CancelFunc
	done   chan struct{}
}

// PrepareCouriers makes the couriers' integration key in d.
func PrepareCouriers(ctx context.Context, d *db.DB, base string, every time.Duration, seed uint64, log *slog.Logger) (*Couriers, error) {
	if every <= 0 {
		return nil, fmt.Errorf("the couriers need a positive --courier-every")
	}
	_, key, err := auth.NewKeys(d).Create(actor.With(ctx, actor.CLI("demo")), "demo couriers", actor.Integration)
	if err != nil {
		return nil, err
	}
	return &Couriers{c: &client{base: base, http: &http.Client{Timeout: 10 * time.Second}, log: log}, key: key, every: every,
		rnd: rand.New(rand.NewPCG(seed, 0xc0)), done: make(chan struct{}),
		About: fmt.Sprintf("Couriers move every parcel handed to a demo carrier one scan on every %s, to its delivery.\n", every)}, nil
}

// Start runs the couriers until Stop.
func (k *Couriers) Start(ctx context.Context) {
	ctx, k.cancel = context.WithCancel(ctx)
	go func() {
		defer close(k.done)
		t := time.NewTicker(k.every)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				_ = k.round(ctx) // failures are logged once by the client
			}
		}
	}()
}

// Stop ends the couriers and waits for their round to finish.
func (k *Couriers) Stop() {
	if k.cancel == nil {
		return
	}
	k.cancel()
	<-k.done
}

// parcel is what the couriers read of a tracked parcel.
type parcel struct {
	Carrier        string `json:"carrier"`
	TrackingNumber string `json:"tracking_number"`
	Status         string `json:"status"`
	Location       string `json:"location"`
}

// next is a parcel's next scan, and where.
func (k *Couriers) next(p parcel) (status, reason, location string) {
	switch p.Status {
	case "label_created", "picked_up":
		return "in_transit", "", "origin depot"
	case "in_transit":
		if p.Location == "origin depot" {
			return "in_transit", "", "destination depot"
		}
		return "out_for_delivery", "", "delivery van"
	case "out_for_delivery":
		if k.rnd.IntN(10) == 0 {
			return "delivery_attempted", "no_one_home", "at the door"
		}
		return "delivered", "", "at the door"
	case "delivery_attempted":
		return "out_for_delivery", "", "delivery van"
	}
	return "", "", ""
}

// round moves every open parcel of the demo's carriers one scan on.
func (k *Couriers) round(ctx context.Context) error {
	var open []parcel
	if err := k.get(ctx, "/v1/tracking?status=open&limit=1000", &open); err != nil {
		return err
	}
	byCarrier := map[string][]map[string]any{}
	now := time.Now().UTC()
	for _, p := range open {
		status, reason, where := k.next(p)
		if status == "" {
			continue
		}
		byCarrier[p.Carrier] = append(byCarrier[p.Carrier], map[string]any{
			"event_id": fmt.Sprintf("%s-%s-%d", p.TrackingNumber, status, now.UnixNano()), "tracking_number": p.TrackingNumber,
			"status": status, "reason": reason, "location": where, "occurred_at": now.Format(time.RFC3339Nano)})
	}
	for carrier, events := range byCarrier {
		body, err := json.Marshal(map[string]any{"carrier": carrier, "events": events})
		if err != nil {
			return err
		}
		if err := k.c.post(ctx, "courier scans", "/v1/tracking-events", http.Header{"Authorization": {"Bearer " + k.key}}, body, nil); err != nil {
			return err
		}
	}
	return nil
}

// get reads path into out with the couriers' key.
func (k *Couriers) get(ctx context.Context, path string, out any) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, strings.TrimRight(k.c.base, "/")+path, nil)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+k.key)
	resp, err := k.c.http.Do(req)
	if err != nil {
		return k.c.failed(ctx, "courier list", err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, 8<<20))
	if err == nil && resp.StatusCode != http.StatusOK {
		err = fmt.Errorf("HTTP %d: %.300s", resp.StatusCode, raw)
	}
	if err == nil {
		err = json.Unmarshal(raw, out)
	}
	if err != nil {
		return k.c.failed(ctx, "courier list", err)
	}
	return nil
}
